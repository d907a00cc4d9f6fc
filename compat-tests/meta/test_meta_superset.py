"""Superset transcripts: meta flags newer than memcached 1.6.18, checked against swiftcached only.

Files under transcripts/meta/superset/*.superset use the ordinary transcript format (see
README.md), but their expected bytes are written by hand from protocol.txt HEAD because the
reference memcached 1.6.18 does not implement these flags (E on mg/ms/md/ma, md x, ms s,
ms MA/MP with N). They use their own extension so test_transcripts.py does not replay them
against the reference.

* Server under test is a separate binary: every transcript must match exactly (after the
  usual CAS/version normalisation).
* Server under test is memcached 1.6.18 itself (before swiftcached exists): each transcript
  must *fail* to match, which proves it really exercises behaviour 1.6.18 lacks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import servers
from harness.transcript import explain, parse, replay

SUPERSET = sorted((Path(__file__).resolve().parent.parent / "transcripts" / "meta" / "superset").glob("*.superset"))


@pytest.mark.parametrize("path", SUPERSET, ids=lambda p: p.stem)
def test_superset_transcript(path, sut_binary, reference_binary):
    transcript = parse(path)
    assert transcript.steps, f"{path} has no steps"
    with servers.ServerProcess(sut_binary, transcript.flags) as server:
        outcomes = replay(transcript, server.address)
    if servers.resolve(sut_binary) == servers.resolve(reference_binary):
        assert any(not o.ok for o in outcomes), (
            f"{transcript.name}: memcached 1.6.18 already matches this superset transcript; "
            "move it to transcripts/meta/ as an ordinary differential transcript")
        return
    problem = explain(transcript, outcomes, f"server under test {sut_binary}")
    assert not problem, problem


def test_superset_transcripts_exist():
    assert len(SUPERSET) >= 8, SUPERSET
