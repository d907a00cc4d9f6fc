"""Differential transcript tests.

Each file under transcripts/ is replayed against a fresh memcached 1.6.18 (the reference) and a fresh
server under test, started with the same flags, concurrently. Two checks per transcript:
  1. the reference reproduces the recorded responses (so the transcripts stay honest);
  2. the server under test produces the same responses (after normalising CAS numbers, the version
     string and stats values; see harness/wire.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness import servers
from harness.transcript import explain, parse, replay

TRANSCRIPTS = sorted((Path(__file__).parent / "transcripts").rglob("*.t"))


def _run(binary: str, transcript):
    with servers.ServerProcess(binary, transcript.flags) as server:
        return replay(transcript, server.address)


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_transcript(path, sut_binary, reference_binary):
    transcript = parse(path)
    assert transcript.steps, f"{path} has no steps"
    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = pool.submit(_run, reference_binary, transcript)
        under_test = pool.submit(_run, sut_binary, transcript)
        reference_outcomes, sut_outcomes = reference.result(), under_test.result()
    problems = [
        explain(transcript, reference_outcomes, f"reference {reference_binary} (transcript out of date?)"),
        explain(transcript, sut_outcomes, f"server under test {sut_binary}"),
    ]
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


def test_transcripts_exist():
    assert len(TRANSCRIPTS) >= 150, f"only {len(TRANSCRIPTS)} transcripts found"
