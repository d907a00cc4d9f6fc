"""Fill in the `<<<` lines of meta transcripts from the reference memcached.

Usage: python3 capture_meta.py FILE...   (files under transcripts/meta/)

Each file is replayed against a fresh reference server started with the file's
`@flags`; after every `>>>` request the reply is read until the connection has
been quiet for a short while, and the file is rewritten with one `<<<` line per
request holding exactly the bytes received.  Files marked `@superset` are
skipped: their expected bytes are written by hand.  Review the diff afterwards.
"""

from __future__ import annotations

import socket
import sys
import time

import metatx

FIRST_BYTE_WAIT = 1.0
QUIET_WAIT = 0.06


def read_reply(conn: metatx.Conn) -> bytes:
    data = b""
    sock = conn.sock
    sock.settimeout(FIRST_BYTE_WAIT)
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                data += b"" if data else b""
                break
            data += chunk
            sock.settimeout(QUIET_WAIT)
    except socket.timeout:
        pass
    return data


def capture(path: str) -> None:
    tr = metatx.parse_transcript(path)
    if tr.superset:
        print(f"skip (superset): {path}")
        return
    replies: dict[int, bytes] = {}
    with metatx.Server(metatx.REFERENCE_BINARY, tr.flags) as server:
        conns: dict[str, metatx.Conn] = {}
        try:
            for step in tr.steps:
                if step.kind == "sleep":
                    time.sleep(step.seconds)
                elif step.kind == "send":
                    conn = conns.get(step.conn) or conns.setdefault(step.conn, server.connect())
                    conn.send(step.data)
                    replies[step.line] = read_reply(conn)
        finally:
            for c in conns.values():
                c.close()

    out = []
    with open(path, encoding="utf-8") as fh:
        for number, raw in enumerate(fh, 1):
            if raw.startswith("<<<"):
                continue
            out.append(raw if raw.endswith("\n") else raw + "\n")
            if number in replies:
                reply = replies[number]
                if not reply:
                    print(f"warning: {path}:{number}: no reply captured")
                out.append("<<< " + metatx.escape(reply) + "\n")
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(out)
    print(f"captured {len(replies)} replies: {path}")


if __name__ == "__main__":
    for p in sys.argv[1:]:
        capture(p)
