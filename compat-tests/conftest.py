"""pytest fixtures shared by the compatibility tests.

`server_factory(flags=(), binary=None, port=None)` starts a server (the binary under test unless
`binary` is given) and kills it by PID when the test ends. `sut` is one server under test with default
flags. The binary under test comes from SWIFTCACHED_BIN, the reference from MEMCACHED_BIN
(both default to `memcached`; see harness/servers.py).
"""

from __future__ import annotations

import pytest

from harness import servers


def pytest_report_header(config):
    return [
        f"server under test (SWIFTCACHED_BIN): {servers.sut_binary()}",
        f"reference (MEMCACHED_BIN): {servers.reference_binary()}",
    ]


@pytest.fixture(scope="session")
def sut_binary() -> str:
    return servers.resolve(servers.sut_binary())


@pytest.fixture(scope="session")
def reference_binary() -> str:
    return servers.resolve(servers.reference_binary())


@pytest.fixture
def server_factory(sut_binary):
    started: list[servers.ServerProcess] = []

    def start(flags=(), binary: str | None = None, port: int | None = None) -> servers.ServerProcess:
        proc = servers.ServerProcess(binary or sut_binary, flags, port=port)
        started.append(proc)
        return proc.start()

    yield start
    for proc in started:
        proc.stop()


@pytest.fixture
def sut(server_factory) -> servers.ServerProcess:
    return server_factory()
