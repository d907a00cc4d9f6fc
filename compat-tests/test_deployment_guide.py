"""The configurations in docs/deployment.md, run against the binary under test.

- The twemproxy pool in the guide is packaging/twemproxy.yml, byte for byte, and nutcracker accepts it.
- Benchmarks/run-rolling-restart --quick (three nodes behind nutcracker with that file, a cache-aside
  load, each node restarted in turn) runs to its summary (about 20 s).
- The pylibmc and pymemcache snippets in the guide are run as written, with SERVERS replaced by three
  nodes of the server under test: keys spread over all nodes, each on one node, and the documented
  behaviour when a node dies (pylibmc: ServerDead at most a few times, then misses; pymemcache HashClient:
  misses, no exception).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "deployment.md"
KEYS = [f"guide:{i}" for i in range(300)]


def block_after(marker: str, language: str) -> str:
    text = GUIDE.read_text()
    found = re.search(re.escape(marker) + r"[^\n]*\n```" + language + r"\n(.*?)```", text, re.S)
    assert found, f"no ```{language} block after {marker!r} in {GUIDE.name}"
    return found.group(1)


def test_twemproxy_config_in_guide_is_the_file():
    assert block_after("<!-- same as packaging/twemproxy.yml", "yaml") == (ROOT / "packaging/twemproxy.yml").read_text()


@pytest.mark.skipif(shutil.which("nutcracker") is None, reason="nutcracker not installed")
def test_nutcracker_accepts_the_pool():
    result = subprocess.run(["nutcracker", "-t", "-c", str(ROOT / "packaging/twemproxy.yml")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and "syntax is ok" in result.stdout + result.stderr, result


@pytest.mark.skipif(shutil.which("nutcracker") is None, reason="nutcracker not installed")
def test_rolling_restart_script_runs(sut_binary):
    result = subprocess.run([sys.executable, str(ROOT / "Benchmarks/run-rolling-restart"), "--quick",
                             "--bin", sut_binary], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"run-rolling-restart: cold \(SIGTERM\): from the first stop to the end \d+ misses", output), output
    assert output.count("-> exit 0") == 3, output


def run_snippet(marker: str, ports: list[int]):
    code = block_after(marker, "python")
    servers = [f"127.0.0.1:{p}" for p in ports]
    code, n = re.subn(r"^SERVERS = \[.*\]$", f"SERVERS = {servers!r}", code, flags=re.M)
    assert n == 1, "the snippet must set SERVERS on one line"
    namespace: dict = {}
    exec(compile(code, f"{GUIDE.name}:{marker}", "exec"), namespace)
    return namespace["client"]


def placement(nodes) -> dict[str, int]:
    from pymemcache.client.base import Client

    where: dict[str, int] = {}
    for node in nodes:
        direct = Client(node.address, connect_timeout=2, timeout=2)
        for key in direct.get_many(KEYS):
            assert key not in where, f"{key} on two nodes"
            where[key] = node.port
        direct.close()
    return where


def test_pylibmc_snippet(server_factory):
    pylibmc = pytest.importorskip("pylibmc")
    nodes = [server_factory() for _ in range(3)]
    client = run_snippet("<!-- snippet pylibmc", [n.port for n in nodes])
    assert client.behaviors["distribution"] == "consistent ketama"
    assert client.set_multi({k: "v" for k in KEYS}) == []
    where = placement(nodes)
    assert sorted(where) == sorted(KEYS) and len(set(where.values())) == 3
    nodes[1].stop()
    errors = misses = 0
    for key in KEYS:
        try:
            misses += client.get(key) is None
        except pylibmc.Error:
            errors += 1
    on_dead = sum(1 for p in where.values() if p == nodes[1].port)
    assert errors <= 3, errors
    assert errors + misses == on_dead
    client.disconnect_all()


def test_pymemcache_snippet(server_factory):
    nodes = [server_factory() for _ in range(3)]
    client = run_snippet("<!-- snippet pymemcache", [n.port for n in nodes])
    for key in KEYS:
        assert client.set(key, b"v") is True
    where = placement(nodes)
    assert sorted(where) == sorted(KEYS) and len(set(where.values())) == 3
    # Rendezvous hashing over "host:port-key" with murmur3_32, as the guide says.
    from pymemcache.client.murmur3 import murmur3_32

    for key in KEYS[:50]:
        scores = {n.port: murmur3_32(f"127.0.0.1:{n.port}-{key}") for n in nodes}
        assert where[key] == max(scores, key=scores.get)
    nodes[1].stop()
    on_dead = [k for k, p in where.items() if p == nodes[1].port]
    assert all(client.get(k) is None for k in on_dead)  # misses, no exception
    assert all(client.get(k) == b"v" for k in KEYS if where[k] != nodes[1].port)
    client.quit()
