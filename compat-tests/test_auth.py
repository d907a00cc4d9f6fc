"""ASCII authentication (-Y authfile) against memcached 1.6.18, plus swiftcached's read-only users and
refresh_auth.

Differential part: both servers start with the same authfile; every conversation runs on a fresh
connection of each, and the bytes must equal the expected bytes recorded here (memcached 1.6.18's, so
the table stays honest: the reference is checked too). One deliberate difference is pinned separately:
memcached answers all pre-authentication requests of one read into a single response object, so only
the last reply is sent; swiftcached sends one reply per request (README, compatibility table). For those
conversations the reference must still show memcached's bytes and swiftcached its own.

Startup errors (missing, malformed and empty authfile, -U, -B) are compared with memcached's stderr
bytes and exit status. Read-only users and refresh_auth are swiftcached's own; memcached is used there only
to show that the main authfile stays readable by it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from harness import servers

AUTHFILE = b"user1:pass1\nuser2:pass2\n"
UNAUTH = b"CLIENT_ERROR unauthenticated\r\n"
FAILURE = b"CLIENT_ERROR authentication failure\r\n"
BAD_FORMAT = b"CLIENT_ERROR bad authentication token format\r\n"
BAD_TERMINATION = b"CLIENT_ERROR bad command line termination\r\n"
DENIED = b"CLIENT_ERROR permission denied\r\n"
AUTH1 = b"set x 0 0 11\r\nuser1 pass1\r\n"
CLOSED = "closed"


def exchange(server, chunks, quiet: float = 0.3) -> tuple[bytes, bool]:
    """Sends each chunk (bytes) as one write, pausing after each one until the server has been quiet for
    `quiet` s; returns everything received and whether the server closed the connection."""
    sock = server.connect()
    received = b""
    closed = False
    try:
        for chunk in chunks:
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                return received, True
            data, closed = _read_quiet(sock, quiet)
            received += data
            if closed:
                break
    finally:
        sock.close()
    return received, closed


def _read_quiet(sock: socket.socket, quiet: float, limit: float = 5.0) -> tuple[bytes, bool]:
    sock.settimeout(quiet)
    data = b""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return data, False
        except ConnectionResetError:
            return data, True
        if not chunk:
            return data, True
        data += chunk
    return data, False


@pytest.fixture
def authfile(tmp_path) -> Path:
    path = tmp_path / "users"
    path.write_bytes(AUTHFILE)
    return path


@pytest.fixture
def pair(authfile, reference_binary, sut_binary):
    """(reference, server under test), both with -Y authfile."""
    started = []
    for binary in (reference_binary, sut_binary):
        proc = servers.ServerProcess(binary, ["-Y", str(authfile)])
        started.append(proc)
        proc.start()
    yield started
    for proc in started:
        proc.stop()


# (name, chunks (one write each), memcached 1.6.18's bytes, closed?)
AGREEING = [
    ("get", [b"get a\r\n"], UNAUTH, False),
    ("version", [b"version\r\n"], UNAUTH, False),
    ("stats", [b"stats\r\n"], UNAUTH, False),
    ("quit stays open", [b"quit\r\n", b"version\r\n"], UNAUTH + UNAUTH, False),
    ("unknown command", [b"bogus\r\n"], UNAUTH, False),
    ("mn", [b"mn\r\n"], UNAUTH, False),
    ("mg", [b"mg a v\r\n"], UNAUTH, False),
    ("ms line", [b"ms a 2\r\n"], UNAUTH, False),
    ("add", [b"add x 0 0 11\r\n"], UNAUTH, False),
    ("cas", [b"cas x 0 0 11 1\r\n"], UNAUTH, False),
    ("set with 4 tokens", [b"set x 0 0\r\n"], UNAUTH, False),
    ("set with a bad length", [b"set x 0 0 11abc\r\n"], UNAUTH, False),
    ("set with a negative length", [b"set x 0 0 -1\r\n"], UNAUTH, False),
    ("upper-case SET", [b"SET x 0 0 11\r\n"], UNAUTH, False),
    ("empty line", [b"\r\n"], UNAUTH, False),
    # memcached's HTTP hang-up is on the authenticated path only: before auth these are plain lines.
    ("HTTP request before auth", [b"GET / HTTP/1.1\r\n", b"Host: x\r\n", b"\r\n"], UNAUTH * 3, False),
    ("success, nothing stored", [AUTH1, b"get x\r\n"], b"STORED\r\nEND\r\n", False),
    ("success then commands run", [AUTH1, b"set k 0 0 1\r\nv\r\n", b"get k\r\n"],
     b"STORED\r\nSTORED\r\nVALUE k 0 1\r\nv\r\nEND\r\n", False),
    ("wrong password", [b"set x 0 0 11\r\nuser1 passX\r\n"], FAILURE, False),
    ("unknown user", [b"set x 0 0 11\r\nuser9 pass1\r\n"], FAILURE, False),
    ("another user's password", [b"set x 0 0 11\r\nuser1 pass2\r\n"], FAILURE, False),
    ("failure, still unauthenticated, retry", [b"set x 0 0 11\r\nuser1 passX\r\n", b"get a\r\n", AUTH1, b"mn\r\n"],
     FAILURE + UNAUTH + b"STORED\r\nMN\r\n", False),
    ("no space", [b"set x 0 0 10\r\nuser1pass1\r\n"], BAD_FORMAT, False),
    ("empty data", [b"set x 0 0 0\r\n\r\n"], BAD_FORMAT, False),
    ("user only", [b"set x 0 0 6\r\nuser1 \r\n"], BAD_FORMAT, False),
    ("tab is not a separator", [b"set x 0 0 11\r\nuser1\tpass1\r\n"], BAD_FORMAT, False),
    ("newline inside the password", [b"set x 0 0 12\r\nuser1 pass1\n\r\n"], FAILURE, False),
    ("NUL inside the password", [b"set x 0 0 11\r\nuser1 pa\x00s1\r\n"], FAILURE, False),
    ("bad termination", [b"set x 0 0 11\r\nuser1 pass1XY", b"get a\r\n"], BAD_TERMINATION + UNAUTH, False),
    ("key, flags and ttl ignored", [b"set whatever 5 100 11\r\nuser2 pass2\r\n"], b"STORED\r\n", False),
    ("noreply ignored", [b"set x 0 0 11 noreply\r\nuser1 pass1\r\n"], b"STORED\r\n", False),
    ("leading spaces, plus sign", [b"  set x 0 0 +13\r\n  user1 pass1\r\n"], b"STORED\r\n", False),
    ("extra data tokens ignored", [b"set x 0 0 17\r\nuser1 pass1 extra\r\n"], b"STORED\r\n", False),
    ("authenticated and pipelined", [AUTH1 + b"get a\r\nmn\r\n"], b"STORED\r\nEND\r\nMN\r\n", False),
    ("data split over writes", [b"set x 0 0 11\r\nuser1", b" pass1\r\n"], b"STORED\r\n", False),
    ("length kept in 32 bits", [b"set x 0 0 4294967309\r\nuser1 pass1", b" z\r\n"], b"STORED\r\n", False),
    ("one byte is not looked at", [b"\n"], b"", False),
    ("2048 bytes without newline wait", [b"x" * 2048], b"", False),
    ("2049 bytes without newline close", [b"x" * 2049], b"", True),
    ("a long get closes too", [b"get " + b"k " * 1500], b"", True),
    ("replies of the closing read are dropped", [b"get a\r\n" + b"x" * 2049], b"", True),
    ("16382-byte block is read", [b"set x 0 0 16382\r\n" + b"a" * 16382 + b"\r\n"], BAD_FORMAT, False),
    ("16383-byte block closes", [b"set x 0 0 16383\r\n", b"a" * 16385], b"", True),
]


@pytest.mark.parametrize("case", AGREEING, ids=[c[0] for c in AGREEING])
def test_auth_conversation(pair, case):
    name, chunks, expected, closes = case
    for server in pair:
        got, closed = exchange(server, chunks)
        assert (got, closed) == (expected, closes), f"{server}: {name}"


# Deliberate difference: (name, one write, memcached's bytes, swiftcached's bytes).
COLLAPSED = [
    ("two unauthenticated", b"get a\r\nversion\r\n", UNAUTH, UNAUTH + UNAUTH),
    ("error before auth", b"get a\r\n" + AUTH1 + b"version\r\n", b"STORED\r\nVERSION 1.6.18\r\n",
     UNAUTH + b"STORED\r\nVERSION 1.6.18\r\n"),
    ("bad termination then leftover", b"set x 0 0 5\r\nuser1 pass1\r\n", UNAUTH, BAD_TERMINATION + UNAUTH),
    ("ms data is a line", b"ms a 2\r\nhi\r\n", UNAUTH, UNAUTH + UNAUTH),
]


@pytest.mark.parametrize("case", COLLAPSED, ids=[c[0] for c in COLLAPSED])
def test_pipelined_replies_before_auth(pair, case):
    name, write, memcached_bytes, our_bytes = case
    reference, sut = pair
    assert exchange(reference, [write]) == (memcached_bytes, False), f"reference: {name}"
    expected = memcached_bytes if os.path.basename(sut.binary).startswith("memcached") else our_bytes
    assert exchange(sut, [write]) == (expected, False), f"{sut}: {name}"


def _stats(server, command: bytes) -> list[tuple[bytes, bytes]]:
    got, _ = exchange(server, [AUTH1, command])
    lines = got.split(b"\r\n")
    assert lines[0] == b"STORED" and lines[-2] == b"END", got[:200]
    return [tuple(line.split(b" ", 2)[1:]) for line in lines[1:-2]]


def test_auth_counters_and_settings(pair, authfile):
    """auth_cmds counts successes and bad credentials, auth_errors bad credentials only; both sit
    between store_no_memory and bytes_read. stats settings names the file."""
    attempts = [
        [b"set x 0 0 11\r\nuser1 passX\r\n"], [b"set x 0 0 11\r\nuser9 pass9\r\n"], [AUTH1],
        [b"set x 0 0 10\r\nuser1pass1\r\n"], [b"get a\r\n"], [b"mg a v\r\n"], [b"set x 0 0 11\r\nuser2 pass2\r\n"],
    ]
    for server in pair:
        for chunks in attempts:
            exchange(server, chunks, quiet=0.1)
    results = []
    for server in pair:
        stats = _stats(server, b"stats\r\n")
        names = [name for name, _ in stats]
        at = names.index(b"auth_cmds")
        assert names[at - 1: at + 3] == [b"store_no_memory", b"auth_cmds", b"auth_errors", b"bytes_read"]
        # The stats command's own connection authenticated too: 4 successes + 2 failures.
        assert dict(stats)[b"auth_cmds"] == b"5" and dict(stats)[b"auth_errors"] == b"2", server
        # Nothing before authentication ran as a command.
        for name in (b"cmd_get", b"cmd_set", b"cmd_meta", b"get_misses", b"total_items"):
            assert dict(stats)[name] == b"0", (server, name)
        settings = dict(_stats(server, b"stats settings\r\n"))
        results.append((settings[b"auth_enabled_sasl"], settings[b"auth_enabled_ascii"],
                        settings[b"binding_protocol"]))
    assert results[0] == results[1] == (b"no", str(authfile).encode(), b"ascii")


def test_stats_reset_clears_auth_counters(pair):
    for server in pair:
        exchange(server, [b"set x 0 0 11\r\nuser1 passX\r\n"])
        got, _ = exchange(server, [AUTH1, b"stats reset\r\n", b"stats\r\n"])
        assert b"STAT auth_cmds 0\r\nSTAT auth_errors 0\r\n" in got, server


def _run_exit(binary: str, args: list[str]) -> tuple[int, bytes]:
    cmd = [binary, "-l", "127.0.0.1", "-p", str(servers.free_port())] + args
    if os.geteuid() == 0:
        cmd += ["-u", "root"]
    try:
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=3)
    except subprocess.TimeoutExpired:
        return -999, b"(still running)"
    return done.returncode, done.stderr


@pytest.mark.parametrize("kind", ["missing", "malformed", "blank line", "udp", "binary", "explicit auto"])
def test_startup_errors(kind, tmp_path, reference_binary, sut_binary):
    good = tmp_path / "good"
    good.write_bytes(AUTHFILE)
    bad = tmp_path / "bad"
    bad.write_bytes(b"user1:pass1\nnocolon\n")
    blank = tmp_path / "blank"
    blank.write_bytes(b"user1:pass1\n\n")
    args = {
        "missing": ["-U", "0", "-Y", str(tmp_path / "missing")],
        "malformed": ["-U", "0", "-Y", str(bad)],
        "blank line": ["-U", "0", "-Y", str(blank)],
        "udp": ["-U", "11299", "-Y", str(good)],
        "binary": ["-U", "0", "-B", "binary", "-Y", str(good)],
        "explicit auto": ["-U", "0", "-B", "auto", "-Y", str(good)],
    }[kind]
    reference = _run_exit(reference_binary, args)
    assert reference[0] in (1, 64), reference
    assert _run_exit(sut_binary, args) == reference


def test_empty_authfile_lets_nobody_in(tmp_path, server_factory):
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    server = server_factory(["-Y", str(empty)])
    assert exchange(server, [AUTH1, b"get a\r\n"]) == (FAILURE + UNAUTH, False)


# ---- swiftcached's own: read-only users and refresh_auth -------------------------------------------

READER = b"set x 0 0 12\r\nreader rpass\r\n"


@pytest.fixture
def readonly_server(tmp_path, server_factory, sut_binary):
    if os.path.basename(sut_binary).startswith("memcached"):
        pytest.skip("read-only users are swiftcached's own")
    users = tmp_path / "users"
    users.write_bytes(AUTHFILE)
    readers = tmp_path / "readers"
    readers.write_bytes(b"reader:rpass\n")
    server = server_factory(["-Y", str(users), "-o", f"auth_readonly_file={readers}"])
    server.users, server.readers = users, readers
    return server


def test_readonly_user_reads_but_cannot_write(readonly_server):
    server = readonly_server
    got, _ = exchange(server, [AUTH1, b"set k 0 0 5\r\nhello\r\nset n 0 0 1\r\n5\r\n"])
    assert got == b"STORED\r\nSTORED\r\nSTORED\r\n"
    refused = [
        b"set k 0 0 3\r\nbye\r\n", b"add k2 0 0 1\r\na\r\n", b"replace k 0 0 1\r\na\r\n", b"append k 0 0 1\r\na\r\n",
        b"prepend k 0 0 1\r\na\r\n", b"cas k 0 0 1 1\r\na\r\n", b"delete k\r\n", b"incr n 1\r\n", b"decr n 1\r\n",
        b"touch k 10\r\n", b"gat 10 k\r\n", b"gats 10 k\r\n", b"flush_all\r\n", b"ms k 3\r\nbye\r\n", b"md k\r\n",
        b"ma n\r\n", b"mg k v T10\r\n", b"mg k2 N30\r\n", b"verbosity 1\r\n", b"slabs automove 0\r\n",
        b"lru mode flat\r\n", b"lru_crawler disable\r\n", b"stats reset\r\n", b"cache_memlimit 100\r\n",
        b"refresh_auth\r\n",
    ]
    # One write: the refusals must keep the connection in step (data blocks skipped).
    got, closed = exchange(server, [READER + b"".join(refused) + b"get k n k2\r\nmg k v\r\nmn\r\n"])
    assert not closed
    assert got == (b"STORED\r\n" + DENIED * len(refused) + b"VALUE k 0 5\r\nhello\r\nVALUE n 0 1\r\n5\r\nEND\r\n"
                   + b"VA 5\r\nhello\r\nMN\r\n")
    # noreply hides the refusal, and the data block is still skipped (one write: must stay in step).
    got, _ = exchange(server, [READER + b"set k 0 0 5 noreply\r\nget k\r\nmn\r\n"])
    assert got == b"STORED\r\nMN\r\n"
    # A read-write user still writes.
    got, _ = exchange(server, [AUTH1 + b"delete k\r\n"])
    assert got == b"STORED\r\nDELETED\r\n"
    settings, _ = exchange(server, [AUTH1, b"stats settings\r\n"])
    assert f"STAT auth_enabled_ascii {server.users}\r\nSTAT auth_readonly_file {server.readers}\r\n".encode() in settings


def test_main_authfile_stays_readable_by_memcached(readonly_server, server_factory, reference_binary):
    """memcached reads the same -Y file; it does not know the read-only users (they cannot log in)."""
    memcached = server_factory(["-Y", str(readonly_server.users)], binary=reference_binary)
    assert exchange(memcached, [AUTH1]) == (b"STORED\r\n", False)
    assert exchange(memcached, [READER]) == (FAILURE, False)


def test_refresh_auth(readonly_server):
    server = readonly_server
    user3 = b"set x 0 0 11\r\nuser3 pass3\r\n"
    assert exchange(server, [user3]) == (FAILURE, False)
    # A connection authenticated before the change keeps working afterwards.
    early = server.connect()
    early.sendall(AUTH1)
    assert _read_quiet(early, 0.3) == (b"STORED\r\n", False)
    server.users.write_bytes(b"user3:pass3\n")
    server.readers.write_bytes(b"reader2:r2\n")
    assert exchange(server, [AUTH1, b"refresh_auth\r\n"]) == (b"STORED\r\nOK\r\n", False)
    assert exchange(server, [user3]) == (b"STORED\r\n", False)
    assert exchange(server, [AUTH1]) == (FAILURE, False)
    assert exchange(server, [READER]) == (FAILURE, False)
    assert exchange(server, [b"set x 0 0 10\r\nreader2 r2\r\n", b"delete a\r\n"]) == (b"STORED\r\n" + DENIED, False)
    early.sendall(b"mn\r\n")
    assert _read_quiet(early, 0.3) == (b"MN\r\n", False)
    early.close()
    # A malformed file is refused and the users loaded before stay.
    server.users.write_bytes(b"garbage\n")
    got, _ = exchange(server, [user3, b"refresh_auth\r\n"])
    assert got == f"STORED\r\nSERVER_ERROR authfile {server.users} has a malformed entry\r\n".encode()
    assert exchange(server, [user3]) == (b"STORED\r\n", False)
    server.users.unlink()
    got, _ = exchange(server, [user3, b"refresh_auth\r\n"])
    assert got.startswith(b"STORED\r\nSERVER_ERROR could not read authfile ")
    assert exchange(server, [user3]) == (b"STORED\r\n", False)


@pytest.mark.parametrize("which", ["memcached", "swiftcached"])
def test_sighup_rereads_the_authfile(tmp_path, server_factory, reference_binary, which):
    """memcached re-reads its authfile on SIGHUP (on its next clock tick); swiftcached at once. Neither
    stops; a user added to the file can authenticate afterwards."""
    path = tmp_path / "hup-authfile"
    path.write_text("user1:pass1\n")
    server = server_factory(["-Y", str(path)], binary=reference_binary if which == "memcached" else None)
    login = [b"set a 0 0 11\r\nuser2 pass2\r\n"]
    assert exchange(server, login)[0] == b"CLIENT_ERROR authentication failure\r\n"
    path.write_text("user1:pass1\nuser2:pass2\n")
    os.kill(server.pid, signal.SIGHUP)
    time.sleep(1.5)
    assert server.wait_exit(0) is None, "SIGHUP stopped the server"
    assert exchange(server, login)[0] == b"STORED\r\n"
