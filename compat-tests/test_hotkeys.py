"""Hot-key detection (`-o hotkeys`) of the server under test, over loopback.

The acceptance test drives a Zipf load in which one key gets exactly 30% of the requests (the other 70%
are drawn from a Zipf distribution over 1000 further keys) from two connections sending multi-key gets,
measures the hot key's true request rate on the client side, and checks that `stats hotkeys` ranks it
first with an estimated rate within 20% of the true one. The server samples with its default interval
(one request in 16) and estimates rates over its last one to two 4-second windows, so the load runs long
enough for both windows to lie inside it.
"""

from __future__ import annotations

import bisect
import random
import socket
import threading
import time

import pytest

HOT_KEY = "hot:0"
BATCH = 40  # keys per get request
HOT_PER_BATCH = 12  # exactly 30% of each batch
COLD_KEYS = 1000
LOAD_SECONDS = 11.0
QUERY_AT = 10.0  # seconds into the load: two complete windows lie inside it


def _connect(server) -> socket.socket:
    sock = socket.create_connection(server.address, timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _request(sock: socket.socket, line: bytes, end: bytes = b"END\r\n") -> bytes:
    sock.sendall(line)
    data = b""
    while not (data.endswith(end) or data.startswith(b"CLIENT_ERROR") and data.endswith(b"\r\n")):
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed after {data!r}")
        data += chunk
    return data


def _hot_keys(sock: socket.socket, n: int | None = None) -> list[tuple[str, float]]:
    reply = _request(sock, b"stats hotkeys\r\n" if n is None else f"stats hotkeys {n}\r\n".encode())
    lines = reply.decode().split("\r\n")
    assert lines[-2:] == ["END", ""], reply
    out = []
    for line in lines[:-2]:
        stat, name, rate = line.split(" ")
        assert stat == "STAT" and name.startswith("hotkey:"), line
        out.append((name[len("hotkey:") :], float(rate)))
    return out


class ZipfLoad:
    """Connections sending `get` lines of BATCH keys, 30% of them HOT_KEY; counts hot requests per 0.1 s."""

    def __init__(self, server, connections: int = 2):
        weights = [1 / k for k in range(1, COLD_KEYS + 1)]
        total = sum(weights)
        self.cumulative = []
        running = 0.0
        for w in weights:
            running += w / total
            self.cumulative.append(running)
        self.server = server
        self.connections = connections
        self.lock = threading.Lock()
        self.hot_at: list[tuple[float, int]] = []  # (monotonic time a request line was sent, hot keys in it)
        self.stop = threading.Event()
        self.errors: list[BaseException] = []
        self.started = 0.0

    def batch(self, rng: random.Random) -> bytes:
        keys = [HOT_KEY] * HOT_PER_BATCH
        for _ in range(BATCH - HOT_PER_BATCH):
            index = min(bisect.bisect_left(self.cumulative, rng.random()), COLD_KEYS - 1)
            keys.append(f"cold:{index + 1}")
        rng.shuffle(keys)
        return ("get " + " ".join(keys) + "\r\n").encode()

    def run(self, seed: int) -> None:
        rng = random.Random(seed)
        lines = [self.batch(rng) for _ in range(200)]
        try:
            sock = _connect(self.server)
            i = 0
            while not self.stop.is_set():
                sent = time.monotonic()
                _request(sock, lines[i % len(lines)])
                with self.lock:
                    self.hot_at.append((sent, HOT_PER_BATCH))
                i += 1
            sock.close()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.errors.append(error)

    def start(self) -> None:
        self.started = time.monotonic()
        self.threads = [threading.Thread(target=self.run, args=(seed,), daemon=True) for seed in range(self.connections)]
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=15)
        assert not self.errors, self.errors

    def rate(self, start: float, end: float) -> float:
        """Hot-key requests per second sent in [start, end)."""
        with self.lock:
            count = sum(n for t, n in self.hot_at if start <= t < end)
        return count / (end - start)


def test_zipf_hot_key_ranked_first_within_20_percent(server_factory):
    server = server_factory(["-o", "hotkeys"])
    load = ZipfLoad(server)
    load.start()
    query = _connect(server)
    try:
        time.sleep(QUERY_AT)
        asked = time.monotonic()
        ranking = _hot_keys(query)
        time.sleep(max(0.0, LOAD_SECONDS - QUERY_AT))
    finally:
        load.finish()
        query.close()
    # The server's estimate spans the last 4 to 8 seconds before the query: compare it with the client's
    # rate over the last 8, and over the last 4 (the load is steady, so both are close).
    true_8 = load.rate(asked - 8, asked)
    true_4 = load.rate(asked - 4, asked)
    assert true_8 > 200, f"the load was too slow to measure: {true_8:.0f} hot requests/s"
    assert ranking, "stats hotkeys listed nothing"
    key, rate = ranking[0]
    print(f"stats hotkeys: {ranking[:3]}; true rate {true_8:.0f}/s over 8 s, {true_4:.0f}/s over 4 s")
    assert key == HOT_KEY, f"hottest: {ranking[:3]}"
    for true in (true_8, true_4):
        assert abs(rate - true) <= 0.2 * true, f"estimated {rate:.0f}/s, true {true_8:.0f}/s (8 s), {true_4:.0f}/s (4 s)"
    # The next one is a Zipf key, each of which gets at most 70%/H(1000) = 9.4% of the requests.
    assert len(ranking) == 10 and ranking[1][1] < rate / 2, ranking[:3]


def test_stats_hotkeys_replies(server_factory):
    server = server_factory(["-o", "hotkeys,hotkeys_sample=1"])
    sock = _connect(server)
    try:
        assert _request(sock, b"set a\"b 0 0 1\r\nx\r\n", b"\r\n") == b"STORED\r\n"
        _request(sock, b"get a\"b a\"b other\r\n")
        # `b`: a base64 key, recorded decoded and printed with its non-printable bytes as %XX.
        assert _request(sock, b"mg YmluAP8= b v\r\n", b"\r\n") == b"EN\r\n"
        ranking = _hot_keys(sock)
        # Ties go in key byte order.
        assert [k for k, _ in ranking] == ['a"b', "bin%00%FF", "other"], ranking
        assert ranking[0][1] > ranking[1][1] == ranking[2][1] > 0
        assert len(_hot_keys(sock, 1)) == 1
        for bad in (b"stats hotkeys bogus\r\n", b"stats hotkeys 0\r\n", b"stats hotkeys 101\r\n"):
            assert _request(sock, bad, b"\r\n").startswith(b"CLIENT_ERROR usage: stats hotkeys [N]"), bad
        settings = _request(sock, b"stats settings\r\n").decode()
        assert "STAT hotkeys yes\r\nSTAT hotkeys_sample 1\r\nSTAT hotkeys_threshold 1000\r\n" in settings
    finally:
        sock.close()


def test_off_by_default(server_factory):
    server = server_factory()
    sock = _connect(server)
    try:
        reply = _request(sock, b"stats hotkeys\r\n", b"\r\n")
        assert reply == b"CLIENT_ERROR hot keys are off; start with -o hotkeys\r\n"
        assert "STAT hotkeys no\r\n" in _request(sock, b"stats settings\r\n").decode()
    finally:
        sock.close()


@pytest.mark.parametrize(
    "option, message",
    [
        ("hotkeys_sample=4", "require hotkeys"),
        ("hotkeys,hotkeys_sample=0", "out of range"),
        ("hotkeys,hotkeys_sample=x", "invalid numeric argument"),
        ("hotkeys,hotkeys_threshold=-5", "out of range"),
    ],
)
def test_bad_options_refused(server_factory, option, message):
    with pytest.raises(RuntimeError) as refused:
        server_factory(["-o", option])
    assert message in str(refused.value)
