"""Connection-level behaviour: the -c connection limit and -o idle_timeout.

Over the limit memcached answers a new connection with "ERROR Too many open connections" and closes
it (how many connections fit under -c depends on reserved descriptors, so only the behaviour is
checked, not the count). With idle_timeout, an idle connection is closed by the server and an active
one is kept.
"""

from __future__ import annotations

import socket
import time


def _ask_version(sock: socket.socket) -> bytes:
    sock.sendall(b"version\r\n")
    data = b""
    deadline = time.monotonic() + 3
    while not data.endswith(b"\r\n") and time.monotonic() < deadline:
        try:
            chunk = sock.recv(4096)
        except (socket.timeout, ConnectionResetError):
            break
        if not chunk:
            break
        data += chunk
    return data


def _read_until_eof(sock: socket.socket, timeout: float) -> tuple[bytes, bool]:
    sock.settimeout(0.2)
    data = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(4096)
        except socket.timeout:
            continue
        except ConnectionResetError:
            return data, True
        if not chunk:
            return data, True
        data += chunk
    return data, False


def test_connection_limit(server_factory):
    server = server_factory(["-c", "30"])
    conns: list[socket.socket] = []
    accepted, rejected = [], 0
    try:
        for _ in range(40):
            sock = server.connect(timeout=3)
            conns.append(sock)
            reply = _ask_version(sock)
            if reply.startswith(b"VERSION "):
                accepted.append(sock)
                continue
            assert reply == b"ERROR Too many open connections\r\n", reply
            rest, closed = _read_until_eof(sock, 3)
            assert closed and rest == b"", "a refused connection must be closed after the error line"
            rejected += 1
        assert accepted, "no connection was accepted"
        assert rejected, "40 connections with -c 30 should hit the limit"
        for sock in accepted:  # the accepted connections keep working
            assert _ask_version(sock).startswith(b"VERSION ")
        accepted[0].sendall(b"stats\r\n")
        stats = b""
        while not stats.endswith(b"END\r\n"):
            chunk = accepted[0].recv(65536)
            assert chunk
            stats += chunk
        fields = dict(line.split(b" ")[1:3] for line in stats.split(b"\r\n") if line.startswith(b"STAT "))
        assert int(fields[b"rejected_connections"]) == rejected
        assert fields[b"max_connections"] == b"30"
    finally:
        for sock in conns:
            sock.close()
    # once the others are gone, new connections are accepted again
    deadline = time.monotonic() + 5
    while True:
        with server.connect(timeout=3) as sock:
            if _ask_version(sock).startswith(b"VERSION "):
                break
        assert time.monotonic() < deadline, "connections still refused after the others closed"
        time.sleep(0.1)


def test_idle_timeout(server_factory):
    server = server_factory(["-o", "idle_timeout=2"])
    idle = server.connect(timeout=3)
    busy = server.connect(timeout=3)
    try:
        assert _ask_version(idle).startswith(b"VERSION ")
        start = time.monotonic()
        while time.monotonic() - start < 4:
            assert _ask_version(busy).startswith(b"VERSION "), "an active connection was closed"
            time.sleep(0.5)
        data, closed = _read_until_eof(idle, 4)
        assert closed and data == b"", "an idle connection must be closed silently after idle_timeout"
        assert _ask_version(busy).startswith(b"VERSION ")
    finally:
        idle.close()
        busy.close()
