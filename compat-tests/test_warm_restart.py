"""Warm restart (`-e <file>`), against the built binary and, where the behaviour is memcached's, against
memcached 1.6.18 too.

  * 1,000,000 items (keys, values of 10-200 bytes, flags, CAS, some TTLs) survive SIGUSR1 + a restart
    byte for byte: the same value, flags and CAS, the remaining TTL within a second, and new CAS values
    above every old one; the restore time is printed.
  * both servers: SIGUSR1 prints `Gracefully stopping` and exits 0; a restart with the same flags keeps
    a small cache (`mg` value/flags/CAS), and `stats settings` names the memory file.
  * cold starts, each with one `[restart]` line and a running, empty server: after SIGKILL (no
    metadata), with another `-m`, with damaged metadata; and SIGTERM saves nothing (memcached's rule:
    only the graceful stop keeps the cache).
"""

from __future__ import annotations

import os
import random
import signal
import time
import uuid
from pathlib import Path

import pytest

from harness import servers

SHM = Path("/dev/shm")
pytestmark = pytest.mark.skipif(not SHM.is_dir(), reason="needs /dev/shm (tmpfs)")


@pytest.fixture
def memory_file():
    path = SHM / f"swiftcached-compat-{uuid.uuid4().hex[:12]}"
    yield str(path)
    for p in (path, Path(str(path) + ".meta"), Path(str(path) + ".meta.tmp")):
        p.unlink(missing_ok=True)


class Client:
    def __init__(self, server: servers.ServerProcess):
        self.sock = server.connect(timeout=30)
        self.buf = b""

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def line(self) -> bytes:
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def exact(self, n: int) -> bytes:
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def stats(self, sub: bytes = b"") -> dict[str, str]:
        self.send(b"stats " + sub + b"\r\n" if sub else b"stats\r\n")
        out = {}
        while (line := self.line()) != b"END":
            _, name, value = line.decode().split(" ", 2)
            out[name] = value
        return out

    def close(self) -> None:
        self.sock.close()


def value_of(i: int) -> bytes:
    body = f"value-{i}-".encode()
    return (body * (1 + (i * 7919) % 40))[: 10 + (i * 31) % 190]


def store(client: Client, count: int) -> None:
    """`ms` with a flags and, for every 7th key, a TTL of 3600 s; pipelined in batches of 2000."""
    for start in range(0, count, 2000):
        batch = []
        for i in range(start, min(count, start + 2000)):
            v = value_of(i)
            ttl = b" T3600" if i % 7 == 0 else b""
            batch.append(b"ms k%d %d F%d%s q\r\n%s\r\n" % (i, len(v), i % 65536, ttl, v))
        client.send(b"".join(batch) + b"mn\r\n")
        assert client.line() == b"MN"


def read_all(client: Client, count: int) -> dict[int, tuple[bytes, int, int, int]]:
    """key index -> (value, flags, cas, ttl) with `mg k v f c t`, pipelined."""
    out = {}
    for start in range(0, count, 2000):
        keys = range(start, min(count, start + 2000))
        client.send(b"".join(b"mg k%d v f c t\r\n" % i for i in keys))
        for i in keys:
            header = client.line().split(b" ")
            assert header[0] == b"VA", (i, header)
            flags = {t[:1]: t[1:] for t in header[2:]}
            value = client.exact(int(header[1]) + 2)[:-2]
            out[i] = (value, int(flags[b"f"]), int(flags[b"c"]), int(flags[b"t"]))
    return out


def graceful_stop(server: servers.ServerProcess, timeout: float = 60) -> None:
    os.kill(server.pid, signal.SIGUSR1)
    assert server.wait_exit(timeout) == 0, server.log_tail()
    assert "Gracefully stopping" in server.log_tail(100_000)


def test_a_million_items_come_back_byte_for_byte(server_factory, memory_file):
    count = 1_000_000
    flags = ["-m", "1024", "-e", memory_file]
    first = server_factory(flags)
    c = Client(first)
    store(c, count)
    read_at = time.monotonic()
    before = read_all(c, count)
    c.close()
    graceful_stop(first)
    assert Path(memory_file + ".meta").is_file()

    second = server_factory(flags)
    c = Client(second)
    after = read_all(c, count)
    elapsed = time.monotonic() - read_at  # real time between the two reads of any one item, at most
    stats = c.stats()
    assert int(stats["warm_restart_items"]) == count
    print(f"restored {count} items in {int(stats['warm_restart_usec']) / 1000:.0f} ms")
    mismatched = [i for i in range(count) if after[i][:3] != before[i][:3]]
    assert not mismatched, f"{len(mismatched)} items differ, e.g. k{mismatched[0]}"
    for i in range(0, count, 7):
        old_ttl, new_ttl = before[i][3], after[i][3]
        assert old_ttl - elapsed - 1 <= new_ttl <= old_ttl, (i, old_ttl, new_ttl, elapsed)
    assert all(after[i][3] == -1 for i in range(1, count, 7))
    highest = max(cas for _, _, cas, _ in before.values())
    c.send(b"ms fresh 1 T0\r\nx\r\nmg fresh c\r\n")
    assert c.line() == b"HD"
    assert int(c.line().split(b" ")[1][1:]) > highest
    assert not Path(memory_file + ".meta").exists()  # consumed at start
    c.close()


@pytest.mark.parametrize("which", ["swiftcached", "memcached"])
def test_graceful_stop_and_restart_keep_a_cache(server_factory, reference_binary, memory_file, which):
    binary = reference_binary if which == "memcached" else None
    flags = ["-m", "64", "-e", memory_file]
    first = server_factory(flags, binary=binary)
    c = Client(first)
    c.send(b"set a 7 0 5\r\nhello\r\nset b 0 3600 3\r\nbye\r\nmg a c\r\n")
    assert c.line() == b"STORED" and c.line() == b"STORED"
    cas_a = int(c.line().split(b" ")[1][1:])
    assert c.stats(b"settings")["memory_file"] == memory_file
    c.close()
    graceful_stop(first)
    time.sleep(1.1)  # memcached refuses a restart in the second it stopped
    second = server_factory(flags, binary=binary)
    c = Client(second)
    c.send(b"mg a v f c\r\nmg b v t\r\nset n 0 0 1\r\nx\r\nmg n c\r\n")
    assert c.line() == b"VA 5 f7 c%d" % cas_a and c.line() == b"hello"
    head = c.line().split(b" ")
    assert head[0] == b"VA" and c.line() == b"bye" and 3590 <= int(head[2][1:]) <= 3600
    assert c.line() == b"STORED"
    assert int(c.line().split(b" ")[1][1:]) > cas_a
    assert int(c.stats()["curr_items"]) == 3
    c.close()


def store_one(server: servers.ServerProcess) -> None:
    c = Client(server)
    c.send(b"set a 0 0 1\r\n1\r\n")
    assert c.line() == b"STORED"
    c.close()


def cold_start_line(server: servers.ServerProcess) -> str:
    lines = [l for l in server.log_tail(100_000).splitlines() if l.startswith("[restart]")]
    assert len(lines) == 1, lines
    return lines[0]


def test_cold_starts_say_why_and_serve(server_factory, memory_file):
    flags = ["-m", "64", "-e", memory_file]
    first = server_factory(flags)
    assert cold_start_line(first) == "[restart] no metadata save file, starting with a clean cache"
    store_one(first)

    def expect_cold(server, why):
        assert cold_start_line(server) == why
        c = Client(server)
        c.send(b"get a\r\n")
        assert c.line() == b"END"
        assert int(c.stats()["curr_items"]) == 0
        c.close()

    # SIGKILL writes no metadata: the next start is cold.
    os.kill(first.pid, signal.SIGKILL)
    first.wait_exit(10)
    expect_cold(server_factory(flags), "[restart] no metadata save file, starting with a clean cache")
    # SIGTERM is not the graceful stop: nothing saved (memcached's rule).
    term = server_factory(flags)
    store_one(term)
    os.kill(term.pid, signal.SIGTERM)
    assert term.wait_exit(10) == 0
    assert not Path(memory_file + ".meta").exists()
    # Another -m: refused, cold, and the process runs.
    saved = server_factory(flags)
    store_one(saved)
    graceful_stop(saved)
    expect_cold(
        server_factory(["-m", "128", "-e", memory_file]),
        "[restart] restart incompatible due to setting for [maxbytes] [old value: 67108864]; "
        "starting with a clean cache",
    )
    # Damaged metadata: refused, cold.
    again = server_factory(flags)
    store_one(again)
    graceful_stop(again)
    meta = Path(memory_file + ".meta")
    meta.write_bytes(meta.read_bytes().replace(b"cas ", b"cas 9", 1))
    expect_cold(server_factory(flags), "[restart] metadata checksum mismatch; starting with a clean cache")
