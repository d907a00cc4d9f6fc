"""Item listings, memcached 1.6.18 against the server under test: `lru_crawler metadump` (line format, key
escaping, LF line ends, END\\r\\n), `stats cachedump` in segmented mode (COLD only: items appear once they
left HOT), and the operator tools built on them: memcached-tool `dump` (metadump) and libmemcached's
`memcdump` (cachedump). Absolute times, CAS numbers, class ids and sizes are normalised in
harness/policy.py (one place, with the reasons).
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness import servers
from harness.policy import Client, metadump, normalise_metadump, server_time

MEMCACHED_TOOL = Path("/usr/share/memcached/scripts/memcached-tool")
POLL = 6.0  # seconds to wait for items to leave HOT (memcached: about 1-2 s)

# Keys whose escaping is checked: UTF-8, URI-reserved characters, control characters (legal in ASCII keys).
ESCAPED_KEYS = [b"caf\xc3\xa9", b"a%b/c:d?e&f=g+h~i_j-k.l", b"ctl\x01\x7f\x09tab", b"quo\"te'<>"]
# Binary keys stored with `ms <base64> ... b`: metadump shows them URI-escaped, not as base64.
BINARY_KEYS = [b"hello world\r\n", b"\x00\x01bin"]


def _both(function, sut_binary, reference_binary, *args):
    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = pool.submit(function, reference_binary, *args)
        under_test = pool.submit(function, sut_binary, *args)
        return reference.result(), under_test.result()


def _store_metadump_items(c: Client) -> None:
    assert c.line(b"set k_ttl 0 300 1\r\na\r\n") == b"STORED\r\n"
    assert c.line(b"set k_flags 123 0 2\r\nbb\r\n") == b"STORED\r\n"
    assert c.line(b"set k_fetched 0 0 3\r\nccc\r\n") == b"STORED\r\n"
    assert c.block(b"get k_fetched\r\n").endswith(b"END\r\n")
    for key in ESCAPED_KEYS:
        assert c.line(b"set %s 0 0 1\r\nx\r\n" % key) == b"STORED\r\n"
    for key in BINARY_KEYS:
        assert c.line(b"ms %s 1 b T900\r\ny\r\n" % base64.b64encode(key)) == b"HD\r\n"


def _metadump_flat(binary: str) -> dict[str, list[str]]:
    """Flat LRU: every item sits in COLD, so a crawl lists them oldest first, deterministically."""
    with servers.ServerProcess(binary, []) as server:
        c = Client(server.address)
        assert c.line(b"lru mode flat\r\n") == b"OK\r\n"
        _store_metadump_items(c)
        out = {}
        for what in ("all", "1", "1,2", "2"):
            now = server_time(c)
            out[what] = normalise_metadump(metadump(c, what), now)
        now = server_time(c)
        out["hash (sorted: hash table order differs by design)"] = sorted(normalise_metadump(metadump(c, "hash"), now))
        assert c.line(b"version\r\n").startswith(b"VERSION ")
        c.close()
    return out


def _metadump_segmented(binary: str) -> list[str]:
    """Segmented LRU: the maintainer moves items between HOT/WARM/COLD on its own schedule, which decides the
    crawl order, so the lines are compared as a sorted list."""
    with servers.ServerProcess(binary, []) as server:
        c = Client(server.address)
        _store_metadump_items(c)
        now = server_time(c)
        lines = sorted(normalise_metadump(metadump(c, "all"), now))
        c.close()
    return lines


def test_policy_metadump_format_flat(sut_binary, reference_binary):
    reference, under_test = _both(_metadump_flat, sut_binary, reference_binary)
    assert reference["all"][:3] == [
        "key=k_ttl exp=+300 la=<now> cas=<cas#1> fetch=no cls=<class#1> size=<size>",
        "key=k_flags exp=-1 la=<now> cas=<cas#2> fetch=no cls=<class#1> size=<size>",
        "key=k_fetched exp=-1 la=<now> cas=<cas#3> fetch=yes cls=<class#1> size=<size>",
    ]
    assert "key=a%25b%2Fc%3Ad%3Fe%26f%3Dg%2Bh~i_j-k.l exp=-1 la=<now> cas=<cas#5> fetch=no cls=<class#1> size=<size>" in (
        reference["all"]
    )
    assert reference["2"] == []
    for what in reference:
        assert under_test[what] == reference[what], f"lru_crawler metadump {what}"


def test_policy_metadump_format_segmented(sut_binary, reference_binary):
    reference, under_test = _both(_metadump_segmented, sut_binary, reference_binary)
    assert len(reference) == 3 + len(ESCAPED_KEYS) + len(BINARY_KEYS)
    assert any(line.startswith("key=hello%20world%0D%0A exp=+900 ") for line in reference)
    assert any(line.startswith("key=%00%01bin exp=+900 ") for line in reference)
    assert under_test == reference


def _classes_in_use(c: Client) -> list[int]:
    return sorted({int(name.split(":")[1]) for name in c.stats("items") if name.endswith(":number")})


def _store_two_classes(c: Client, count: int = 50) -> set[bytes]:
    keys = set()
    batch = []
    for i in range(count):
        small, large = b"small:%02d" % i, b"large:%02d" % i
        batch.append(b"set %s 0 0 10 noreply\r\n0123456789\r\n" % small)
        if i < count // 2:
            batch.append(b"set %s 5 0 3000 noreply\r\n%s\r\n" % (large, b"L" * 3000))
            keys.add(large)
        keys.add(small)
    c.send(b"".join(batch))
    c.sync()
    return keys


def _cachedump_segmented(binary: str) -> list[list[str]]:
    """Per class in use (by order), the sorted ITEM lines once every stored item is listed (or POLL ran out)."""
    with servers.ServerProcess(binary, []) as server:
        c = Client(server.address)
        keys = _store_two_classes(c)
        deadline = time.monotonic() + POLL
        while True:
            listings = [c.block(b"stats cachedump %d 0\r\n" % cls) for cls in _classes_in_use(c)]
            listed = sum(x.count(b"ITEM ") for x in listings)
            if listed >= len(keys) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        c.close()
    return [sorted(x.decode("latin1").split("\r\n")) for x in listings]


def test_policy_cachedump_segmented(sut_binary, reference_binary):
    reference, under_test = _both(_cachedump_segmented, sut_binary, reference_binary)
    assert [len(x) for x in reference] == [52, 27], "memcached listed every item, plus END and the empty tail"
    assert "ITEM small:07 [10 b; 0 s]" in reference[0]
    assert "ITEM large:07 [3000 b; 0 s]" in reference[1]
    assert under_test == reference


def _tool_keys(binary: str, tool: str) -> tuple[set[bytes], set[bytes]]:
    """Stored keys, and the keys the tool listed."""
    flat = tool == "memcdump"  # memcdump reads `stats cachedump`, which lists COLD only: use a flat LRU
    with servers.ServerProcess(binary, []) as server:
        c = Client(server.address)
        if flat:
            assert c.line(b"lru mode flat\r\n") == b"OK\r\n"
        keys = _store_two_classes(c)
        c.close()
        host = f"127.0.0.1:{server.port}"
        if tool == "memcdump":
            command = [shutil.which("memcdump"), f"--servers={host}"]
        else:
            command = ["perl", str(MEMCACHED_TOOL), host, "dump"]
        run = subprocess.run(command, capture_output=True, timeout=30)
        assert run.returncode == 0, run.stderr
        if tool == "memcdump":
            listed = {line for line in run.stdout.split(b"\n") if line}
        else:  # "add <key> <flags> <exptime> <bytes>\r\n<value>\r\n" per item
            listed = {line.split(b" ")[1] for line in run.stdout.split(b"\r\n") if line.startswith(b"add ")}
    return keys, listed


@pytest.mark.parametrize("tool", ["memcached-tool", "memcdump"])
def test_policy_tools_list_stored_keys(tool, sut_binary, reference_binary):
    if tool == "memcdump" and not shutil.which("memcdump"):
        pytest.skip("memcdump (libmemcached-tools) is not installed")
    if tool == "memcached-tool" and not MEMCACHED_TOOL.exists():
        pytest.skip("memcached-tool is not installed")
    (ref_keys, ref_listed), (sut_keys, sut_listed) = _both(_tool_keys, sut_binary, reference_binary, tool)
    assert ref_listed == ref_keys, f"{tool} against memcached listed {len(ref_listed)} of {len(ref_keys)} keys"
    missing = sorted(sut_keys - sut_listed)
    assert sut_listed == sut_keys, f"{tool} listed {len(sut_listed)} of {len(sut_keys)} keys; missing {missing[:5]}..."


def _large_metadump(binary: str) -> tuple[int, int, bytes]:
    """3,000 items in many classes, dumped twice on one connection (a dump streams in many writes):
    (lines of the first dump, lines of the second, the reply to a request after them). Flat LRU, so no
    item moves between LRUs while the dump walks them (a move can hide an item from a dump in either
    server)."""
    with servers.ServerProcess(binary, ["-m", "1024", "-t", "4", "-o", "no_lru_maintainer"]) as server:
        c = Client(server.address)
        for start in range(0, 3000, 500):
            c.sock.sendall(b"".join(
                b"set key%d 0 0 %d noreply\r\n%s\r\n" % (i, 100 + i % 2000, b"x" * (100 + i % 2000))
                for i in range(start, start + 500)))
        assert c.line(b"mn\r\n") == b"MN\r\n"
        first, second = len(metadump(c, "all")), len(metadump(c, "all"))
        reply = c.line(b"version\r\n")
        c.close()
    return first, second, reply


def test_policy_large_metadump_streams_to_the_end(sut_binary, reference_binary):
    reference, under_test = _both(_large_metadump, sut_binary, reference_binary)
    assert reference[:2] == (3000, 3000), reference
    assert under_test == reference[:2] + (under_test[2],) and under_test[2].startswith(b"VERSION "), under_test
