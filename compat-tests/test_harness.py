"""Self-tests of the transcript harness: the differential runner must be able to fail.

Small transcripts with deliberately wrong expectations are replayed against the reference memcached
and must be reported as mismatches; the response splitter and normaliser are checked on their own.
"""

from __future__ import annotations

import pytest

from harness import servers
from harness.transcript import TranscriptError, decode, explain, parse, replay
from harness.wire import CasMap, normalise_unit, split_units


def _check(tmp_path, reference_binary, text: str) -> str:
    path = tmp_path / "case.t"
    path.write_text(text)
    transcript = parse(path)
    with servers.ServerProcess(reference_binary, transcript.flags) as server:
        return explain(transcript, replay(transcript, server.address), "reference")


GOOD = """# a correct transcript
>>> set a 0 0 1\\r\\nx\\r\\n
<<< STORED\\r\\n
>>> gets a\\r\\n
<<< VALUE a 0 1 77\\r\\nx\\r\\n
<<< END\\r\\n
>>> cas a 0 0 1 {cas:1}\\r\\ny\\r\\n
<<< STORED\\r\\n
>>> [B] quit\\r\\n
@close B
"""

BAD = {
    "wrong value": ">>> set a 0 0 1\\r\\nx\\r\\n\n<<< STORED\\r\\n\n>>> get a\\r\\n\n<<< VALUE a 0 1\\r\\ny\\r\\n\n<<< END\\r\\n\n",
    "cas reused": (
        ">>> set a 0 0 1\\r\\nx\\r\\n\n<<< STORED\\r\\n\n>>> gets a\\r\\n\n<<< VALUE a 0 1 5\\r\\nx\\r\\nEND\\r\\n\n"
        ">>> set a 0 0 1\\r\\nx\\r\\n\n<<< STORED\\r\\n\n>>> gets a\\r\\n\n<<< VALUE a 0 1 5\\r\\nx\\r\\nEND\\r\\n\n"
    ),
    "stray reply": ">>> set a 0 0 1\\r\\nx\\r\\n\n<<<\n",
    "missing reply": ">>> get a\\r\\n\n<<< END\\r\\nEND\\r\\n\n",
    "no close": ">>> version\\r\\n\n@close\n",
    # only the first stats line is read (@nosync), so the exact pid value is the only difference
    "exact stat": "@exact-stats pid\n@nosync\n>>> stats\\r\\n\n<<< STAT pid 0\\r\\n\n",
}


def test_correct_transcript_passes(tmp_path, reference_binary):
    assert _check(tmp_path, reference_binary, GOOD) == ""


@pytest.mark.parametrize("text", BAD.values(), ids=BAD.keys())
def test_wrong_transcripts_fail(tmp_path, reference_binary, text):
    assert "mismatch" in _check(tmp_path, reference_binary, text)


def test_split_units_waits_for_data_blocks():
    units, rest = split_units(b"VALUE k 0 5\r\nab\r\nc\r\nEND\r\nVALUE k 0 3\r\nab")
    assert units == [b"VALUE k 0 5\r\nab\r\nc\r\n", b"END\r\n"]
    assert rest == b"VALUE k 0 3\r\nab"
    units, rest = split_units(b"VA 2 c9 t-1\r\nhi\r\nHD c9\r\nEN")
    assert units == [b"VA 2 c9 t-1\r\nhi\r\n", b"HD c9\r\n"] and rest == b"EN"


def test_normalise_maps_cas_by_first_appearance():
    cas = CasMap()
    assert normalise_unit(b"VALUE k 0 1 500\r\nx\r\n", cas) == b"VALUE k 0 1 <cas#1>\r\nx\r\n"
    assert normalise_unit(b"HD c700 t5\r\n", cas) == b"HD c<cas#2> t5\r\n"
    assert normalise_unit(b"VA 3 c500\r\nc99\r\n", cas) == b"VA 3 c<cas#1>\r\nc99\r\n"  # data untouched
    assert normalise_unit(b"EX c0\r\n", cas) == b"EX c0\r\n"
    assert normalise_unit(b"ME k exp=-1 la=3 cas=700 fetch=no\r\n", cas).count(b"cas=<cas#2>") == 1
    assert cas.value(2) == b"700"
    assert normalise_unit(b"VERSION 9.9\r\n", cas) == b"VERSION <version>\r\n"
    assert normalise_unit(b"STAT pid 42\r\n", cas) == b"STAT pid <value>\r\n"
    assert normalise_unit(b"STAT pid 42\r\n", cas, frozenset({b"pid"})) == b"STAT pid 42\r\n"


def test_decode_escapes_and_macros():
    assert decode("a\\r\\n\\x00\\\\\\{{repeat:3:ab}}", allow_cas=False) == [b"a\r\n\x00\\{ababab}"]
    parts = decode("cas k 0 0 1 {cas:2}\\r\\n", allow_cas=True)
    assert parts[0] == b"cas k 0 0 1 " and parts[1].index == 2 and parts[2] == b"\r\n"
    with pytest.raises(TranscriptError):
        decode("{cas:1}", allow_cas=False)
    with pytest.raises(TranscriptError):
        decode("\\q", allow_cas=False)
