"""Acceptance tests for lease-style protection against stale sets (meta N/R/W/Z/X + CAS).

These are the six acceptance tests of the lease definition (properties P1-P9):
  1. the differential transcripts L1-L9 live in transcripts/meta/ (run by test_transcripts.py);
  2. concurrency: 64 connections race `mg <key> c v N30` on a multi-threaded server, exactly one W;
  3. stale-set race: a fill carrying a token taken before an invalidation is always refused;
  4. lease timeout: the stub's N TTL is the lease lifetime;
  5. R recache: one W when the remaining TTL drops below R, none otherwise, a fill re-arms;
  6. the P5 quirk (L5b/L5d): a late stale writer's store keeps X/Z and makes the winner's fill fail.
Each runs against the server under test and, when it differs, against memcached 1.6.18.
"""

from __future__ import annotations

import random
import threading
import time

import pytest

from metaclient import MetaConn

SERVER_THREADS = ["-t", "4"]


# ------------------------------------------------------------------------------------------------
# 2. concurrency: exactly one W per vivified key


def _check_round(key: bytes, replies) -> None:
    winners = [r for r in replies if r.won]
    assert len(winners) == 1, f"{key!r}: {len(winners)} winners: {[r.raw for r in replies]}"
    for r in replies:
        assert r.code == "VA" and r.value == b"", f"{key!r}: unexpected reply {r.raw!r}"
        assert r.won != r.lost, f"{key!r}: reply must carry exactly one of W/Z: {r.raw!r}"
        assert not r.stale, f"{key!r}: fresh stub reported stale: {r.raw!r}"
    cas_values = {r.cas for r in replies}
    assert len(cas_values) == 1, f"{key!r}: replies saw different stubs: {cas_values}"


def test_round_check_rejects_two_winners_or_a_miss():
    """Negative control for _check_round (no server needed)."""
    from metaclient import Reply

    win, lose = Reply(b"", "VA", ["c5", "W"], b""), Reply(b"", "VA", ["c5", "Z"], b"")
    _check_round(b"k", [win, lose, lose])
    for bad in ([win, win, lose], [lose, lose], [win, Reply(b"", "EN", [])], [win, Reply(b"", "VA", ["c6", "Z"], b"")]):
        with pytest.raises(AssertionError):
            _check_round(b"k", bad)


def test_concurrent_vivify_has_exactly_one_winner(start_target):
    """64 connections, 1000 rounds with fresh keys; requests written back to back, then read."""
    server = start_target(SERVER_THREADS)
    conns = [MetaConn(server.address) for _ in range(64)]
    rng = random.Random(2013)
    deadline = time.monotonic() + 60
    try:
        for rnd in range(1000):
            assert time.monotonic() < deadline, f"too slow: only {rnd} rounds in 60 s"
            key = b"race:%d" % rnd
            request = b"mg " + key + b" c v N30\r\n"
            order = conns[:]
            rng.shuffle(order)  # vary which worker thread sees the key first
            for c in order:
                c.send(request)
            _check_round(key, [c.reply() for c in order])
    finally:
        for c in conns:
            c.close()


def test_concurrent_vivify_with_barrier(start_target):
    """64 threads, one connection each, released together by a barrier for each fresh key."""
    server = start_target(SERVER_THREADS)
    rounds, nthreads = 300, 64
    barrier = threading.Barrier(nthreads + 1, timeout=30)
    replies: list[list] = [[None] * nthreads for _ in range(rounds)]
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            with MetaConn(server.address) as conn:
                for rnd in range(rounds):
                    barrier.wait()
                    replies[rnd][index] = conn.call(b"mg herd:%d c v N30\r\n" % rnd)
                    barrier.wait()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(nthreads)]
    for t in threads:
        t.start()
    try:
        for rnd in range(rounds):
            barrier.wait()  # release the herd
            barrier.wait()  # everyone has its reply
            _check_round(b"herd:%d" % rnd, replies[rnd])
    except threading.BrokenBarrierError:
        pass  # a worker failed; its error is reported below
    except BaseException:
        barrier.abort()  # never leave workers waiting when a check fails
        raise
    for t in threads:
        t.join(timeout=10)
    assert not errors, errors[0]


# ------------------------------------------------------------------------------------------------
# 3. stale-set race


class _FlushGate:
    """Readers-writer gate: flush_all trials run alone, key-local trials run concurrently,
    so that every trial knows exactly which invalidation could have hit its key."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._shared = 0
        self._exclusive = False

    def shared(self):
        gate = self

        class _Ctx:
            def __enter__(self):
                with gate._cond:
                    gate._cond.wait_for(lambda: not gate._exclusive, timeout=30)
                    gate._shared += 1

            def __exit__(self, *exc):
                with gate._cond:
                    gate._shared -= 1
                    gate._cond.notify_all()

        return _Ctx()

    def exclusive(self):
        gate = self

        class _Ctx:
            def __enter__(self):
                with gate._cond:
                    gate._cond.wait_for(lambda: not gate._exclusive, timeout=30)
                    gate._exclusive = True
                    gate._cond.wait_for(lambda: gate._shared == 0, timeout=30)

            def __exit__(self, *exc):
                with gate._cond:
                    gate._exclusive = False
                    gate._cond.notify_all()

        return _Ctx()


INVALIDATIONS = {
    # name: (request template, expected invalidation reply, code a refused fill must get)
    "md": (b"md %s\r\n", "HD", "NF"),
    "md I": (b"md %s I\r\n", "HD", "EX"),
    "flush_all": (b"flush_all\r\n", "OK", "NF"),
}


def _stale_set_trial(rng, reader, invalidator, checker, key: bytes, kind: str, concurrent: bool,
                     protected: bool = True) -> str:
    """One trial; `protected=False` fills without the token (used to prove the checks can fail)."""
    template, inval_ok, refused_code = INVALIDATIONS[kind]
    token = reader.call(b"mg %s c v N30\r\n" % key)
    assert token.won and token.value == b"", f"{key!r}: no lease: {token.raw!r}"
    value = b"reader-%s" % key
    compare = b" C%d" % token.cas if protected else b""
    fill = b"ms %s %d%s T60\r\n%s\r\n" % (key, len(value), compare, value)
    inval = template % key if b"%s" in template else template
    if concurrent:
        # Race the fill against the invalidation: both are in flight at once, in random order.
        first, second = ((reader, fill), (invalidator, inval)) if rng.random() < 0.5 else (
            (invalidator, inval), (reader, fill))
        first[0].send(first[1])
        if rng.random() < 0.3:
            time.sleep(rng.random() / 5000)
        second[0].send(second[1])
    else:
        invalidator.send(inval)
        assert invalidator.reply().code == inval_ok
        reader.send(fill)
    if concurrent:
        assert invalidator.reply().code == inval_ok
    fill_reply = reader.reply()
    final = checker.call(b"mg %s v c\r\n" % key)
    # The property: the reader's value is never left in the cache without X.
    assert not (final.code == "VA" and final.value == value and not final.stale), (
        f"{key!r} ({kind}, concurrent={concurrent}): stale fill survived: fill={fill_reply.raw!r} "
        f"final={final.raw!r}")
    if fill_reply.code == "HD":
        # Only possible when the fill was processed before the invalidation.
        assert concurrent, f"{key!r} ({kind}): fill after the invalidation was accepted"
        if kind == "md I":
            assert final.code == "VA" and final.value == value and final.stale, final.raw
        else:
            assert final.code == "EN", final.raw
        return "fill-first"
    assert fill_reply.code == refused_code, (
        f"{key!r} ({kind}): refused fill answered {fill_reply.raw!r}, expected {refused_code}")
    if kind == "md I":
        assert final.code == "VA" and final.value == b"" and final.stale, final.raw
    else:
        assert final.code == "EN", final.raw
    return "refused"


def test_stale_set_race_never_stores_a_stale_fill(start_target):
    """>= 10,000 randomized trials from 4 threads: token, invalidation (md / md I / flush_all),
    fill with the token. Sequential trials (invalidation acknowledged before the fill is sent)
    must refuse the fill with the exact code (NF / EX / NF). Racing trials (md and md I sent
    at the same moment as the fill, in random order) may store the fill only if it beat the
    invalidation, and then the invalidation must still win (deleted, or stale with X)."""
    server = start_target(SERVER_THREADS)
    nthreads, per_thread = 4, 2600
    gate = _FlushGate()
    errors: list[BaseException] = []
    tallies: list[dict] = []

    def worker(index: int) -> None:
        rng = random.Random(1000 + index)
        tally = {"refused": 0, "fill-first": 0}
        try:
            with MetaConn(server.address) as reader, MetaConn(server.address) as invalidator, \
                    MetaConn(server.address) as checker:
                for trial in range(per_thread):
                    kind = rng.choice(list(INVALIDATIONS))
                    # flush_all is only raced against other keys' trials, never against its own
                    # fill: memcached 1.6.18 lets a fill whose CAS check passed just before a
                    # concurrent flush_all link its new item after the flush (it is not hidden).
                    concurrent = kind != "flush_all" and rng.random() < 0.5
                    key = b"ss:%d:%d" % (index, trial)
                    ctx = gate.exclusive() if kind == "flush_all" else gate.shared()
                    with ctx:
                        tally[_stale_set_trial(rng, reader, invalidator, checker, key, kind, concurrent)] += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        tallies.append(tally)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(nthreads)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "stale-set race did not finish within 120 s"
    assert not errors, errors[0]
    total = sum(sum(t.values()) for t in tallies)
    assert total >= 10_000, total
    assert sum(t["refused"] for t in tallies) > total // 2, tallies
    print(f"stale-set race: {total} trials in {time.monotonic() - start:.1f}s: {tallies}")


@pytest.mark.parametrize("kind", ["md", "flush_all"])
def test_stale_set_check_catches_an_unprotected_fill(start_target, kind):
    """Negative control: a fill that does not present the token is a stale set, and the trial's
    checks must say so (otherwise the race test above could never fail)."""
    server = start_target()
    with MetaConn(server.address) as reader, MetaConn(server.address) as invalidator, \
            MetaConn(server.address) as checker:
        with pytest.raises(AssertionError, match="stale fill survived|accepted"):
            _stale_set_trial(random.Random(1), reader, invalidator, checker, b"ctl", kind, False, protected=False)


# ------------------------------------------------------------------------------------------------
# 4. lease timeout


def test_lease_times_out_with_the_stub_ttl(start_target):
    server = start_target()
    with MetaConn(server.address) as a, MetaConn(server.address) as b:
        first = a.call(b"mg lt c t v N2\r\n")
        assert first.won and first.flag("t") == "-1", first.raw
        second = b.call(b"mg lt c t v N2\r\n")
        assert second.lost and second.cas == first.cas and second.flag("t") in ("2", "1"), second.raw
        time.sleep(3.2)  # no fill: the stub (and with it the lease) expires
        third = b.call(b"mg lt c t v N2\r\n")
        assert third.won and not third.lost, third.raw
        assert third.cas != first.cas, "a new lease must come with a new CAS"
        assert third.value == b""
        # The expired lease cannot be used any more; the new one can.
        assert a.call(b"ms lt 3 C%d\r\nold\r\n" % first.cas).code == "EX"
        assert b.call(b"ms lt 3 C%d\r\nnew\r\n" % third.cas).code == "HD"
        assert a.call(b"mg lt v\r\n").value == b"new"


# ------------------------------------------------------------------------------------------------
# 5. R recache


def test_recache_wins_once_below_threshold_and_fill_rearms(start_target):
    server = start_target()
    with MetaConn(server.address) as a, MetaConn(server.address) as b:
        # TTL 10 < R30: one W, then Z for everybody.
        assert a.call(b"ms r10 2 T10\r\nhi\r\n").code == "HD"
        win = a.call(b"mg r10 v t c R30\r\n")
        assert win.won and win.value == b"hi", win.raw
        for conn in (b, a, b):
            loser = conn.call(b"mg r10 v t c R30\r\n")
            assert loser.lost and not loser.won and loser.cas == win.cas and loser.value == b"hi", loser.raw
        assert a.call(b"mg r10 c\r\n").lost  # Z shows even without R
        # TTL 100 > R30: nobody wins. No TTL: nobody ever wins.
        assert a.call(b"ms r100 2 T100\r\nhi\r\n").code == "HD"
        assert a.call(b"ms r0 2 T0\r\nhi\r\n").code == "HD"
        for key in (b"r100", b"r0"):
            for conn in (a, b, a):
                reply = conn.call(b"mg %s v t c R30\r\n" % key)
                assert not reply.won and not reply.lost, reply.raw
        # The winner's fill (with its CAS) re-arms R: the next reader below the threshold wins again.
        assert a.call(b"ms r10 2 C%d T10\r\nho\r\n" % win.cas).code == "HD"
        again = b.call(b"mg r10 v t c R30\r\n")
        assert again.won and again.value == b"ho" and again.cas != win.cas, again.raw
        assert a.call(b"mg r10 v t c R30\r\n").lost


# ------------------------------------------------------------------------------------------------
# 6. P5 quirk (L5b / L5d)


def test_late_stale_writer_quirk(start_target):
    server = start_target()
    with MetaConn(server.address) as a, MetaConn(server.address) as b, MetaConn(server.address) as c:
        assert a.call(b"ms lk1 5 T60 F7\r\nhello\r\n").code == "HD"
        before = c.call(b"mg lk1 c\r\n").cas
        assert c.call(b"md lk1 I T30\r\n").code == "HD"
        # L4b/L4c: the first reader wins (X W) on the stale value, the next sees Z X.
        win = a.call(b"mg lk1 s c f t v\r\n")
        assert win.tokens == ["s5", f"c{win.cas}", "f7", "t30", "X", "W"] and win.value == b"hello", win.raw
        assert win.cas != before
        lose = b.call(b"mg lk1 s c f t v\r\n")
        assert lose.tokens == ["s5", f"c{win.cas}", "f7", "t30", "Z", "X"], lose.raw
        # L5: the pre-invalidation CAS without I is refused.
        assert b.call(b"ms lk1 5 C%d T60\r\nSTALE\r\n" % before).raw == b"EX\r\n"
        # L5b: with I it is stored, stays stale, keeps Z and the old TTL (30, not 60), gets a NEW CAS.
        late = b.call(b"ms lk1 6 C%d T60 I c\r\nSTALE2\r\n" % before)
        assert late.code == "HD" and late.cas not in (None, before, win.cas), late.raw
        view = c.call(b"mg lk1 s c t v\r\n")
        assert view.tokens in (["s6", f"c{late.cas}", "t30", "Z", "X"], ["s6", f"c{late.cas}", "t29", "Z", "X"]), view.raw
        assert view.value == b"STALE2"
        # L5c: a CAS higher than the current one with I is EX.
        assert b.call(b"ms lk1 2 C%d I\r\nhi\r\n" % (late.cas + 1000)).raw == b"EX\r\n"
        # L5d: the winner's CAS is now older than the current one, so its fill fails.
        assert a.call(b"ms lk1 5 C%d T60 c\r\nfresh\r\n" % win.cas).raw == b"EX c0\r\n"
        final = c.call(b"mg lk1 v c\r\n")
        assert final.value == b"STALE2" and final.stale and final.lost and final.cas == late.cas, final.raw
