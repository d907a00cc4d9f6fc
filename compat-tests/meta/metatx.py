"""Shared helpers for the meta-protocol compatibility tests.

* Transcript parsing and escaping (the `>>>` / `<<<` / `@directive` format used under
  transcripts/meta/): requests and expected replies are single lines with C escapes
  (\\r \\n \\t \\\\ \\xNN); an optional `[B]` label picks the connection (default A).
* Starting a server process (memcached 1.6.18 or the server under test) on a free
  loopback port, bounded in time, and stopping it again by PID.
* A tiny blocking client that reads exactly one meta/classic reply.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field

HOST = "127.0.0.1"
REFERENCE_BINARY = os.environ.get("MEMCACHED_BIN") or shutil.which("memcached") or "/usr/bin/memcached"


def server_under_test_binary() -> str:
    """The binary the tests exercise; memcached stands in until the Swift server exists."""
    for name in ("SWIFTCACHED_BIN", "SERVER_BIN", "SUT_BIN"):
        value = os.environ.get(name)
        if value:
            return value
    return REFERENCE_BINARY


# ---------------------------------------------------------------- escaping

_ESCAPES = {"r": b"\r", "n": b"\n", "t": b"\t", "\\": b"\\", "0": b"\0"}


def unescape(text: str) -> bytes:
    """Turn a transcript line body into bytes (C escapes, everything else UTF-8)."""
    out = bytearray()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "\\":
            out += ch.encode()
            i += 1
            continue
        if i + 1 >= len(text):
            raise ValueError(f"dangling backslash in {text!r}")
        nxt = text[i + 1]
        if nxt == "x":
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        elif nxt in _ESCAPES:
            out += _ESCAPES[nxt]
            i += 2
        else:
            raise ValueError(f"unknown escape \\{nxt} in {text!r}")
    return bytes(out)


def escape(data: bytes) -> str:
    """Inverse of unescape; a trailing space is written as \\x20 so editors cannot eat it."""
    out = []
    for b in data:
        if b == 0x0D:
            out.append("\\r")
        elif b == 0x0A:
            out.append("\\n")
        elif b == 0x09:
            out.append("\\t")
        elif b == 0x5C:
            out.append("\\\\")
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        else:
            out.append(f"\\x{b:02x}")
    text = "".join(out)
    if text.endswith(" "):
        stripped = text.rstrip(" ")
        text = stripped + "\\x20" * (len(text) - len(stripped))
    return text


# ---------------------------------------------------------------- transcripts

@dataclass
class Step:
    kind: str                 # "send", "expect", "sleep"
    conn: str = "A"
    data: bytes = b""
    seconds: float = 0.0
    line: int = 0


@dataclass
class Transcript:
    path: str
    flags: list[str] = field(default_factory=list)
    superset: bool = False
    steps: list[Step] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


_LABEL = re.compile(r"^\[([A-Za-z0-9]+)\] ?")


def parse_transcript(path: str) -> Transcript:
    tr = Transcript(path=path)
    last_conn = "A"
    with open(path, encoding="utf-8") as fh:
        for number, raw in enumerate(fh, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("@"):
                word, _, arg = line[1:].partition(" ")
                if word == "flags":
                    tr.flags += shlex.split(arg)
                elif word == "sleep":
                    tr.steps.append(Step("sleep", seconds=float(arg), line=number))
                elif word == "superset":
                    tr.superset = True
                else:
                    raise ValueError(f"{path}:{number}: unknown directive @{word}")
                continue
            if line.startswith(">>>") or line.startswith("<<<"):
                body = line[3:]
                if body.startswith(" "):
                    body = body[1:]
                conn = None
                m = _LABEL.match(body)
                if m:
                    conn, body = m.group(1), body[m.end():]
                if line.startswith(">>>"):
                    last_conn = conn or "A"
                    tr.steps.append(Step("send", conn=last_conn, data=unescape(body), line=number))
                else:
                    tr.steps.append(Step("expect", conn=conn or last_conn, data=unescape(body), line=number))
                continue
            raise ValueError(f"{path}:{number}: cannot parse {line!r}")
    return tr


# ---------------------------------------------------------------- servers

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """One server process on 127.0.0.1; always stopped by its own PID."""

    def __init__(self, binary: str, extra: list[str] | None = None):
        self.binary = binary
        self.port = free_port()
        args = [binary, "-u", "root", "-l", HOST, "-U", "0", "-p", str(self.port)] + list(extra or [])
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection((HOST, self.port), timeout=0.5).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"{binary} did not start listening on {self.port}")
                time.sleep(0.02)

    def connect(self, timeout: float = 5.0) -> "Conn":
        return Conn(socket.create_connection((HOST, self.port), timeout=timeout), timeout)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class Conn:
    """Blocking text-protocol connection that knows how long one reply is."""

    def __init__(self, sock: socket.socket, timeout: float):
        sock.settimeout(timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = sock
        self.buf = b""

    def close(self) -> None:
        self.sock.close()

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self.buf += chunk

    def readline(self) -> bytes:
        while b"\r\n" not in self.buf:
            self._fill()
        line, _, self.buf = self.buf.partition(b"\r\n")
        return line + b"\r\n"

    def readexact(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def meta_reply(self) -> bytes:
        """One meta reply: a line, plus the data block when it starts with VA."""
        line = self.readline()
        if line.startswith(b"VA "):
            length = int(line.split()[1])
            return line + self.readexact(length + 2)
        return line

    def request(self, data: bytes) -> bytes:
        self.send(data)
        return self.meta_reply()
