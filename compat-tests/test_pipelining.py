"""Deep pipelining on one connection.

10,000 mixed classic requests are written in one burst (a second thread writes while the main thread
reads, so neither side can deadlock on full socket buffers); the server must answer all 10,000 in
order. The expected replies come from a small model of memcached's semantics, including incr/decr's
in-place space padding. A second test makes the server write much more than it reads (large values),
which exercises partial writes and back-pressure.
"""

from __future__ import annotations

import random
import socket
import threading
import time

from harness.wire import render, split_units

REQUESTS = 10_000


def _mixed_pipeline(seed: int = 1234) -> tuple[bytes, list[bytes]]:
    rnd = random.Random(seed)
    store: dict[str, bytes] = {}
    requests: list[bytes] = []
    replies: list[bytes] = []

    def value_reply(*keys: str) -> bytes:
        out = b"".join(b"VALUE %s 0 %d\r\n%s\r\n" % (k.encode(), len(store[k]), store[k]) for k in keys if k in store)
        return out + b"END\r\n"

    for i in range(REQUESTS):
        key = f"key{rnd.randrange(150)}"
        counter = f"cnt{rnd.randrange(5)}"
        op = rnd.choice(["set", "get", "get", "mget", "add", "delete", "incr", "decr", "touch", "append", "getcnt"])
        if op == "set":
            value = f"v{i}".encode() * rnd.randrange(1, 4)
            requests.append(b"set %s 0 0 %d\r\n%s\r\n" % (key.encode(), len(value), value))
            store[key] = value
            replies.append(b"STORED\r\n")
        elif op == "get":
            requests.append(b"get %s\r\n" % key.encode())
            replies.append(value_reply(key))
        elif op == "mget":
            keys = [key, f"key{rnd.randrange(150)}", "never-set"]
            requests.append(b"get %s\r\n" % " ".join(keys).encode())
            replies.append(value_reply(*keys))
        elif op == "add":
            requests.append(b"add %s 0 0 1\r\na\r\n" % key.encode())
            replies.append(b"NOT_STORED\r\n" if key in store else b"STORED\r\n")
            store.setdefault(key, b"a")
        elif op == "delete":
            requests.append(b"delete %s\r\n" % key.encode())
            replies.append(b"DELETED\r\n" if store.pop(key, None) is not None else b"NOT_FOUND\r\n")
        elif op in ("incr", "decr"):
            delta = rnd.randrange(0, 1000)
            requests.append(b"%s %s %d\r\n" % (op.encode(), counter.encode(), delta))
            if counter not in store:
                replies.append(b"NOT_FOUND\r\n")
                # create it with the next request so later arithmetic has something to work on
                requests.append(b"set %s 0 0 3\r\n100\r\n" % counter.encode())
                replies.append(b"STORED\r\n")
                store[counter] = b"100"
                continue
            old = store[counter]
            number = int(old)
            number = (number + delta) % 2**64 if op == "incr" else max(0, number - delta)
            text = str(number).encode()
            store[counter] = text + b" " * (len(old) - len(text)) if len(text) <= len(old) else text
            replies.append(text + b"\r\n")
        elif op == "touch":
            requests.append(b"touch %s 0\r\n" % key.encode())
            replies.append(b"TOUCHED\r\n" if key in store else b"NOT_FOUND\r\n")
        elif op == "append":
            requests.append(b"append %s 0 0 1\r\n+\r\n" % key.encode())
            if key in store:
                store[key] += b"+"
                replies.append(b"STORED\r\n")
            else:
                replies.append(b"NOT_STORED\r\n")
        else:
            requests.append(b"get %s\r\n" % counter.encode())
            replies.append(value_reply(counter))
    return b"".join(requests[:REQUESTS]), replies[:REQUESTS]


def _exchange(server, payload: bytes, expected_length: int, timeout: float = 60.0) -> bytes:
    sock = server.connect(timeout=timeout)
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            sock.sendall(payload)
        except OSError as exc:  # reported below if the replies are short
            errors.append(exc)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    received = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while len(received) < expected_length and time.monotonic() < deadline:
            try:
                chunk = sock.recv(1 << 20)
            except socket.timeout:
                break
            if not chunk:
                break
            received += chunk
    finally:
        thread.join(timeout=5)
        sock.close()
    assert not errors, errors
    return bytes(received)


def test_ten_thousand_pipelined_requests_in_order(sut):
    payload, replies = _mixed_pipeline()
    assert len(replies) == REQUESTS
    expected = b"".join(replies)
    received = _exchange(sut, payload, len(expected))
    if received != expected:
        offset = 0
        for index, reply in enumerate(replies):
            if received[offset : offset + len(reply)] != reply:
                raise AssertionError(
                    f"reply {index + 1} of {REQUESTS} differs (received {len(received)} of {len(expected)} bytes):\n"
                    f"  expected {render(reply)[:300]}\n  actual   {render(received[offset:offset + len(reply) + 40])[:300]}"
                )
            offset += len(reply)
        raise AssertionError(f"{len(received) - len(expected)} extra bytes after the last reply")


def test_output_heavy_pipeline(sut):
    value = bytes(random.Random(7).randrange(256) for _ in range(100_000))
    setup = b"set big 0 0 %d\r\n%s\r\n" % (len(value), value)
    reply = b"VALUE big 0 %d\r\n%s\r\nEND\r\n" % (len(value), value)
    gets = 200
    payload = setup + b"get big\r\n" * gets + b"get big big big\r\n" * 20
    expected = b"STORED\r\n" + reply * gets + (b"VALUE big 0 %d\r\n%s\r\n" % (len(value), value) * 3 + b"END\r\n") * 20
    received = _exchange(sut, payload, len(expected))
    assert len(received) == len(expected)
    units, rest = split_units(received)
    assert not rest and len(units) == 1 + gets * 2 + 20 * 4
    assert received == expected
