"""Hardening: signals, slow-loris reaping, the data-block timeout and the binary-protocol close.

Where memcached 1.6.18 defines the behaviour, both servers run the same scenario and must agree:
  * signals: SIGHUP is ignored (still serving); SIGUSR2 kills the process (no handler); SIGUSR1, SIGTERM
    and SIGINT end it with status 0;
  * slow loris: with `-o idle_timeout=5`, 500 connections that each trickle one byte of a line that never
    ends every 200 ms are all closed, without a byte, within timeout + 4 s, and counted in `idle_kicks`.
Where swiftcached deliberately goes further (README, compatibility table), memcached is run too, to show
what it does instead, and the server under test must do the documented thing:
  * a connection inside one data block for longer than the idle timeout is closed (memcached keeps it);
  * a request starting with the binary magic byte 0x80 closes the connection at once (memcached answers
    it in binary with -B auto, and waits for a newline with -B ascii), counted in `cross_protocol_closes`.
When the server under test is memcached itself (SWIFTCACHED_BIN unset), those two tests check that
memcached does not behave that way, which proves they exercise something 1.6.18 lacks.

The HTTP hang-up and the placement of `idle_kicks` are byte-exact transcripts
(transcripts/classic/cross_protocol/, transcripts/classic/idle_timeout_kicks_stats.t).
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness import servers

BINARY_VERSION = b"\x80\x0b" + b"\x00" * 22  # a binary-protocol `version` request


def _is_reference(sut_binary: str, reference_binary: str) -> bool:
    return servers.resolve(sut_binary) == servers.resolve(reference_binary)


def _stats(server: servers.ServerProcess) -> list[tuple[bytes, bytes]]:
    with server.connect(timeout=3) as sock:
        sock.sendall(b"stats\r\n")
        data = b""
        while not data.endswith(b"END\r\n"):
            chunk = sock.recv(65536)
            assert chunk, "closed while reading stats"
            data += chunk
    return [tuple(line.split(b" ")[1:3]) for line in data.split(b"\r\n") if line.startswith(b"STAT ")]


def _version(server: servers.ServerProcess) -> bytes:
    with server.connect(timeout=3) as sock:
        sock.sendall(b"version\r\n")
        return sock.recv(4096)


def _closed(sock: socket.socket) -> tuple[bool, bytes]:
    """Non-blocking: (closed by the server, bytes that arrived)."""
    data = b""
    while True:
        try:
            chunk = sock.recv(65536, socket.MSG_DONTWAIT)
        except (BlockingIOError, TimeoutError):  # nothing yet (TimeoutError: a socket with a timeout set)
            return False, data
        except ConnectionResetError:
            return True, data
        if not chunk:
            return True, data
        data += chunk


def _wait_closed(sock: socket.socket, timeout: float) -> tuple[bool, bytes]:
    deadline = time.monotonic() + timeout
    data = b""
    while True:
        closed, chunk = _closed(sock)
        data += chunk
        if closed or time.monotonic() >= deadline:
            return closed, data
        time.sleep(0.05)


# -- signals --------------------------------------------------------------------------------------


def _after_signal(binary: str, sig: int) -> tuple[int | None, bytes]:
    """Exit status within 3 s of `sig` (None: still running), and a `version` answer if still running."""
    with servers.ServerProcess(binary) as server:
        with server.connect(timeout=3) as before:
            server.proc.send_signal(sig)
            code = server.wait_exit(3.0 if sig != signal.SIGHUP else 1.0)
            if code is not None:
                return code, b""
            before.sendall(b"version\r\n")
            return None, before.recv(4096)


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGUSR2, signal.SIGUSR1, signal.SIGTERM, signal.SIGINT],
                         ids=lambda s: signal.Signals(s).name)
def test_signal_outcome_matches_memcached(sig, sut_binary, reference_binary):
    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = pool.submit(_after_signal, reference_binary, sig)
        under_test = pool.submit(_after_signal, sut_binary, sig)
        reference, under_test = reference.result(), under_test.result()
    expected = {
        signal.SIGHUP: (None, b"VERSION 1.6.18\r\n"),
        signal.SIGUSR2: (-signal.SIGUSR2, b""),
    }.get(sig, (0, b""))
    assert reference == expected, f"memcached: {reference}"
    assert under_test == expected, f"server under test: {under_test}"


def _request_in_flight_at_stop(binary: str, sig: int) -> tuple[bytes, int | None]:
    """A `set` whose data block is cut in two: the signal comes between the halves, the rest 0.3 s
    later. Returns the reply and the exit status."""
    with servers.ServerProcess(binary, []) as server:
        with server.connect(timeout=5) as sock:
            sock.sendall(b"set k 0 0 10\r\n12345")
            time.sleep(0.2)
            os.kill(server.pid, sig)
            time.sleep(0.3)
            sock.sendall(b"67890\r\n")
            sock.settimeout(3)
            try:
                reply = sock.recv(100)
            except OSError as error:
                reply = repr(error).encode()
        return reply, server.wait_exit(5.0)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGUSR1], ids=lambda s: signal.Signals(s).name)
def test_stop_lets_a_request_in_flight_finish(sig, sut_binary, reference_binary):
    """Both servers finish a request that had begun when the stop came (memcached keeps serving until its
    clock tick; swiftcached lets connections with work in flight finish, up to 2 s) and exit 0."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = pool.submit(_request_in_flight_at_stop, reference_binary, sig)
        under_test = pool.submit(_request_in_flight_at_stop, sut_binary, sig)
        reference, under_test = reference.result(), under_test.result()
    assert reference == (b"STORED\r\n", 0), f"memcached: {reference}"
    assert under_test == (b"STORED\r\n", 0), f"server under test: {under_test}"


# -- slow loris -----------------------------------------------------------------------------------

LORISES = 500
LORIS_TIMEOUT = 5
# "Within about timeout + 4 s": measured from the start of the trickle (the connections opened just
# before), plus half a second for this client's own pass over 500 sockets.
LORIS_LIMIT = LORIS_TIMEOUT + 4.5


def _slow_loris(binary: str) -> tuple[float, float, int, list[bytes], bytes]:
    """500 connections trickling a never-ending line; returns (first close, last close) in seconds after
    the trickle started, how many stayed open, any bytes they got, and `idle_kicks`."""
    with servers.ServerProcess(binary, ["-o", f"idle_timeout={LORIS_TIMEOUT}", "-c", "2048"]) as server:
        socks = [server.connect(timeout=5) for _ in range(LORISES)]
        line = b"get slow-loris-key-that-never-ends-"
        open_ = dict(enumerate(socks))
        received: list[bytes] = []
        start = time.monotonic()
        first = last = 0.0
        step = 0
        try:
            while open_ and time.monotonic() - start < LORIS_LIMIT + 1.5:
                for index, sock in list(open_.items()):
                    closed, data = _closed(sock)
                    if data:
                        received.append(data)
                    if not closed:
                        try:
                            sock.send(line[step % len(line) : step % len(line) + 1], socket.MSG_DONTWAIT)
                        except (BlockingIOError, TimeoutError):
                            pass
                        except OSError:
                            closed = True
                    if closed:
                        elapsed = time.monotonic() - start
                        first = first or elapsed
                        last = elapsed
                        del open_[index]
                step += 1
                time.sleep(0.2)
            kicks = dict(_stats(server)).get(b"idle_kicks", b"<missing>")
        finally:
            for sock in socks:
                sock.close()
        return first, last, len(open_), received, kicks


def test_slow_loris_connections_are_reaped(sut_binary, reference_binary):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4 * LORISES:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8 * LORISES), hard))
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = {
            "memcached": pool.submit(_slow_loris, reference_binary),
            "server under test": pool.submit(_slow_loris, sut_binary),
        }
        results = {name: future.result() for name, future in results.items()}
    for name, (first, last, still_open, received, kicks) in results.items():
        assert still_open == 0, f"{name}: {still_open} of {LORISES} trickling connections still open after {last:.1f} s"
        assert received == [], f"{name}: bytes sent to a reaped connection: {received[:3]}"
        assert first >= LORIS_TIMEOUT - 1, f"{name}: a connection was closed after {first:.1f} s, before the timeout"
        assert last <= LORIS_LIMIT, f"{name}: the last connection was closed after {last:.1f} s"
        assert kicks == str(LORISES).encode(), f"{name}: idle_kicks {kicks!r}"


# -- beyond memcached: a connection stuck inside one data block ----------------------------------


def _inside_data_block(binary: str, timeout: int, watch: float) -> tuple[bool, float, bytes]:
    """A `set` whose value bytes trickle in (one every 300 ms): (closed, when, bytes received)."""
    with servers.ServerProcess(binary, ["-o", f"idle_timeout={timeout}"]) as server:
        with server.connect(timeout=3) as sock:
            sock.sendall(b"set stuck 0 0 100\r\nabc")
            start = time.monotonic()
            data = b""
            while time.monotonic() - start < watch:
                closed, chunk = _closed(sock)
                data += chunk
                if closed:
                    return True, time.monotonic() - start, data
                try:
                    sock.send(b"x", socket.MSG_DONTWAIT)
                except (BlockingIOError, TimeoutError):
                    pass
                except OSError:
                    return True, time.monotonic() - start, data
                time.sleep(0.3)
            return False, watch, data


def test_data_block_longer_than_idle_timeout_is_closed(sut_binary, reference_binary):
    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = pool.submit(_inside_data_block, reference_binary, 2, 8.0)
        under_test = pool.submit(_inside_data_block, sut_binary, 2, 8.0)
        reference, under_test = reference.result(), under_test.result()
    assert reference == (False, 8.0, b""), f"memcached keeps a connection waiting for value bytes: {reference}"
    if _is_reference(sut_binary, reference_binary):
        return  # the server under test is memcached: the check above is all it can show
    closed, when, data = under_test
    assert closed and data == b"", f"server under test: {under_test}"
    assert 2 <= when <= 2 + 4, f"closed {when:.1f} s into the data block (idle_timeout=2)"


# -- beyond memcached: the binary protocol's magic byte ------------------------------------------


def _binary_request(binary: str, flags: list[str]) -> tuple[bool, bytes]:
    with servers.ServerProcess(binary, flags) as server:
        with server.connect(timeout=3) as sock:
            sock.sendall(BINARY_VERSION)
            return _wait_closed(sock, 1.5)


def test_binary_request_closes_the_connection(sut_binary, reference_binary):
    # memcached 1.6.18 negotiates the binary protocol by default and answers in binary; with -B ascii it
    # reads the bytes as text and waits for a newline.
    closed, data = _binary_request(reference_binary, [])
    assert not closed and data.startswith(b"\x81\x0b"), (closed, data)
    assert _binary_request(reference_binary, ["-B", "ascii"]) == (False, b"")
    if _is_reference(sut_binary, reference_binary):
        return
    assert _binary_request(sut_binary, []) == (True, b"")
    assert _binary_request(sut_binary, ["-B", "ascii"]) == (True, b"")


def test_cross_protocol_closes_counted(server_factory, sut_binary, reference_binary):
    server = server_factory()
    names = [name for name, _ in _stats(server)]
    assert b"cross_protocol_closes" not in names, "the line appears only once a close has happened"
    with server.connect(timeout=3) as sock:
        sock.sendall(b"version\r\nGET / HTTP/1.1\r\n")
        assert _wait_closed(sock, 3) == (True, b"")
    with server.connect(timeout=3) as sock:
        sock.sendall(BINARY_VERSION)
        closed, _ = _wait_closed(sock, 1.5)
    stats = _stats(server)
    if _is_reference(sut_binary, reference_binary):
        assert not closed and b"cross_protocol_closes" not in [name for name, _ in stats]
        return
    assert closed
    assert stats[-1] == (b"cross_protocol_closes", b"2"), stats[-3:]
    assert _version(server) == b"VERSION 1.6.18\r\n"
