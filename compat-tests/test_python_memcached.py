"""python-memcached (the `memcache` module) against the server under test: its whole Client API."""

from __future__ import annotations

import pytest
import memcache


@pytest.fixture
def mc(sut):
    client = memcache.Client([f"127.0.0.1:{sut.port}"], socket_timeout=2, dead_retry=0, cache_cas=True)
    yield client
    client.disconnect_all()


def test_set_get(mc):
    assert mc.set("k", "value") is True
    assert mc.get("k") == "value"
    assert mc.get("missing") is None
    assert mc.set("bytes", b"\x00\xff") is True
    assert mc.get("bytes") == b"\x00\xff"


def test_python_objects_use_flags(mc):
    # python-memcached pickles non-string values and marks them with client flags; they must round-trip
    assert mc.set("obj", {"a": [1, 2, 3]}) is True
    assert mc.get("obj") == {"a": [1, 2, 3]}
    assert mc.set("int", 42) is True
    assert mc.get("int") == 42


def test_compression(mc):
    text = "x" * 100_000
    assert mc.set("zipped", text, min_compress_len=1000) is True
    assert mc.get("zipped") == text


def test_set_multi_get_multi(mc):
    data = {f"k{i}": f"v{i}" for i in range(100)}
    assert mc.set_multi(data) == []
    assert mc.get_multi(list(data) + ["absent"]) == data
    assert mc.set_multi({"a": 1, "b": 2}, key_prefix="p:") == []
    assert mc.get_multi(["a", "b"], key_prefix="p:") == {"a": 1, "b": 2}


def test_add_replace_append_prepend(mc):
    assert mc.add("k", "1") is True
    assert not mc.add("k", "2")
    assert mc.replace("k", "3") is True
    assert not mc.replace("absent", "x")
    assert mc.append("k", ">") is True
    assert mc.prepend("k", "<") is True
    assert mc.get("k") == "<3>"
    assert not mc.append("absent", "x")


def test_gets_cas(mc, sut):
    mc.set("k", "v1")
    assert mc.gets("k") == "v1"
    assert mc.cas("k", "v2") is True
    assert mc.get("k") == "v2"
    # another writer changes the value: our remembered CAS is now stale
    other = memcache.Client([f"127.0.0.1:{sut.port}"], socket_timeout=2)
    assert mc.gets("k") == "v2"
    other.set("k", "from-other")
    assert not mc.cas("k", "v3")
    assert mc.get("k") == "from-other"
    other.disconnect_all()


def test_delete(mc):
    mc.set("k", "v")
    assert mc.delete("k") == 1
    assert mc.get("k") is None
    mc.set_multi({"a": 1, "b": 2})
    assert mc.delete_multi(["a", "b"]) == 1
    assert mc.get_multi(["a", "b"]) == {}


def test_incr_decr(mc):
    assert mc.incr("n") is None
    mc.set("n", "10")
    assert mc.incr("n") == 11
    assert mc.incr("n", 9) == 20
    assert mc.decr("n", 25) == 0
    mc.set("big", str(2**64 - 1))
    assert mc.incr("big") == 0


def test_touch(mc):
    mc.set("k", "v")
    assert mc.touch("k", 100)
    assert not mc.touch("absent", 100)


def test_flush_all(mc):
    mc.set_multi({"a": 1, "b": 2})
    mc.flush_all()
    assert mc.get_multi(["a", "b"]) == {}


def test_stats(mc):
    mc.set("k", "v")
    mc.get("k")
    [(server, stats)] = mc.get_stats()
    assert stats["cmd_get"] == "1" and stats["get_hits"] == "1" and stats["curr_items"] == "1"
    [(server, items)] = mc.get_stats("items")
    assert items["items:1:number"] == "1"
    # (get_slabs() is not called: python-memcached 1.62 breaks on Python 3 while parsing it)
    slab_stats = mc.get_slab_stats()
    assert slab_stats and "1" in slab_stats[0][1]


def test_large_value_rejected_locally_and_on_server(mc):
    # the client refuses values above its own limit without talking to the server...
    assert not mc.set("huge", "x" * (2 * 1024 * 1024))
    # ...and a value just above the server's 1 MiB item limit is refused by the server
    mc.server_max_value_length = 4 * 1024 * 1024
    assert not mc.set("big", "x" * (1024 * 1024 + 10))
    assert mc.set("after", "ok") is True
    assert mc.get("after") == "ok"
