"""pylibmc (libmemcached) with ketama consistent hashing across three nodes of the server under test.

Checks that every key lands on exactly one node, that the key-to-node map is the one three memcached
nodes on the same ports produce (the server must not influence placement), and that the usual pylibmc
operations (multi-get across nodes, cas, incr, delete, touch, binary-safe values) work across the ring.
"""

from __future__ import annotations

import pylibmc
import pytest
from pymemcache.client.base import Client as DirectClient

from harness import servers

KEYS = [f"key:{i}" for i in range(600)]
BEHAVIOURS = {
    "ketama": {"ketama": True},
    "distribution-consistent": {"distribution": "consistent ketama", "hash": "md5"},
}
TIMEOUTS = {"connect_timeout": 2000, "send_timeout": 2_000_000, "receive_timeout": 2_000_000, "_poll_timeout": 2000}


def _client(ports, behaviours):
    return pylibmc.Client([f"127.0.0.1:{p}" for p in ports], binary=False, behaviors={**behaviours, **TIMEOUTS})


def _placement(binary: str, ports: list[int], behaviours: dict) -> dict[str, int]:
    """Start three `binary` nodes on `ports`, store KEYS through pylibmc, and find each key's node."""
    nodes = [servers.ServerProcess(binary, port=p).start() for p in ports]
    try:
        client = _client(ports, behaviours)
        assert client.set_multi({k: k.encode() for k in KEYS}) == []
        placement: dict[str, int] = {}
        for node in nodes:
            direct = DirectClient(node.address, connect_timeout=2, timeout=2)
            found = direct.get_many(KEYS)
            direct.close()
            for key, value in found.items():
                assert value == key.encode()
                assert key not in placement, f"{key} is stored on two nodes"
                placement[key] = node.port
        assert sorted(placement) == sorted(KEYS), "some keys are on no node"
        client.disconnect_all()
        return placement
    finally:
        for node in nodes:
            node.stop()


@pytest.mark.parametrize("behaviours", BEHAVIOURS.values(), ids=BEHAVIOURS.keys())
def test_same_placement_as_memcached(behaviours, sut_binary, reference_binary):
    ports = sorted(servers.free_port() for _ in range(3))
    assert len(set(ports)) == 3
    expected = _placement(reference_binary, ports, behaviours)
    actual = _placement(sut_binary, ports, behaviours)
    counts = {p: list(actual.values()).count(p) for p in ports}
    assert all(c > 60 for c in counts.values()), f"uneven spread {counts}"
    assert actual == expected


@pytest.fixture
def ring(server_factory):
    nodes = [server_factory() for _ in range(3)]
    client = _client([n.port for n in nodes], {"ketama": True})
    yield client, nodes
    client.disconnect_all()


def test_operations_across_ring(ring):
    client, nodes = ring
    data = {f"k{i}": f"v{i}" for i in range(300)}
    assert client.set_multi(data) == []
    assert client.get_multi(list(data) + ["absent"]) == data
    assert client.add("k1", "x") is False
    assert client.replace("k1", "r") is True
    assert client.append("k1", ">") is True
    assert client.prepend("k1", "<") is True
    assert client.get("k1") == "<r>"
    assert client.delete_multi(["k2", "k3"]) is True
    assert client.get_multi(["k2", "k3"]) == {}
    client.set("n", 10)
    assert client.incr("n", 5) == 15
    assert client.decr("n", 20) == 0
    assert client.touch("k4", 100) is True
    assert client.touch("absent", 100) is False
    client.set("bin", b"\x00\r\n\xff")
    assert client.get("bin") == b"\x00\r\n\xff"
    stats = client.get_stats()
    assert len(stats) == 3 and sum(int(s["curr_items"]) for _, s in stats) == 300  # 300 - 2 deleted + n + bin


def test_cas_across_ring(server_factory):
    nodes = [server_factory() for _ in range(3)]
    client = _client([n.port for n in nodes], {"ketama": True, "cas": True})
    try:
        for i in range(20):
            key = f"c{i}"
            client.set(key, "1")
            value, token = client.gets(key)
            assert value == "1"
            assert client.cas(key, "2", token) is True
            assert client.cas(key, "3", token) is False
            assert client.get(key) == "2"
    finally:
        client.disconnect_all()
