"""A minimal blocking meta-protocol client for the lease and meta acceptance tests.

It only knows how long one reply is (a line, plus the data block after `VA <len>`), so
tests can pipeline requests on raw sockets and read the replies back one by one. Every
socket has a timeout; everything talks to 127.0.0.1 only.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

DEFAULT_TIMEOUT = 5.0


@dataclass
class Reply:
    """One parsed meta reply: return code, flag tokens, and the value (VA only)."""

    raw: bytes
    code: str
    tokens: list[str]
    value: bytes | None = None

    def flag(self, letter: str) -> str | None:
        """The token of a returned flag (`c` -> "17"), '' for bare flags (W, Z, X), None if absent."""
        for tok in self.tokens:
            if tok[:1] == letter:
                return tok[1:]
        return None

    @property
    def cas(self) -> int | None:
        """The `c<cas>` return token of a meta reply (None when absent)."""
        for tok in self.tokens:
            if tok[:1] == "c" and tok[1:].isdigit():
                return int(tok[1:])
        return None

    @property
    def won(self) -> bool:
        return "W" in self.tokens

    @property
    def lost(self) -> bool:
        return "Z" in self.tokens

    @property
    def stale(self) -> bool:
        return "X" in self.tokens


class MetaConn:
    """One TCP connection speaking the text protocol."""

    def __init__(self, address: tuple[str, int], timeout: float = DEFAULT_TIMEOUT):
        host, _ = address
        assert host == "127.0.0.1", "tests only talk to loopback"
        self.sock = socket.create_connection(address, timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> "MetaConn":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def _fill(self) -> None:
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self.buf += chunk

    def line(self) -> bytes:
        while True:
            nl = self.buf.find(b"\n")
            if nl >= 0:
                line, self.buf = self.buf[: nl + 1], self.buf[nl + 1 :]
                return line
            self._fill()

    def exactly(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def reply(self) -> Reply:
        """Read one meta reply (or one classic line, parsed the same way)."""
        line = self.line()
        words = line.rstrip(b"\r\n").decode("latin-1").split(" ")
        if words[0] == "VA":
            length = int(words[1])
            block = self.exactly(length + 2)
            return Reply(line + block, "VA", words[2:], block[:-2])
        return Reply(line, words[0], words[1:])

    def call(self, request: bytes) -> Reply:
        self.send(request)
        return self.reply()

    def stats(self) -> dict[str, str]:
        self.send(b"stats\r\n")
        out: dict[str, str] = {}
        while True:
            line = self.line().rstrip(b"\r\n").decode()
            if line == "END":
                return out
            _, name, value = line.split(" ", 2)
            out[name] = value
