"""Bounded connection memory (issue 11): `-o read_buf_mem_limit` and 1,000 stalled readers.

Where memcached 1.6.18 defines the behaviour, both servers run the same scenario and must agree:
  * with `-t 1 -o read_buf_mem_limit=1` (64 buffers of 16 KiB), 120 connections that each send a partial
    request: about 64 keep a buffer, the others are reset without a byte and counted in `read_buf_oom`
    (memcached keeps 63: one buffer stays with its thread's open response bundle; swiftcached keeps 64);
  * the SERVER_ERROR for a get reply over the limit is a byte-exact transcript
    (transcripts/classic/connection_memory/).
Stalled readers: 1,000 connections each pipeline gets of a 512 KiB value and never read. Under
`-m 64 -t 4 -o read_buf_mem_limit=64`, the server's resident memory (VmRSS of the process) must stay within
its RSS before the flood plus the limit plus 16 KiB of per-connection structures per connection (the
bound stated in README.md, "Connection memory"); memcached runs the same flood and its figures are printed
next to ours. About 20 s.
"""

from __future__ import annotations

import resource
import socket
import time

import pytest

from harness import servers

STALLED = 1000
VALUE = 512 * 1024
LIMIT_MB = 64


def _rss(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def _stats(server: servers.ServerProcess) -> dict[str, int]:
    with server.connect(timeout=1) as sock:
        sock.sendall(b"stats\r\n")
        data = b""
        while not data.endswith(b"END\r\n"):
            chunk = sock.recv(65536)
            assert chunk, "closed while reading stats"
            data += chunk
    out = {}
    for line in data.split(b"\r\n"):
        parts = line.split(b" ")
        if len(parts) == 3 and parts[0] == b"STAT" and parts[2].isdigit():
            out[parts[1].decode()] = int(parts[2])
    return out


def _stats_retrying(server: servers.ServerProcess, attempts: int = 20) -> dict[str, int]:
    """A worker whose share is used up resets new connections (both servers): retry on another one."""
    for _ in range(attempts):
        try:
            return _stats(server)
        except (ConnectionResetError, AssertionError, BrokenPipeError, TimeoutError):
            time.sleep(0.05)
    return {}


def _reset_or_eof(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(100, socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True


@pytest.fixture(autouse=True)
def _enough_descriptors():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 3 * STALLED:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4 * STALLED), hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.parametrize("which", ["reference", "sut"])
def test_partial_requests_past_the_limit_are_reset(which, reference_binary, sut_binary):
    binary = reference_binary if which == "reference" else sut_binary
    with servers.ServerProcess(binary, ["-t", "1", "-o", "read_buf_mem_limit=1"]) as server:
        conns = []
        for _ in range(120):
            sock = server.connect(timeout=3)
            sock.sendall(b"get partial")
            conns.append(sock)
            time.sleep(0.002)
        time.sleep(0.5)
        reset = sum(1 for sock in conns if _reset_or_eof(sock))
        kept = len(conns) - reset
        for sock in conns:
            sock.close()
        time.sleep(0.3)
        stats = _stats(server)
        print(f"{which}: kept {kept}, reset {reset}, read_buf_oom {stats['read_buf_oom']}")
        assert 63 <= kept <= 64
        assert stats["read_buf_oom"] == reset
        assert stats["read_buf_bytes"] == 1 << 20


def _flood(server: servers.ServerProcess) -> tuple[int, int, dict[str, int]]:
    """1,000 stalled readers; returns (RSS before, peak RSS, stats afterwards)."""
    with server.connect(timeout=5) as sock:
        sock.sendall(b"set big 0 0 %d\r\n" % VALUE + b"b" * VALUE + b"\r\nget big\r\n")
        data = b""
        while not data.endswith(b"END\r\n"):
            chunk = sock.recv(1 << 20)
            assert chunk
            data += chunk
    time.sleep(0.5)
    before = _rss(server.pid)
    peak = before
    readers = []
    request = b"get big\r\n" * 50
    try:
        for i in range(STALLED):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.connect(server.address)
            try:
                sock.send(request, socket.MSG_DONTWAIT)
            except (BlockingIOError, ConnectionResetError, BrokenPipeError):
                pass
            readers.append(sock)
            if i % 50 == 0:
                peak = max(peak, _rss(server.pid))
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            peak = max(peak, _rss(server.pid))
            time.sleep(0.1)
        stats = _stats_retrying(server)
    finally:
        for sock in readers:
            sock.close()
    return before, peak, stats


def test_stalled_readers_within_the_memory_bound(reference_binary, sut_binary):
    flags = ["-m", "64", "-t", "4", "-c", str(STALLED + 100), "-o", f"read_buf_mem_limit={LIMIT_MB}"]
    bound = LIMIT_MB * 1024 * 1024 + STALLED * 16 * 1024
    results = {}
    for which, binary in (("reference", reference_binary), ("sut", sut_binary)):
        with servers.ServerProcess(binary, flags) as server:
            before, peak, stats = _flood(server)
            results[which] = (before, peak, stats)
            shown = {k: stats.get(k) for k in ("read_buf_bytes", "response_obj_oom", "read_buf_oom")}
            grown = (peak - before) >> 20
            print(f"{which}: RSS before {before >> 20} MiB, peak {peak >> 20} MiB (+{grown} MiB), {shown}")
            # The server is still serving once the stalled readers are gone.
            time.sleep(0.5)
            with server.connect(timeout=3) as sock:
                sock.sendall(b"version\r\n")
                assert sock.recv(100).startswith(b"VERSION ")
    before, peak, stats = results["sut"]
    assert peak - before <= bound, f"RSS grew by {peak - before} bytes, bound {bound}"
    assert stats, "no stats connection was served after the flood"
    assert stats["read_buf_bytes"] <= LIMIT_MB * 1024 * 1024
