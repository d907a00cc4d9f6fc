"""Helpers for the memory-policy differential tests (test_policy_*.py): a small blocking client and the one
place where the timing-dependent parts of memcached's dumps are normalised.

What is normalised, and why (nothing else is):
  * `lru_crawler metadump` lines (`key=.. exp=.. la=.. cas=.. fetch=.. cls=.. size=..`):
      - `exp=` is an absolute unix time (or -1 for "never"): it becomes the TTL left, rounded to 10 s
        (`exp=+300`), because the two servers' clocks tick at different instants; tests use TTLs that are
        multiples of 100 s, so rounding never crosses a boundary;
      - `la=` (absolute last access) becomes `la=<now>` once it is checked to be within 3 s of the server's
        own `time` stat (so it is still checked, not dropped);
      - `cas=` values become `<cas#N>`, N being the value's rank among the dump's CAS values (their numbers
        differ by design; the rank still checks that items carry distinct CAS values in store order, and
        does not depend on the order the lines come in);
      - `cls=` becomes `<class#N>` in order of first appearance and `size=` becomes `<size>`: swiftcached's
        item header is smaller, so classes and sizes differ by design (README, compatibility table).
  * Slab class ids in `slabs reassign` tests are mapped by order of the classes in use (same reason).
"""

from __future__ import annotations

import re
import socket
import time

_META_FIELD = re.compile(rb"^(\w+)=(.*)$")


class Client:
    """A blocking text-protocol client with TCP_NODELAY; every read is bounded by `timeout`."""

    def __init__(self, address: tuple[str, int], timeout: float = 5.0):
        self.sock = socket.create_connection(address, timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.timeout = timeout
        self.buf = b""

    def close(self) -> None:
        self.sock.close()

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def read_until(self, terminator: bytes) -> bytes:
        """Everything up to and including the first `terminator` (raises on timeout)."""
        deadline = time.monotonic() + self.timeout
        while terminator not in self.buf:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {terminator!r} within {self.timeout} s; got {self.buf[-300:]!r}")
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError(f"closed before {terminator!r}; got {self.buf[-300:]!r}")
            self.buf += chunk
        end = self.buf.index(terminator) + len(terminator)
        out, self.buf = self.buf[:end], self.buf[end:]
        return out

    def line(self, request: bytes) -> bytes:
        """Send `request` and return the one reply line (with its CRLF)."""
        self.send(request)
        return self.read_until(b"\r\n")

    def block(self, request: bytes) -> bytes:
        """Send `request` and return the reply up to and including END\\r\\n."""
        self.send(request)
        return self.read_until(b"END\r\n")

    def sync(self) -> None:
        """Round trip (after noreply traffic)."""
        assert self.line(b"version\r\n").startswith(b"VERSION ")

    def stats(self, sub: str = "") -> dict[str, str]:
        reply = self.block(f"stats {sub}".strip().encode() + b"\r\n")
        out: dict[str, str] = {}
        for row in reply.decode("latin1").split("\r\n"):
            if row.startswith("STAT "):
                _, name, value = row.split(" ", 2)
                out[name] = value
        return out

    def stat_lines(self, sub: str = "") -> list[tuple[str, str]]:
        reply = self.block(f"stats {sub}".strip().encode() + b"\r\n")
        return [tuple(r.split(" ", 2)[1:]) for r in reply.decode("latin1").split("\r\n") if r.startswith("STAT ")]


def server_time(client: Client) -> int:
    return int(client.stats()["time"])


def normalise_metadump(lines: list[bytes], now: int) -> list[str]:
    """Comparable form of metadump lines (see the module docstring). `now` is the server's `time` stat
    read right before the dump."""
    cas_values = sorted({int(v) for line in lines for v in re.findall(rb" cas=(\d+)", line)})
    cas_rank = {value: rank for rank, value in enumerate(cas_values, start=1)}
    class_ids: dict[bytes, int] = {}
    out = []
    for raw in lines:
        assert raw.endswith(b"\n") and not raw.endswith(b"\r\n"), f"metadump line must end in a bare LF: {raw!r}"
        fields = []
        for token in raw[:-1].split(b" "):
            m = _META_FIELD.match(token)
            assert m, f"bad metadump field {token!r} in {raw!r}"
            name, value = m.group(1), m.group(2)
            if name == b"exp" and value != b"-1":
                left = int(value) - now
                value = b"+%d" % (round(left / 10) * 10)
            elif name == b"la":
                assert abs(int(value) - now) <= 3, f"la={value!r} is not within 3 s of the server time {now}"
                value = b"<now>"
            elif name == b"cas":
                value = b"<cas#%d>" % cas_rank[int(value)]
            elif name == b"cls":
                value = b"<class#%d>" % class_ids.setdefault(value, len(class_ids) + 1)
            elif name == b"size":
                assert value.isdigit() and int(value) > 0, raw
                value = b"<size>"
            fields.append(name + b"=" + value)
        out.append(b" ".join(fields).decode("latin1"))
    return out


def metadump(client: Client, what: str = "all") -> list[bytes]:
    """`lru_crawler metadump <what>`: the item lines (terminator checked and dropped)."""
    reply = client.block(f"lru_crawler metadump {what}\r\n".encode())
    assert reply.endswith(b"END\r\n"), reply[-100:]
    body = reply[: -len(b"END\r\n")]
    return [line + b"\n" for line in body.split(b"\n")[:-1]]
