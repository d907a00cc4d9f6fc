"""Transcript files: parsing and replaying them against a running server.

Format (one directive per line; see compat-tests/README.md for the full description):

    # comment (the first comment lines describe the transcript)
    @flags -m 64 -I 1k        extra server flags for this transcript
    >>> set a 0 0 1\\r\\nx\\r\\n    request bytes (C escapes \\r \\n \\t \\\\ \\xNN \\{); optional "[B] " label after ">>> "
    <<< STORED\\r\\n             expected response bytes on that connection (default connection A)
    @sleep 1.5                pause (time-based cases)
    @close [B]                the server must close the connection now
    @exact-stats curr_items   STAT values compared exactly for these names (others: names only)
    @nosync                   skip the final "version" round trip that proves no stray bytes are pending
    @exits                    the server process is expected to exit (e.g. after shutdown); otherwise it must
                              still be running when the transcript ends

Macros inside request/response text: {repeat:N:text} repeats text N times; in requests {cas:N} is the
raw CAS value the server under replay reported as the N-th distinct CAS (see harness.wire.CasMap).
Consecutive ">>>" lines for one connection are sent in one write; consecutive "<<<" lines form one
expected response.

`replay(..., tls=context)` runs every connection of the transcript through TLS (an ssl.SSLContext for the
client side), for servers started with -Z; the bytes are the same, only the transport differs.
"""

from __future__ import annotations

import re
import select
import shlex
import socket
import ssl
import time
from dataclasses import dataclass, field
from pathlib import Path

from .wire import CasMap, is_own_setting, normalise_unit, render, split_units

STEP_TIMEOUT = 4.0  # seconds to wait for an expected response (only reached when something is wrong)
CLOSE_TIMEOUT = 2.0  # seconds to wait for the server to close a connection
SYNC_REQUEST = b"version\r\n"


class TranscriptError(ValueError):
    """The transcript file itself is malformed."""


@dataclass
class CasRef:
    index: int


@dataclass
class Send:
    conn: str
    parts: list  # bytes | CasRef
    line: int


@dataclass
class Expect:
    conn: str
    data: bytes
    line: int


@dataclass
class Sleep:
    seconds: float
    line: int


@dataclass
class Close:
    conn: str
    line: int


@dataclass
class Transcript:
    path: Path
    description: str = ""
    flags: list[str] = field(default_factory=list)
    steps: list = field(default_factory=list)
    exact_stats: frozenset[bytes] = frozenset()
    sync: bool = True
    exits: bool = False

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.stem}"


_ESCAPES = {"r": b"\r", "n": b"\n", "t": b"\t", "\\": b"\\", "{": b"{", "}": b"}", "0": b"\0"}
_MACRO = re.compile(r"\{(repeat:(\d+):|cas:(\d+)\})")


def decode(text: str, allow_cas: bool, line: int = 0) -> list:
    """Decode escaped transcript text into a list of bytes / CasRef parts."""
    parts: list = []
    buf = bytearray()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            nxt = text[i + 1 : i + 2]
            if nxt == "x":
                try:
                    buf.append(int(text[i + 2 : i + 4], 16))
                except ValueError:
                    raise TranscriptError(f"line {line}: bad \\x escape") from None
                i += 4
                continue
            if nxt not in _ESCAPES:
                raise TranscriptError(f"line {line}: unknown escape \\{nxt}")
            buf += _ESCAPES[nxt]
            i += 2
            continue
        m = _MACRO.match(text, i) if ch == "{" else None
        if m and m.group(3) is not None:
            if not allow_cas:
                raise TranscriptError(f"line {line}: {{cas:N}} is only allowed in requests")
            parts.append(bytes(buf))
            buf.clear()
            parts.append(CasRef(int(m.group(3))))
            i = m.end()
            continue
        if m:
            depth, j = 1, m.end()
            while j < len(text) and depth:
                if text[j] == "\\":
                    j += 2
                    continue
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                j += 1
            if depth:
                raise TranscriptError(f"line {line}: unterminated {{repeat:...}}")
            inner = decode(text[m.end() : j - 1], allow_cas, line)
            if any(isinstance(p, CasRef) for p in inner):
                raise TranscriptError(f"line {line}: {{cas:N}} inside {{repeat}}")
            buf += b"".join(inner) * int(m.group(2))
            i = j
            continue
        buf += ch.encode()
        i += 1
    parts.append(bytes(buf))
    return [p for p in parts if p != b""]


def split_label(rest: str) -> tuple[str, str]:
    """Split an optional "[X] " connection label off the text after ">>> " / "<<< " (default A)."""
    m = re.match(r"\[([A-Za-z0-9_]+)\] ?", rest)
    return (m.group(1), rest[m.end() :]) if m else ("A", rest)


def parse(path: Path) -> Transcript:
    t = Transcript(path=Path(path))
    comments: list[str] = []
    for number, raw in enumerate(Path(path).read_text().splitlines(), start=1):
        if raw.startswith(">>>") or raw.startswith("<<<"):
            conn, text = split_label(raw[4:] if raw[3:4] == " " else raw[3:])
            if raw.startswith(">>>"):
                parts = decode(text, True, number)
                last = t.steps[-1] if t.steps else None
                if isinstance(last, Send) and last.conn == conn:
                    last.parts.extend(parts)
                else:
                    t.steps.append(Send(conn, parts, number))
            else:
                data = b"".join(decode(text, False, number))
                last = t.steps[-1] if t.steps else None
                if isinstance(last, Expect) and last.conn == conn:
                    last.data += data
                else:
                    t.steps.append(Expect(conn, data, number))
            continue
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if not t.steps:
                comments.append(line.lstrip("#").strip())
            continue
        words = shlex.split(line)
        directive, args = words[0], words[1:]
        if directive == "@flags":
            # {dir} is the transcript's own directory (for files a flag names, e.g. -Y {dir}/users).
            t.flags += [arg.replace("{dir}", str(Path(path).parent.resolve())) for arg in args]
        elif directive == "@sleep" and len(args) == 1:
            t.steps.append(Sleep(float(args[0]), number))
        elif directive == "@close" and len(args) <= 1:
            conn = args[0].strip("[]") if args else "A"
            t.steps.append(Close(conn, number))
        elif directive == "@exact-stats":
            t.exact_stats = t.exact_stats | {a.encode() for a in args}
        elif directive == "@nosync" and not args:
            t.sync = False
        elif directive == "@exits" and not args:
            t.exits = True
        else:
            raise TranscriptError(f"{path}:{number}: unknown directive {line!r}")
    for step in t.steps:
        if isinstance(step, Expect) and split_units(step.data)[1]:
            raise TranscriptError(f"{path}:{step.line}: expected response does not end with a newline")
    t.description = " ".join(comments)
    return t


@dataclass
class Outcome:
    """What one expectation saw: normalised expected and actual bytes."""

    line: int
    what: str
    expected: bytes
    actual: bytes
    context: bytes = b""

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


class Connection:
    """A client connection with a receive buffer; every wait is bounded by a deadline."""

    def __init__(self, address: tuple[str, int], tls: ssl.SSLContext | None = None):
        self.sock = socket.create_connection(address, timeout=STEP_TIMEOUT)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls is not None:
            self.sock = tls.wrap_socket(self.sock, server_hostname="localhost")
        self.tls = tls is not None
        self.buf = b""
        self.eof = False
        self.last_sent = b""

    def fill(self, deadline: float) -> bool:
        """Receive what arrives before `deadline`; False once nothing more can come."""
        if self.eof:
            return False
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        # Over TLS, decrypted bytes may already wait inside the SSL object, where select cannot see them.
        if not (self.tls and self.sock.pending()):
            ready, _, _ = select.select([self.sock], [], [], remaining)
            if not ready:
                return False
        try:
            if self.tls:
                # A readable socket may hold only a TLS record without data (a session ticket).
                self.sock.settimeout(max(remaining, 0.01))
            chunk = self.sock.recv(1 << 16)
        except TimeoutError:
            if self.tls:
                return False
            chunk = b""
        except (ConnectionResetError, ssl.SSLError):
            chunk = b""
        finally:
            if self.tls:
                self.sock.settimeout(STEP_TIMEOUT)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True


def replay(t: Transcript, address: tuple[str, int], tls: ssl.SSLContext | None = None) -> list[Outcome]:
    """Replay transcript `t` against the server at `address` (through TLS when `tls` is given); one Outcome
    per check."""
    conns: dict[str, Connection] = {}
    expected_cas, actual_cas = CasMap(), CasMap()
    outcomes: list[Outcome] = []

    def conn_for(label: str) -> Connection:
        if label not in conns:
            conns[label] = Connection(address, tls)
        return conns[label]

    def take(conn: Connection, count: int) -> tuple[list[bytes], bool]:
        """The next `count` units, not counting swiftcached's own settings lines (wire.OWN_SETTINGS)."""
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            units, _ = split_units(conn.buf)
            if sum(not is_own_setting(u) for u in units) >= count or not conn.fill(deadline):
                break
        units, _ = split_units(conn.buf)
        got: list[bytes] = []
        used = 0
        for unit in units:
            if len(got) == count:
                break
            used += len(unit)
            if not is_own_setting(unit):
                got.append(unit)
        conn.buf = conn.buf[used:]
        return got, len(got) == count

    def expect(conn: Connection, label: str, data: bytes, line: int, what: str) -> None:
        want_units, _ = split_units(data)
        got, complete = take(conn, len(want_units))
        want = b"".join(normalise_unit(u, expected_cas, t.exact_stats) for u in want_units)
        actual = b"".join(normalise_unit(u, actual_cas, t.exact_stats) for u in got)
        if not complete:
            actual += conn.buf + (b"<connection closed>" if conn.eof else b"<timeout>")
            conn.buf = b""
        outcomes.append(Outcome(line, f"[{label}] {what}", want, actual, conn.last_sent))

    try:
        for step in t.steps:
            if isinstance(step, Send):
                conn = conn_for(step.conn)
                try:
                    payload = b"".join(p if isinstance(p, bytes) else actual_cas.value(p.index) for p in step.parts)
                except KeyError as exc:  # the server reported fewer distinct CAS values than the transcript uses
                    outcomes.append(Outcome(step.line, f"[{step.conn}] send", b"", str(exc).encode(), b""))
                    continue
                conn.last_sent = payload
                try:
                    conn.sock.sendall(payload)
                except OSError as exc:
                    outcomes.append(Outcome(step.line, f"[{step.conn}] send", b"", f"<{exc}>".encode(), payload))
            elif isinstance(step, Expect):
                expect(conn_for(step.conn), step.conn, step.data, step.line, "response")
            elif isinstance(step, Sleep):
                time.sleep(step.seconds)
            elif isinstance(step, Close):
                conn = conn_for(step.conn)
                deadline = time.monotonic() + CLOSE_TIMEOUT
                while conn.fill(deadline):
                    pass
                actual = conn.buf + (b"<connection closed>" if conn.eof else b"<still open>")
                outcomes.append(
                    Outcome(step.line, f"[{step.conn}] close", b"<connection closed>", actual, conn.last_sent)
                )
                conn.buf = b""
        if t.sync:
            for label, conn in conns.items():
                if conn.eof:
                    continue
                conn.last_sent = SYNC_REQUEST
                try:
                    conn.sock.sendall(SYNC_REQUEST)
                except OSError:
                    pass
                expect(conn, label, b"VERSION 1.6.18\r\n", 0, "end-of-transcript sync (stray or missing bytes?)")
    finally:
        for conn in conns.values():
            conn.sock.close()
    return outcomes


def _first_difference(expected: bytes, actual: bytes) -> tuple[int, bytes, bytes]:
    """Index of the first differing unit and the rest of both sides from there."""
    want, want_rest = split_units(expected)
    got, got_rest = split_units(actual)
    want.append(want_rest)
    got.append(got_rest)
    i = 0
    while i < min(len(want), len(got)) and want[i] == got[i]:
        i += 1
    return i, b"".join(want[i:]), b"".join(got[i:])


def explain(t: Transcript, outcomes: list[Outcome], server: str) -> str:
    """Human-readable report of the first mismatching check, or '' when all match."""
    for o in outcomes:
        if not o.ok:
            index, want, got = _first_difference(o.expected, o.actual)
            return (
                f"{t.name} against {server}: mismatch at line {o.line} {o.what}, response unit {index + 1}\n"
                f"  last request: {render(o.context)[:400]}\n"
                f"  expected:     {render(want)[:600]}\n"
                f"  actual:       {render(got)[:600]}"
            )
    return ""
