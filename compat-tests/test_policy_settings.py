"""`stats settings` under several memory-policy flag sets: names, order and values must equal memcached
1.6.18's. Only what depends on the environment is left out of the value comparison: `tcpport` (each server
has its own port). The ssl_* and ext_* lines are compared like the others (swiftcached reports memcached's
defaults for the features it does not have).

Also checks that the flags change what the server reports at run time (`stats detail on` flips
`detail_enabled`), and that `lru` commands answer as memcached does under the same flags.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from harness import servers
from harness.policy import Client
from harness.wire import OWN_SETTINGS

ENVIRONMENT_DEPENDENT = {"tcpport"}

FLAG_SETS = {
    "defaults": [],
    "no_lru_maintainer": ["-o", "no_lru_maintainer"],
    "no_modern": ["-o", "no_modern"],
    "temporary_ttl": ["-o", "temporary_ttl=10"],
    "lru_pcts_and_factors": ["-o", "hot_lru_pct=30,warm_lru_pct=30,hot_max_factor=0.5,warm_max_factor=3"],
    "slab_automove_2": ["-o", "slab_automove=2"],
    "no_evictions": ["-M"],
    "delimiter": ["-D", "/"],
    "hash_jenkins": ["-o", "hash_algorithm=jenkins"],
    "track_sizes": ["-o", "track_sizes"],
    "no_chunked_items": ["-o", "no_chunked_items"],
    "slab_options": ["-o", "slab_sizes=100-200-300,slab_automove_freeratio=0.05,no_hashexpand"],
    "no_effect_options": ["-o", "inline_ascii_resp,no_drop_privileges"],
}


def _settings(binary: str, flags: list[str], requests: list[bytes]) -> tuple[list, list]:
    with servers.ServerProcess(binary, flags) as server:
        c = Client(server.address)
        lines = [
            (name, "<port>" if name in ENVIRONMENT_DEPENDENT else value) for name, value in c.stat_lines("settings")
        ]
        replies = [c.line(r).decode() for r in requests]
        after = [
            (name, "<port>" if name in ENVIRONMENT_DEPENDENT else value) for name, value in c.stat_lines("settings")
        ]
        c.close()
    return lines, replies + [after]


def _split_own(lines: list) -> tuple[list, dict]:
    """(memcached's lines, swiftcached's own settings), checking that the own ones come last."""
    own = [(name, value) for name, value in lines if name.encode() in OWN_SETTINGS]
    rest = [(name, value) for name, value in lines if name.encode() not in OWN_SETTINGS]
    assert lines[len(rest) :] == own, f"swiftcached's own settings must follow memcached's: {lines[-5:]}"
    return rest, dict(own)


def _diff(reference: list, under_test: list) -> str:
    out = []
    for i in range(max(len(reference), len(under_test))):
        a = reference[i] if i < len(reference) else None
        b = under_test[i] if i < len(under_test) else None
        if a != b:
            out.append(f"  line {i}: memcached {a!r}  vs  server under test {b!r}")
    return "\n".join(out)


@pytest.mark.parametrize("name", sorted(FLAG_SETS))
def test_policy_stats_settings(name, sut_binary, reference_binary):
    flags = FLAG_SETS[name]
    requests = [
        b"lru mode flat\r\n", b"lru temp_ttl 20\r\n", b"stats detail on\r\n", b"slabs automove 0\r\n",
        b"stats sizes_enable\r\n" if "track_sizes" not in " ".join(flags) else b"stats sizes_disable\r\n",
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = pool.submit(_settings, reference_binary, flags, requests)
        under_test = pool.submit(_settings, sut_binary, flags, requests)
        (ref_lines, ref_after), (sut_lines, sut_after) = reference.result(), under_test.result()
    assert ref_lines, "memcached printed no settings"
    assert not _split_own(ref_lines)[1], "memcached printed a swiftcached setting"
    sut_lines, own = _split_own(sut_lines)
    assert own == {
        "scan_guard": "60",
        "latency_histograms": "yes",
        "hotkeys": "no",
        "hotkeys_sample": "16",
        "hotkeys_threshold": "1000",
    }, f"swiftcached's own settings with {flags}: {own}"
    sut_after[-1], _ = _split_own(sut_after[-1])
    assert sut_lines == ref_lines, f"stats settings with {flags} differ:\n{_diff(ref_lines, sut_lines)}"
    assert sut_after[:-1] == ref_after[:-1], f"replies to {requests} with {flags}"
    assert sut_after[-1] == ref_after[-1], (
        f"stats settings after {requests} with {flags} differ:\n{_diff(ref_after[-1], sut_after[-1])}"
    )
