#!/usr/bin/env python3
"""Re-record the expected responses of transcripts at full replay speed.

Usage: python3 compat-tests/meta/recapture.py FILE.t [FILE.t ...]

tools/capture.py learns how many response units each request produces by waiting for the
connection to go quiet, which takes a while per request; in transcripts that read TTLs
(`t`, `me exp=`) the server clock may tick during those waits, so the recorded TTLs can
be a second or more lower than what a fast replay sees. This script keeps the number of
units per `<<<` group from the file (run tools/capture.py first), replays the transcript
against a fresh reference server exactly as harness.transcript.replay does (no idle
waits: it reads until it has the expected number of units), and rewrites each `<<<`
group with the raw bytes that arrived. Run it twice and check `git diff` stays empty:
a transcript that changes between runs is timing-dependent and needs rewriting.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import servers  # noqa: E402
from harness.transcript import STEP_TIMEOUT, Close, Expect, Send, Sleep, _Conn, _label, parse  # noqa: E402
from harness.wire import CasMap, normalise_unit, render, split_units  # noqa: E402


def record(path: Path) -> list[list[bytes]]:
    """Replay `path` against the reference; return the raw units received for each Expect step."""
    transcript = parse(path)
    cas = CasMap()
    recorded: list[list[bytes]] = []
    with servers.ServerProcess(servers.reference_binary(), transcript.flags) as server:
        conns: dict[str, _Conn] = {}

        def conn_for(label: str) -> _Conn:
            if label not in conns:
                conns[label] = _Conn(server.address)
            return conns[label]

        try:
            for step in transcript.steps:
                if isinstance(step, Send):
                    payload = b"".join(p if isinstance(p, bytes) else cas.value(p.index) for p in step.parts)
                    conn_for(step.conn).sock.sendall(payload)
                elif isinstance(step, Expect):
                    conn = conn_for(step.conn)
                    want = len(split_units(step.data)[0])
                    deadline = time.monotonic() + STEP_TIMEOUT
                    while len(split_units(conn.buf)[0]) < want and conn.fill(deadline):
                        pass
                    units = split_units(conn.buf)[0][:want]
                    conn.buf = conn.buf[sum(map(len, units)) :]
                    if len(units) != want:
                        print(f"{path}:{step.line}: expected {want} units, got {len(units)}", file=sys.stderr)
                    for unit in units:
                        normalise_unit(unit, cas)  # registers CAS values for {cas:N}
                    recorded.append(units)
                elif isinstance(step, Sleep):
                    time.sleep(step.seconds)
                elif isinstance(step, Close):
                    raise SystemExit(f"{path}: @close is not supported here; use tools/capture.py")
        finally:
            for conn in conns.values():
                conn.sock.close()
    return recorded


def rewrite(path: Path, recorded: list[list[bytes]]) -> str:
    lines = path.read_text().splitlines()
    out: list[str] = []
    groups = iter(recorded)
    previous_label = None
    for raw in lines:
        if raw.startswith("<<<"):
            label, _ = _label(raw[4:] if raw[3:4] == " " else raw[3:])
            if previous_label == label:
                continue  # later line of the same group: already written
            previous_label = label
            units = next(groups)
            prefix = "<<< " if label == "A" else f"<<< [{label}] "
            out += [prefix + render(u) for u in units] or [raw]
            continue
        previous_label = None
        out.append(raw)
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    for name in argv:
        path = Path(name)
        text = rewrite(path, record(path))
        if text != path.read_text():
            path.write_text(text)
            print(f"updated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
