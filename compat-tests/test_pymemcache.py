"""pymemcache against the server under test: every operation of pymemcache's base Client.

pymemcache sends `noreply` on storage commands by default (default_noreply=True); both modes are
exercised. Each test gets a fresh server.
"""

from __future__ import annotations

import pytest
from pymemcache.client.base import Client
from pymemcache.client.hash import HashClient
from pymemcache.exceptions import (
    MemcacheClientError,
    MemcacheIllegalInputError,
    MemcacheServerError,
    MemcacheUnknownCommandError,
)


@pytest.fixture
def client(sut):
    c = Client(sut.address, connect_timeout=2, timeout=2)
    yield c
    c.close()


@pytest.fixture
def replying(sut):
    c = Client(sut.address, connect_timeout=2, timeout=2, default_noreply=False)
    yield c
    c.close()


def test_set_get_default_noreply(client):
    assert client.set("k", b"value") is True  # noreply: the client cannot know, it assumes True
    assert client.get("k") == b"value"
    assert client.get("missing") is None
    assert client.get("missing", default=b"d") == b"d"


def test_set_with_reply_flags_and_expire(replying):
    assert replying.set("k", b"v", expire=100, flags=42) is True
    # raw_command shows what the server stored: flags must round-trip
    assert replying.raw_command(b"get k", b"END\r\n") == b"VALUE k 42 1\r\nv\r\n"


def test_set_many_get_many(client, replying):
    values = {f"key{i}": f"value{i}".encode() for i in range(50)}
    assert client.set_many(values) == []
    assert replying.set_many({"a": b"1", "b": b"2"}) == []
    assert replying.set_multi({"m": b"3"}, expire=100) == []
    got = client.get_many(list(values) + ["nope", "a"])
    assert got == {**values, "a": b"1"}
    assert client.get_multi(["a", "b", "m"]) == {"a": b"1", "b": b"2", "m": b"3"}
    assert client.get_many([]) == {}


def test_add_replace(replying):
    assert replying.add("k", b"1") is True
    assert replying.add("k", b"2") is False
    assert replying.replace("k", b"3") is True
    assert replying.replace("absent", b"4") is False
    assert replying.get("k") == b"3"
    assert replying.get("absent") is None


def test_add_replace_noreply(client):
    assert client.add("k", b"1") is True
    assert client.add("k", b"2") is True  # noreply: always True
    assert client.get("k") == b"1"
    client.replace("k", b"3")
    assert client.get("k") == b"3"


def test_append_prepend(replying):
    assert replying.append("k", b"x") is False
    assert replying.prepend("k", b"x") is False
    replying.set("k", b"mid", flags=7)
    assert replying.append("k", b">") is True
    assert replying.prepend("k", b"<") is True
    assert replying.get("k") == b"<mid>"
    assert replying.raw_command(b"get k", b"END\r\n") == b"VALUE k 7 5\r\n<mid>\r\n"


def test_gets_cas(replying):
    assert replying.gets("absent") == (None, None)
    replying.set("k", b"v1")
    value, token = replying.gets("k")
    assert value == b"v1" and token.isdigit()
    assert replying.cas("k", b"v2", token) is True
    assert replying.cas("k", b"v3", token) is False  # EXISTS
    assert replying.cas("absent", b"v", token) is None  # NOT_FOUND
    value2, token2 = replying.gets("k")
    assert value2 == b"v2" and token2 != token


def test_gets_many(replying):
    replying.set_many({"a": b"1", "b": b"2"})
    got = replying.gets_many(["a", "b", "c"])
    assert set(got) == {"a", "b"}
    assert got["a"][0] == b"1" and got["b"][0] == b"2"
    assert got["a"][1] != got["b"][1]


def test_delete(client, replying):
    replying.set("k", b"v")
    assert replying.delete("k") is True
    assert replying.delete("k") is False
    client.set_many({"a": b"1", "b": b"2"})
    assert client.delete_many(["a", "b", "c"]) is True
    assert client.get_many(["a", "b"]) == {}
    replying.set("c", b"3")
    assert replying.delete_multi(["c"]) is True
    assert replying.get("c") is None


def test_incr_decr(replying, client):
    assert replying.incr("n", 1) is None
    assert replying.decr("n", 1) is None
    replying.set("n", b"10")
    assert replying.incr("n", 5) == 15
    assert replying.decr("n", 20) == 0
    assert replying.incr("n", 2**64 - 1) == 2**64 - 1
    assert replying.incr("n", 1) == 0
    assert client.incr("n", 3, noreply=True) is None
    client.version()  # a reply on the same connection: the noreply incr has been applied
    assert replying.get("n").rstrip() == b"3"
    replying.set("s", b"abc")
    with pytest.raises(MemcacheClientError):
        replying.incr("s", 1)


def test_touch(replying):
    assert replying.touch("absent", 10) is False
    replying.set("k", b"v")
    assert replying.touch("k", 100) is True
    assert replying.touch("k", -1) is True
    assert replying.get("k") is None


def test_flush_all(replying, client):
    replying.set_many({"a": b"1", "b": b"2"})
    assert replying.flush_all() is True
    assert replying.get_many(["a", "b"]) == {}
    client.set("c", b"3")
    assert client.flush_all(noreply=True) is True
    client.version()  # a reply on the same connection: the noreply flush has been applied
    assert replying.get("c") is None
    replying.set("d", b"4")
    assert replying.flush_all(delay=100) is True
    assert replying.get("d") == b"4"  # delayed flush: still visible


def test_stats(replying):
    replying.set("k", b"v")
    replying.get("k")
    replying.get("absent")
    stats = replying.stats()
    assert stats[b"cmd_get"] == 2
    assert stats[b"get_hits"] == 1
    assert stats[b"get_misses"] == 1
    assert stats[b"curr_items"] == 1
    assert stats[b"cmd_set"] == 1
    assert stats[b"pid"] > 0
    assert isinstance(stats[b"rusage_user"], float)
    for name in (b"uptime", b"time", b"version", b"curr_connections", b"total_connections", b"bytes",
                 b"limit_maxbytes", b"threads", b"evictions", b"bytes_read", b"bytes_written"):
        assert name in stats, name
    # pymemcache's stats("reset") cannot parse RESET; send it raw
    assert replying.raw_command(b"stats reset", b"RESET\r\n") == b""
    assert replying.stats()[b"cmd_get"] == 0
    items = replying.stats("items")
    assert items[b"items:1:number"] == 1
    slabs = replying.stats("slabs")
    assert b"active_slabs" in slabs and b"total_malloced" in slabs
    settings = replying.stats("settings")
    assert settings[b"maxbytes"] == 64 * 1024 * 1024
    assert settings[b"item_size_max"] == 1024 * 1024


def test_version_and_memlimit(replying):
    version = replying.version()
    assert version and version[0:1].isdigit()
    assert replying.cache_memlimit(100) is True


def test_raw_errors_keep_connection(replying):
    with pytest.raises(MemcacheServerError):
        replying.set("big", b"x" * (1024 * 1024 + 1))
    assert replying.set("after", b"ok") is True
    assert replying.get("after") == b"ok"
    with pytest.raises(MemcacheIllegalInputError):
        replying.get("k" * 251)  # refused by the client before sending


def test_large_value_roundtrip(replying):
    value = bytes(range(256)) * 4000  # ~1 MB, below the 1 MiB item limit
    assert replying.set("big", value) is True
    assert replying.get("big") == value


def test_quit_then_reconnect(replying):
    replying.set("k", b"v")
    replying.quit()
    assert replying.get("k") == b"v"  # pymemcache reconnects transparently


def test_shutdown_refused(replying):
    # "ERROR: shutdown not enabled" (no -A): pymemcache maps any ERROR line to this exception
    with pytest.raises(MemcacheUnknownCommandError):
        replying.shutdown()
    assert replying.version()


def test_hash_client_over_three_nodes(server_factory):
    """pymemcache's HashClient (rendezvous hashing): each key is stored on exactly one node."""
    nodes = [server_factory() for _ in range(3)]
    client = HashClient([n.address for n in nodes], connect_timeout=2, timeout=2, default_noreply=False)
    keys = [f"hk{i}" for i in range(300)]
    try:
        assert client.set_many({k: k.encode() for k in keys}) == []
        assert client.get_many(keys) == {k: k.encode() for k in keys}
        per_node = []
        for node in nodes:
            direct = Client(node.address, connect_timeout=2, timeout=2)
            per_node.append(set(direct.get_many(keys)))
            direct.close()
        assert sum(len(found) for found in per_node) == len(keys)
        assert set().union(*per_node) == set(keys)
        assert all(found for found in per_node), "every node should hold some keys"
        assert client.delete_many(keys[:100]) is True
        assert len(client.get_many(keys)) == 200
    finally:
        client.close()
