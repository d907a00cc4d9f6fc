"""nutcracker (twemproxy) with ketama distribution in front of three nodes of the server under test.

The nodes are named mc1..mc3 in the proxy configuration, so the ketama ring (which hashes the names)
is the same whatever ports the test picks.

set/get/multi-get and the other commands twemproxy forwards must work through the proxy, keys must be
spread over the three nodes, and the key-to-node placement must be the one three memcached nodes on
the same ports produce. Skipped when nutcracker is not installed.
"""

from __future__ import annotations

import shutil

import pytest
from pymemcache.client.base import Client

from harness import servers

pytestmark = pytest.mark.skipif(shutil.which("nutcracker") is None, reason="nutcracker not installed")

KEYS = [f"key:{i}" for i in range(300)]


class Nutcracker(servers.ServerProcess):
    """A nutcracker process listening on 127.0.0.1:<port>, forwarding to `backends` with ketama."""

    def __init__(self, backends: list[int]):
        super().__init__("nutcracker")
        self.backends = backends

    def command(self, port: int) -> list[str]:
        servers.LOG_DIR.mkdir(exist_ok=True)
        config = servers.LOG_DIR / f"nutcracker-{port}.yml"
        lines = [
            "pool:",
            f"  listen: 127.0.0.1:{port}",
            "  hash: fnv1a_64",
            "  distribution: ketama",
            "  timeout: 2000",
            "  auto_eject_hosts: false",
            "  preconnect: false",
            "  servers:",
        ] + [f"   - 127.0.0.1:{p}:1 mc{i + 1}" for i, p in enumerate(self.backends)]
        config.write_text("\n".join(lines) + "\n")
        return [
            self.binary, "-c", str(config), "-s", str(servers.free_port()), "-a", "127.0.0.1",
            "-o", str(servers.LOG_DIR / f"nutcracker-{port}.log"), "-p", str(servers.LOG_DIR / f"nutcracker-{port}.pid"),
        ]


def _placement(binary: str, ports: list[int]) -> dict[str, int]:
    nodes = [servers.ServerProcess(binary, port=p).start() for p in ports]
    try:
        with Nutcracker(ports) as proxy:
            client = Client(proxy.address, connect_timeout=2, timeout=3, default_noreply=False)
            for key in KEYS:
                assert client.set(key, key.encode()) is True
            assert client.get_many(KEYS) == {k: k.encode() for k in KEYS}
            client.close()
        placement: dict[str, int] = {}
        for node in nodes:
            direct = Client(node.address, connect_timeout=2, timeout=2)
            for key in direct.get_many(KEYS):
                assert key not in placement
                placement[key] = node.port
            direct.close()
        return placement
    finally:
        for node in nodes:
            node.stop()


def test_placement_matches_memcached(sut_binary, reference_binary):
    ports = [servers.free_port() for _ in range(3)]
    assert len(set(ports)) == 3
    expected = _placement(reference_binary, ports)
    actual = _placement(sut_binary, ports)
    assert sorted(actual) == sorted(KEYS)
    assert len(set(actual.values())) == 3, "keys should land on all three nodes"
    assert actual == expected


def test_commands_through_proxy(server_factory):
    nodes = [server_factory() for _ in range(3)]
    with Nutcracker([n.port for n in nodes]) as proxy:
        client = Client(proxy.address, connect_timeout=2, timeout=3, default_noreply=False)
        try:
            assert client.set_many({f"k{i}": b"%d" % i for i in range(50)}) == []
            assert client.get_many([f"k{i}" for i in range(50)] + ["absent"]) == {f"k{i}": b"%d" % i for i in range(50)}
            assert client.add("k1", b"x") is False
            assert client.replace("k1", b"r") is True
            assert client.append("k1", b">") is True
            assert client.prepend("k1", b"<") is True
            assert client.get("k1") == b"<r>"
            value, token = client.gets("k2")
            assert value == b"2"
            assert client.cas("k2", b"new", token) is True
            assert client.cas("k2", b"newer", token) is False
            client.set("n", b"5")
            assert client.incr("n", 1) == 6
            assert client.decr("n", 2) == 4
            assert client.touch("k3", 100) is True
            assert client.delete("k3") is True
            assert client.delete("k3") is False
            assert client.set("noreply", b"v", noreply=True) is True
            assert client.get("noreply") == b"v"
            assert client.version()
            with pytest.raises(Exception):
                client.set("big", b"x" * (1024 * 1024 + 1))  # SERVER_ERROR passed through
            assert client.get("k4") == b"4"
        finally:
            client.close()
