#!/usr/bin/env python3
"""'Physical limit' probe: pull every message body from an IMAP server as fast
as a minimal client can, and throw the bytes away.

Per connection: LOGIN, LIST, then for each folder (pipelined, all commands
written at once) EXAMINE + UID FETCH 1:* (BODY.PEEK[]).  Literals are skipped
with a reused buffer; nothing is parsed except the {size} of each literal.
With --conns C the folders are dealt round-robin (largest first) to C
processes, each with its own connection.

Prints one JSON line: messages, literal bytes, wall seconds, MB/s, msgs/s.
"""
import argparse
import json
import multiprocessing as mp
import re
import socket
import time

LIT = re.compile(rb"\{(\d+)\}\r\n$")


class Conn:
    def __init__(self, host, port):
        self.s = socket.create_connection((host, port))
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.f = self.s.makefile("rb", buffering=1 << 20)
        self.buf = bytearray(1 << 20)
        self.mv = memoryview(self.buf)
        self.tag = 0
        self.f.readline()                       # greeting

    def send(self, cmd):
        self.tag += 1
        t = b"a%d" % self.tag
        self.s.sendall(t + b" " + cmd + b"\r\n")
        return t

    def skip(self, n):
        while n > 0:
            k = self.f.readinto(self.mv[:min(n, len(self.buf))])
            if not k:
                raise EOFError
            n -= k

    def wait(self, tag, on_line=None):
        """Read responses until the tagged completion; returns (msgs, bytes)."""
        msgs = nbytes = 0
        while True:
            line = self.f.readline()
            if not line:
                raise EOFError("connection closed")
            m = LIT.search(line)
            if m:
                n = int(m.group(1))
                if line.startswith(b"* ") and b" FETCH " in line:
                    msgs += 1
                    nbytes += n
                    self.skip(n)
                else:                           # literal in e.g. LIST: keep it
                    lit = self.f.read(n)
                    if on_line:
                        on_line(line + lit)
                continue
            if line.startswith(tag + b" "):
                if not line[len(tag) + 1:].startswith(b"OK"):
                    raise RuntimeError(line.decode(errors="replace"))
                return msgs, nbytes
            if on_line:
                on_line(line)


def quote(name):
    return b'"' + name.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'


def login(host, port, user, pw):
    c = Conn(host, port)
    c.wait(c.send(b"LOGIN " + quote(user.encode()) + b" " + quote(pw.encode())))
    return c


def list_folders(c):
    names = []

    def on(line):
        if line.startswith(b"* LIST "):
            flags = line[line.index(b"(") + 1:line.index(b")")]
            if b"\\Noselect" in flags or b"\\NonExistent" in flags:
                return
            rest = line.rstrip(b"\r\n")
            if rest.endswith(b'"'):
                nm = rest[rest.rindex(b' "', 0, len(rest) - 1) + 2:-1]
            else:
                nm = rest.rsplit(b" ", 1)[1]
            names.append(nm)
    c.wait(c.send(b'LIST "" "*"'), on)
    return names


FULL = b"UID FETCH 1:* (BODY.PEEK[])"
# what a headers-only sync needs: the header section plus the metadata a client stores
HEADERS = b"UID FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])"


def fetch_folders(host, port, user, pw, folders, cmd=FULL):
    c = login(host, port, user, pw)
    tags = []
    for nm in folders:                          # pipeline everything
        c.send(b"EXAMINE " + quote(nm))
        tags.append((c.tag, c.send(cmd)))
    msgs = nbytes = 0
    for ex, ft in tags:
        c.wait(b"a%d" % ex)
        m, b = c.wait(ft)
        msgs += m
        nbytes += b
    c.wait(c.send(b"LOGOUT"))
    return msgs, nbytes


def _worker(args):
    return fetch_folders(*args)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=10143)
    ap.add_argument("--user", default="bench")
    ap.add_argument("--password", default="benchpass")
    ap.add_argument("--conns", type=int, default=1)
    ap.add_argument("--headers", action="store_true", help="fetch header sections and metadata only")
    a = ap.parse_args()
    t0 = time.monotonic()
    c = login(a.host, a.port, a.user, a.password)
    folders = list_folders(c)
    sizes = []
    for nm in folders:                          # STATUS to balance the split
        info = {}
        c.wait(c.send(b"STATUS " + quote(nm) + b" (MESSAGES)"),
               lambda l, nm=nm: info.setdefault(nm, int(re.search(rb"MESSAGES (\d+)", l).group(1)))
               if l.startswith(b"* STATUS") else None)
        sizes.append((info.get(nm, 0), nm))
    c.wait(c.send(b"LOGOUT"))
    cmd = HEADERS if a.headers else FULL
    if a.conns <= 1:
        msgs, nbytes = fetch_folders(a.host, a.port, a.user, a.password, folders, cmd)
    else:
        groups = [[] for _ in range(a.conns)]
        for i, (_, nm) in enumerate(sorted(sizes, reverse=True)):
            groups[i % a.conns].append(nm)
        with mp.Pool(a.conns) as pool:
            res = pool.map(_worker, [(a.host, a.port, a.user, a.password, g, cmd) for g in groups if g])
        msgs = sum(r[0] for r in res)
        nbytes = sum(r[1] for r in res)
    dt = time.monotonic() - t0
    print(json.dumps({"folders": len(folders), "messages": msgs, "bytes": nbytes,
                      "seconds": round(dt, 3), "MBps": round(nbytes / dt / 1e6, 1),
                      "msgps": round(msgs / dt, 1), "conns": a.conns, "headers": a.headers}))


if __name__ == "__main__":
    main()
