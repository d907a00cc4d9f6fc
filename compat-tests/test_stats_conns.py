"""`stats conns` has the same shape on the server under test as on memcached.

Its field names carry file descriptor numbers (`STAT <fd>:addr ...`), so it cannot be a transcript:
here the fd numbers, ports and timing values are normalised and the remaining lines compared, for a
server with one listening socket and two client connections (one of them idle, whose exact state is
timing dependent and not compared).
"""

from __future__ import annotations

import re
import time

from harness import servers
from harness.transcript import Connection

_LINE = re.compile(rb"STAT (\d+):(\w+) (.*)")


def _shape(binary: str) -> list[tuple]:
    with servers.ServerProcess(binary) as server:
        idle = Connection(server.address)
        asking = Connection(server.address)
        try:
            idle.sock.sendall(b"version\r\n")
            deadline = time.monotonic() + 2
            while b"\r\n" not in idle.buf and idle.fill(deadline):
                pass
            asking.sock.sendall(b"stats conns\r\n")
            deadline = time.monotonic() + 2
            while not asking.buf.endswith(b"END\r\n") and asking.fill(deadline):
                pass
            lines = asking.buf.split(b"\r\n")
        finally:
            idle.sock.close()
            asking.sock.close()
    assert lines[-2:] == [b"END", b""], lines
    fds: dict[bytes, int] = {}
    shape = []
    for line in lines[:-2]:
        m = _LINE.fullmatch(line)
        assert m, line
        fd, name, value = m.groups()
        fd_index = fds.setdefault(fd, len(fds))
        if name in (b"addr", b"listen_addr"):
            value = re.sub(rb":\d+$", b":<port>", value)
        elif name == b"secs_since_last_cmd":
            value = b"<secs>" if value.isdigit() else value
        shape.append((fd_index, name, value))
    # the idle connection may still be finishing its last write (conn_mwrite) or already waiting
    # (conn_read): only the listener's and the asking connection's states are deterministic
    last = len(fds) - 1
    return [(i, n, b"<state>" if n == b"state" and 0 < i < last else v) for i, n, v in shape]


def test_stats_conns_shape(sut_binary, reference_binary):
    expected = _shape(reference_binary)
    assert any(v == b"conn_listening" for _, _, v in expected)
    assert _shape(sut_binary) == expected
