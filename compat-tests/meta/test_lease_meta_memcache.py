"""The meta-memcache client's (RevenueCat, PyPI `meta-memcache`) herd control against the server.

A herd of reader threads, each with its own CacheClient, runs the client's get-or-lease /
recompute flow after every invalidation of a hot key:

    value, cas = client.get_or_lease_cas(key, LeasePolicy(...), recache_policy=...)
    if value is None:                       # we won the lease (W), or a stale X W
        value = recompute()                 # the expensive "database" read
        client.set(key, value, ttl, cas_token=cas)

Invalidations alternate between a plain delete (`md k`: readers get a vivified stub, one W,
the rest Z with an empty value and retry until the winner fills) and a stale delete
(`StalePolicy(mark_stale_on_deletion_ttl=30)` -> `md k I T30`: one reader gets X W and
recomputes, the rest get the stale value at once). Per invalidation there must be exactly
one recompute, and every other reader must end with the fresh value or (stale deletes
only) the previous one.
"""

from __future__ import annotations

import threading
import time

import pytest

meta_memcache = pytest.importorskip("meta_memcache")

from meta_memcache import (  # noqa: E402
    CacheClient,
    LeasePolicy,
    RecachePolicy,
    ServerAddress,
    StalePolicy,
    connection_pool_factory_builder,
)

READERS = 16
ROUNDS = 24
LEASE = LeasePolicy(ttl=30, miss_retries=200, miss_retry_wait=0.005, wait_backoff_factor=1.2,
                    miss_max_retry_wait=0.05)
STALE = StalePolicy(mark_stale_on_deletion_ttl=30)
RECOMPUTE_SECONDS = 0.02


def _client(port: int):
    return CacheClient.cache_client_from_servers(
        servers=[ServerAddress(host="127.0.0.1", port=port)],
        connection_pool_factory_fn=connection_pool_factory_builder(
            initial_pool_size=1, max_pool_size=2, connection_timeout=5, recv_timeout=5),
    )


def test_meta_memcache_herd_recomputes_once_per_invalidation(start_target):
    server = start_target(["-t", "4"])
    key = "hot:item"
    admin = _client(server.port)
    assert admin.set(key, "v0", ttl=300)

    barrier = threading.Barrier(READERS + 1, timeout=30)
    lock = threading.Lock()
    recomputes: list[list[int]] = [[] for _ in range(ROUNDS)]
    outcomes: list[list[str]] = [[None] * READERS for _ in range(ROUNDS)]
    errors: list[BaseException] = []
    waits = [0] * ROUNDS

    def reader(index: int) -> None:
        client = _client(server.port)
        try:
            for rnd in range(ROUNDS):

                def wait(seconds: float, rnd=rnd) -> None:  # a loser (Z, empty stub) backs off
                    with lock:
                        waits[rnd] += 1
                    time.sleep(seconds)

                barrier.wait()  # the invalidation for this round has been acknowledged
                value, cas = client.get_or_lease_cas(
                    key, lease_policy=LEASE, recache_policy=RecachePolicy(ttl=5), lease_wait_fn=wait)
                if value is None:
                    with lock:
                        recomputes[rnd].append(index)
                    time.sleep(RECOMPUTE_SECONDS)  # the expensive read
                    value = f"v{rnd + 1}"
                    client.set(key, value, ttl=300, cas_token=cas, stale_policy=STALE)
                outcomes[rnd][index] = value
                barrier.wait()  # everyone is done with this round
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(READERS)]
    for t in threads:
        t.start()
    try:
        for rnd in range(ROUNDS):
            stale_delete = rnd % 2 == 1
            if stale_delete:
                assert admin.delete(key, stale_policy=STALE)      # md k I T30
            else:
                assert admin.delete(key)                          # md k
            barrier.wait()
            barrier.wait()
            fresh, previous = f"v{rnd + 1}", f"v{rnd}"
            assert len(recomputes[rnd]) == 1, (
                f"round {rnd} ({'md I' if stale_delete else 'md'}): recomputed by {recomputes[rnd]}")
            allowed = {fresh, previous} if stale_delete else {fresh}
            got = set(outcomes[rnd])
            assert got <= allowed, f"round {rnd}: readers saw {outcomes[rnd]}, allowed {allowed}"
            assert admin.get(key) == fresh
    except threading.BrokenBarrierError:
        pass  # a worker failed; its error is reported below
    except BaseException:
        barrier.abort()  # never leave readers waiting when a check fails
        raise
    for t in threads:
        t.join(timeout=30)
    assert not errors, repr(errors[0])
    # The herd really overlapped the recompute: after plain deletes losers waited on the lease,
    # after stale deletes some readers were served the previous value.
    assert sum(waits[0::2]) > 0, waits
    assert sum(outcomes[r].count(f"v{r}") for r in range(1, ROUNDS, 2)) > 0, outcomes
    assert sum(waits[1::2]) == 0, f"readers waited although a stale value was available: {waits}"


def test_meta_memcache_stale_fill_is_refused(start_target):
    """A recompute started before an invalidation cannot overwrite it (the client's CAS fill)."""
    server = start_target()
    reader, writer = _client(server.port), _client(server.port)
    key = "row:42"
    value, cas = reader.get_or_lease_cas(key, lease_policy=LEASE)
    assert value is None and cas is not None  # we hold the lease
    assert writer.delete(key)                  # the row changed: invalidate
    assert not reader.set(key, "computed-from-old-row", ttl=60, cas_token=cas)
    value, cas2 = writer.get_or_lease_cas(key, lease_policy=LEASE)
    assert value is None and cas2 != cas       # a new lease for the next recompute
    assert writer.set(key, "computed-from-new-row", ttl=60, cas_token=cas2)
    assert reader.get(key) == "computed-from-new-row"
