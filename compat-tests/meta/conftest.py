"""Fixtures for the meta-protocol and lease acceptance tests.

`lease_target` is parametrised over the server under test and, when it is a different
binary, the reference memcached 1.6.18 as well: running the same assertions against
memcached proves the test itself is right. `start_target(flags)` starts a fresh server
of the current target (killed by PID when the test ends, via `server_factory`).
"""

from __future__ import annotations

import pytest

from harness import servers


@pytest.fixture(params=["sut", "reference"])
def lease_target(request, sut_binary, reference_binary) -> str:
    """The binary to run against: the server under test, or the reference if it differs."""
    if request.param == "reference":
        if servers.resolve(sut_binary) == servers.resolve(reference_binary):
            pytest.skip("the server under test is the reference memcached")
        return reference_binary
    return sut_binary


@pytest.fixture
def start_target(server_factory, lease_target):
    def start(flags=()):
        return server_factory(flags=list(flags), binary=lease_target)

    return start
