#!/usr/bin/env python3
"""Record the expected responses of transcripts from the reference memcached.

Usage: python3 compat-tests/tools/capture.py FILE.t [FILE.t ...]

For each file, every existing "<<<" line is dropped, the requests are replayed against a fresh
reference server (MEMCACHED_BIN, default `memcached`, started with the file's @flags), and the bytes
that came back after each group of ">>>" lines are written below it as "<<<" lines, one per response
unit (runs of identical units as one {repeat:N:...} line); a group that got no response gets a bare "<<<" line (it keeps the next write separate). An
old "<<<" line (even a bare one) ends a group, so write a bare "<<<" after each request whose response
must arrive before the next request is sent. Where the new response equals the old "<<<" lines
up to CAS numbers and (non-exact) stats values, the old lines are kept, so recapturing a file only
changes what really changed. A response is taken as complete when the connection has been quiet for IDLE seconds. Review the
diff (`git diff`) before committing: the capture records what memcached does, not what it should do.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import servers  # noqa: E402
from harness.transcript import CasRef, Connection, split_label, decode, parse  # noqa: E402
from harness.wire import CasMap, normalise_unit, render, split_units  # noqa: E402

IDLE = 0.3
MAX_WAIT = 5.0


def _render_compact(data: bytes) -> str:
    """render(), but a run of 32 or more identical bytes is written as {repeat:N:c}."""
    out: list[str] = []
    i = 0
    while i < len(data):
        j = i
        while j < len(data) and data[j] == data[i]:
            j += 1
        text = render(data[i : i + 1])
        out.append(f"{{repeat:{j - i}:{text}}}" if j - i >= 32 else text * (j - i))
        i = j
    return "".join(out)


def _compress(units: list[bytes]) -> list[str]:
    """Render units, writing a run of 3 or more identical units as one {repeat:N:...} line."""
    texts: list[str] = []
    i = 0
    while i < len(units):
        j = i
        while j < len(units) and units[j] == units[i]:
            j += 1
        text = _render_compact(units[i])
        texts += [text] * (j - i) if j - i < 3 else [f"{{repeat:{j - i}:{text}}}"]
        i = j
    return texts


def capture(path: Path) -> str:
    transcript = parse(path)  # validates the file and gives the flags
    lines = path.read_text().splitlines()
    out: list[str] = []
    warnings: list[str] = []
    cas, old_cas = CasMap(), CasMap()
    exact = transcript.exact_stats
    with servers.ServerProcess(servers.reference_binary(), transcript.flags) as server:
        conns: dict[str, Connection] = {}
        group: dict = {"label": None, "parts": [], "at": 0, "old": [], "closed": False}
        unexpected_close: list[str] = []  # reported unless an @close follows

        def conn_for(label: str) -> Connection:
            if label not in conns:
                conns[label] = Connection(server.address)
            return conns[label]

        def flush(closing: bool = False) -> None:
            label = group["label"]
            if label is None:
                return
            conn = conn_for(label)
            payload = b"".join(p if isinstance(p, bytes) else cas.value(p.index) for p in group["parts"])
            try:
                conn.sock.sendall(payload)
            except OSError as exc:
                warnings.append(f"send failed after line {group['at']}: {exc}")
            deadline = time.monotonic() + MAX_WAIT
            while conn.fill(min(deadline, time.monotonic() + IDLE)):
                pass
            units, rest = split_units(conn.buf)
            conn.buf = b""
            normalised = [normalise_unit(u, cas, exact) for u in units]  # also registers CAS values in order
            prefix = "<<< " if label == "A" else f"<<< [{label}] "
            new = [prefix + text for text in _compress(units + ([rest] if rest else []))] or [prefix.rstrip()]
            old = group["old"]
            if old and not rest:
                old_units, old_rest = split_units(b"".join(b"".join(decode(split_label(o[4:])[1], False)) for o in old))
                if not old_rest and [normalise_unit(u, old_cas, exact) for u in old_units] == normalised:
                    new = old  # same response up to CAS numbers and stats values: keep the reviewed lines
            out[group["at"] + 1 : group["at"] + 1] = new
            if conn.eof and not closing:
                unexpected_close.append(f"connection {label} closed after line {group['at'] + 1} (write @close there)")
            group.update(label=None, parts=[], at=0, old=[], closed=False)

        for number, raw in enumerate(lines, start=1):
            if raw.startswith("<<<"):
                group["old"].append(raw)
                group["closed"] = True  # an old response line separates the writes around it
                continue
            if raw.startswith(">>>"):
                warnings += unexpected_close
                unexpected_close.clear()
                label, text = split_label(raw[4:] if raw[3:4] == " " else raw[3:])
                if group["closed"] or group["label"] not in (None, label):
                    flush()
                out.append(raw)
                group["label"] = label
                group["parts"] += decode(text, True, number)
                group["at"] = len(out) - 1
                continue
            words = raw.split()
            if words and words[0] in ("@sleep", "@close"):
                flush(closing=words[0] == "@close")
                if words[0] == "@sleep":
                    warnings += unexpected_close
                    unexpected_close.clear()
                    time.sleep(float(words[1]))
                else:
                    conn = conn_for(words[1].strip("[]") if len(words) > 1 else "A")
                    deadline = time.monotonic() + 2.0
                    while conn.fill(deadline):
                        pass
                    if not conn.eof:
                        warnings.append(f"line {number}: @close but the connection is still open")
                    unexpected_close.clear()
            out.append(raw)
        flush()
        warnings += unexpected_close
        for conn in conns.values():
            conn.sock.close()
    for w in warnings:
        print(f"{path}: warning: {w}", file=sys.stderr)
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv]
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    with ThreadPoolExecutor(max_workers=8) as pool:
        for path, text in zip(paths, pool.map(capture, paths)):
            if text != path.read_text():
                path.write_text(text)
                print(f"updated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
