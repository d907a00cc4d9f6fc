"""`stats detail dump` with many prefixes: memcached lists prefixes by bucket (its key hash of the prefix mod
256: murmur3 by default, jenkins with `-o hash_algorithm=jenkins` or `-o no_modern`), newest first within a
bucket, and looks a prefix up with strncmp over the new prefix's length. 700 prefixes fill every bucket
several times over, so the dump must be byte-for-byte equal, order included.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from harness import servers
from harness.policy import Client

PREFIXES = [f"p{i}" for i in range(600)] + [f"user.{i % 7}x{i}" for i in range(100)] + ["", "p", "p1"]


def _dump(binary: str, flags: list[str]) -> bytes:
    with servers.ServerProcess(binary, flags) as server:
        c = Client(server.address)
        if "-D" not in flags:
            assert c.line(b"stats detail on\r\n") == b"OK\r\n"
        batch = []
        for n, prefix in enumerate(PREFIXES):
            key = f"{prefix}:k{n}".encode()
            batch.append(b"set %s 0 0 1 noreply\r\nv\r\n" % key)
            if n % 3 == 0:
                batch.append(b"get %s %s:miss\r\n" % (key, prefix.encode()))
            if n % 5 == 0:
                batch.append(b"delete %s noreply\r\n" % key)
        c.send(b"".join(batch) + b"version\r\n")
        c.read_until(b"VERSION ")  # skip the get replies: the dump is what is compared
        c.read_until(b"\r\n")
        dump = c.block(b"stats detail dump\r\n")
        c.close()
    return dump


@pytest.mark.parametrize(
    "flags", [[], ["-o", "hash_algorithm=jenkins"], ["-o", "no_modern"], ["-D", ":"]], ids=lambda f: " ".join(f) or "default"
)
def test_policy_stats_detail_order(flags, sut_binary, reference_binary):
    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = pool.submit(_dump, reference_binary, flags)
        under_test = pool.submit(_dump, sut_binary, flags)
        reference, under_test = reference.result(), under_test.result()
    assert reference.count(b"\r\nPREFIX ") > 600, reference[:300]
    ref_lines, sut_lines = reference.split(b"\r\n"), under_test.split(b"\r\n")
    first = next((i for i, (a, b) in enumerate(zip(ref_lines, sut_lines)) if a != b), None)
    assert under_test == reference, (
        f"first difference at line {first}: memcached {ref_lines[first] if first is not None else b''!r} "
        f"vs {sut_lines[first] if first is not None else b''!r} ({len(ref_lines)} vs {len(sut_lines)} lines)"
    )
