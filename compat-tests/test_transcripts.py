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


def _run(binary: str, transcript) -> tuple[list, str]:
    """Replay on a fresh server; return the outcomes and a problem with the process itself ('' if none)."""
    with servers.ServerProcess(binary, transcript.flags) as server:
        outcomes = replay(transcript, server.address)
        code = server.wait_exit(5.0 if transcript.exits else 0.0)
        if transcript.exits and code is None:
            return outcomes, "the server did not exit within 5 s"
        if not transcript.exits and code is not None:
            return outcomes, f"the server exited with status {code} during the transcript: {server.log_tail()}"
        return outcomes, ""


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_transcript(path, sut_binary, reference_binary):
    transcript = parse(path)
    assert transcript.steps, f"{path} has no steps"
    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = pool.submit(_run, reference_binary, transcript)
        under_test = pool.submit(_run, sut_binary, transcript)
        (reference_outcomes, reference_process), (sut_outcomes, sut_process) = reference.result(), under_test.result()
    problems = [
        explain(transcript, reference_outcomes, f"reference {reference_binary} (transcript out of date?)"),
        reference_process and f"reference {reference_binary}: {reference_process}",
        explain(transcript, sut_outcomes, f"server under test {sut_binary}"),
        sut_process and f"server under test {sut_binary}: {sut_process}",
    ]
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


def test_transcripts_exist():
    assert len(TRANSCRIPTS) >= 150, f"only {len(TRANSCRIPTS)} transcripts found"
