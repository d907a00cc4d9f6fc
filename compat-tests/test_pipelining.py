"""Deep pipelining on one connection.

10,000 mixed classic requests are written in one burst (a second thread writes while the main thread
reads, so neither side can deadlock on full socket buffers); the server must answer all 10,000 in
order. The expected replies come from a small model of memcached's semantics. One thing the model
cannot predict: whether incr/decr rewrites a counter in place (right-padded with spaces to the old
length) or as a new item depends, in memcached, on whether an earlier reply still references the item,
so a counter read accepts either form. A second test makes the server write much more than it reads
(large values), which exercises partial writes and back-pressure.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from dataclasses import dataclass

from harness.wire import render, split_units

REQUESTS = 10_000


@dataclass
class Reply:
    """One expected reply: exact bytes, or a counter read (`VALUE <key> 0 <n>` whose data is the number,
    possibly right-padded with spaces, then END)."""

    exact: bytes = b""
    counter: tuple[str, int] | None = None

    @property
    def units(self) -> int:
        return 2 if self.counter else len(split_units(self.exact)[0])

    def matches(self, units: list[bytes]) -> bool:
        if not self.counter:
            return b"".join(units) == self.exact
        key, number = self.counter
        header, _, data = units[0].partition(b"\r\n")
        digits = str(number).encode()
        value = data[:-2]
        return (
            header == b"VALUE %s 0 %d" % (key.encode(), len(value))
            and value.rstrip(b" ") == digits
            and units[1] == b"END\r\n"
        )

    def describe(self) -> str:
        return render(self.exact) if not self.counter else f"VALUE {self.counter[0]} <number {self.counter[1]}>"


def _mixed_pipeline(seed: int = 1234) -> tuple[bytes, list[Reply]]:
    rnd = random.Random(seed)
    store: dict[str, bytes] = {}
    counters: dict[str, int] = {}
    requests: list[bytes] = []
    replies: list[Reply] = []

    def value_reply(*keys: str) -> Reply:
        out = b"".join(b"VALUE %s 0 %d\r\n%s\r\n" % (k.encode(), len(store[k]), store[k]) for k in keys if k in store)
        return Reply(out + b"END\r\n")

    while len(requests) < REQUESTS:
        i = len(requests)
        key = f"key{rnd.randrange(150)}"
        counter = f"cnt{rnd.randrange(5)}"
        op = rnd.choice(["set", "get", "get", "mget", "add", "delete", "incr", "decr", "touch", "append", "getcnt"])
        if op == "set":
            value = f"v{i}".encode() * rnd.randrange(1, 4)
            requests.append(b"set %s 0 0 %d\r\n%s\r\n" % (key.encode(), len(value), value))
            store[key] = value
            replies.append(Reply(b"STORED\r\n"))
        elif op == "get":
            requests.append(b"get %s\r\n" % key.encode())
            replies.append(value_reply(key))
        elif op == "mget":
            keys = [key, f"key{rnd.randrange(150)}", "never-set"]
            requests.append(b"get %s\r\n" % " ".join(keys).encode())
            replies.append(value_reply(*keys))
        elif op == "add":
            requests.append(b"add %s 0 0 1\r\na\r\n" % key.encode())
            replies.append(Reply(b"NOT_STORED\r\n" if key in store else b"STORED\r\n"))
            store.setdefault(key, b"a")
        elif op == "delete":
            requests.append(b"delete %s\r\n" % key.encode())
            replies.append(Reply(b"DELETED\r\n" if store.pop(key, None) is not None else b"NOT_FOUND\r\n"))
        elif op in ("incr", "decr"):
            delta = rnd.randrange(0, 1000)
            requests.append(b"%s %s %d\r\n" % (op.encode(), counter.encode(), delta))
            if counter not in counters:
                replies.append(Reply(b"NOT_FOUND\r\n"))
                # create it with the next request so later arithmetic has something to work on
                requests.append(b"set %s 0 0 3\r\n100\r\n" % counter.encode())
                replies.append(Reply(b"STORED\r\n"))
                counters[counter] = 100
                continue
            number = counters[counter]
            number = (number + delta) % 2**64 if op == "incr" else max(0, number - delta)
            counters[counter] = number
            replies.append(Reply(b"%d\r\n" % number))
        elif op == "touch":
            requests.append(b"touch %s 0\r\n" % key.encode())
            replies.append(Reply(b"TOUCHED\r\n" if key in store else b"NOT_FOUND\r\n"))
        elif op == "append":
            requests.append(b"append %s 0 0 1\r\n+\r\n" % key.encode())
            if key in store:
                store[key] += b"+"
                replies.append(Reply(b"STORED\r\n"))
            else:
                replies.append(Reply(b"NOT_STORED\r\n"))
        else:
            requests.append(b"get %s\r\n" % counter.encode())
            replies.append(Reply(counter=(counter, counters[counter])) if counter in counters else Reply(b"END\r\n"))
    return b"".join(requests[:REQUESTS]), replies[:REQUESTS]


class _Burst:
    """Writes `payload` from a helper thread while the caller reads the replies; bounded in time."""

    def __init__(self, server, payload: bytes, timeout: float = 60.0):
        self.sock = server.connect(timeout=timeout)
        self.deadline = time.monotonic() + timeout
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._write, args=(payload,), daemon=True)
        self.thread.start()

    def _write(self, payload: bytes) -> None:
        try:
            self.sock.sendall(payload)
        except OSError as exc:
            self.errors.append(exc)

    def recv(self) -> bytes:
        """Next chunk; b"" at EOF or when the time is up."""
        if time.monotonic() >= self.deadline:
            return b""
        try:
            return self.sock.recv(1 << 20)
        except (socket.timeout, ConnectionResetError):
            return b""

    def close(self) -> None:
        self.thread.join(timeout=5)
        self.sock.close()
        assert not self.errors, self.errors


def test_ten_thousand_pipelined_requests_in_order(sut):
    payload, replies = _mixed_pipeline()
    assert len(replies) == REQUESTS
    burst = _Burst(sut, payload)
    buffer = b""
    index = 0
    try:
        while index < len(replies):
            units, rest = split_units(buffer)
            consumed = 0
            while index < len(replies) and len(units) - consumed >= replies[index].units:
                reply = replies[index]
                got = units[consumed : consumed + reply.units]
                assert reply.matches(got), (
                    f"reply {index + 1} of {REQUESTS} differs:\n  expected {reply.describe()[:300]}\n"
                    f"  actual   {render(b''.join(got))[:300]}"
                )
                consumed += reply.units
                index += 1
            buffer = b"".join(units[consumed:]) + rest
            if index < len(replies):
                chunk = burst.recv()
                assert chunk, f"only {index} of {REQUESTS} replies arrived (then EOF or timeout)"
                buffer += chunk
        burst.sock.settimeout(0.2)
        try:
            extra = buffer + burst.sock.recv(4096)
        except socket.timeout:
            extra = buffer
        assert extra == b"", f"unexpected bytes after the last reply: {render(extra)[:200]}"
    finally:
        burst.close()


def test_output_heavy_pipeline(sut):
    value = bytes(random.Random(7).randrange(256) for _ in range(100_000))
    setup = b"set big 0 0 %d\r\n%s\r\n" % (len(value), value)
    reply = b"VALUE big 0 %d\r\n%s\r\nEND\r\n" % (len(value), value)
    gets = 200
    payload = setup + b"get big\r\n" * gets + b"get big big big\r\n" * 20
    expected = b"STORED\r\n" + reply * gets + (b"VALUE big 0 %d\r\n%s\r\n" % (len(value), value) * 3 + b"END\r\n") * 20
    burst = _Burst(sut, payload)
    received = b""
    try:
        while len(received) < len(expected):
            chunk = burst.recv()
            if not chunk:
                break
            received += chunk
    finally:
        burst.close()
    assert len(received) == len(expected)
    units, rest = split_units(received)
    assert not rest and len(units) == 1 + gets * 2 + 20 * 4
    assert received == expected
