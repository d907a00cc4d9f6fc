"""Split memcached text-protocol responses into units and normalise them for comparison.

A *unit* is one complete response line (ending in "\\n") or, for `VALUE <key> <flags> <bytes> [<cas>]`
and meta `VA <bytes> ...` headers, the header line together with its data block. Splitting a byte
stream into units lets a reader know when a response is complete without knowing its exact length,
and lets two servers whose CAS numbers or version strings differ be compared unit by unit.

Normalisation rewrites only what legitimately differs between two correct servers:
  * CAS values: each distinct non-zero CAS becomes `<cas#N>` in order of first appearance
    (in `VALUE ... <cas>`, meta `c<cas>` return tokens and `ME ... cas=<cas>`);
  * the `VERSION ...` string;
  * `STAT <name> <value>` values, unless the name is listed as exact;
  * slab class ids (`STAT items:<id>:...`, `STAT <id>:...` of `stats slabs`, `ME ... cls=<id>`): each
    distinct id becomes `<class#N>` in order of first appearance, and `ME ... size=<bytes>` becomes
    `size=<size>`. swiftcached's item header is smaller than memcached's, so an item can sit in a lower
    class and its size differs by design (README, compatibility table); which fields appear, in what
    order, and how many classes are in use are still compared.
"""

from __future__ import annotations

import re

META_CODES = {b"HD", b"VA", b"EN", b"NF", b"NS", b"EX", b"MN", b"ME"}
_ME_CAS = re.compile(rb"(?<= )cas=(\d+)")
_META_CAS = re.compile(rb"c(\d+)")
_ME_CLASS = re.compile(rb"(?<= )cls=(\d+)")
_ME_SIZE = re.compile(rb"(?<= )size=\d+")
_STAT_CLASS = re.compile(rb"(items:)?(\d+):(.+)")


# swiftcached's own `stats settings` lines (README, "Memory policy"), printed after all of memcached's.
# memcached never sends them; replays drop them from a reply before comparing it (every memcached line is
# still compared), and test_policy_settings checks their place and values.
OWN_SETTINGS = (b"scan_guard", b"latency_histograms", b"hotkeys", b"hotkeys_sample", b"hotkeys_threshold")


def is_own_setting(unit: bytes) -> bool:
    tokens = unit.split(b" ", 2)
    return len(tokens) == 3 and tokens[0] == b"STAT" and tokens[1] in OWN_SETTINGS


def _data_length(token: bytes) -> int | None:
    """Parse a data-block length token; None when it is not a plain decimal."""
    if not token.isdigit() or len(token) > 12:
        return None
    return int(token)


def split_units(buf: bytes) -> tuple[list[bytes], bytes]:
    """Split `buf` into complete units; return (units, incomplete remainder)."""
    units: list[bytes] = []
    pos = 0
    while True:
        nl = buf.find(b"\n", pos)
        if nl < 0:
            break
        line = buf[pos : nl + 1]
        block = None
        tokens = line.rstrip(b"\r\n").split(b" ")
        if tokens[0] == b"VALUE" and len(tokens) in (4, 5):
            block = _data_length(tokens[3])
        elif tokens[0] == b"VA" and len(tokens) >= 2:
            block = _data_length(tokens[1])
        end = nl + 1
        if block is not None:
            end += block + 2
            if end > len(buf):
                break
        units.append(buf[pos:end])
        pos = end
    return units, buf[pos:]


class CasMap:
    """Assigns `<cas#N>` names to CAS values (and `<class#N>` to slab class ids) in order of first appearance."""

    def __init__(self) -> None:
        self.order: dict[bytes, int] = {}
        self.classes: dict[bytes, int] = {}

    def name(self, cas: bytes) -> bytes:
        if cas.lstrip(b"0") == b"":
            return cas  # CAS 0 means "no CAS" (e.g. -C, or a failed meta store): keep it literal
        index = self.order.setdefault(cas, len(self.order) + 1)
        return b"<cas#%d>" % index

    def slab_class(self, class_id: bytes) -> bytes:
        """`<class#N>` for a slab class id, numbered in order of first appearance."""
        index = self.classes.setdefault(class_id, len(self.classes) + 1)
        return b"<class#%d>" % index

    def value(self, index: int) -> bytes:
        """The raw CAS value that was named `<cas#index>` (for `{cas:N}` in requests)."""
        for raw, i in self.order.items():
            if i == index:
                return raw
        raise KeyError(f"no CAS #{index} has been seen yet")


def normalise_unit(unit: bytes, cas: CasMap, exact_stats: frozenset[bytes] = frozenset()) -> bytes:
    """Return the comparable form of one unit (see the module docstring)."""
    nl = unit.find(b"\n")
    header, body = unit[: nl + 1], unit[nl + 1 :]
    line = header.rstrip(b"\r\n")
    ending = header[len(line) :]
    tokens = line.split(b" ")
    head = tokens[0]
    if head == b"VALUE" and len(tokens) == 5:
        tokens[4] = cas.name(tokens[4])
    elif head in META_CODES:
        if head == b"ME":
            line = _ME_CAS.sub(lambda m: b"cas=" + cas.name(m.group(1)), line)
            line = _ME_CLASS.sub(lambda m: b"cls=" + cas.slab_class(m.group(1)), line)
            line = _ME_SIZE.sub(b"size=<size>", line)
            return line + ending + body
        first = 2 if head == b"VA" else 1
        for i in range(first, len(tokens)):
            m = _META_CAS.fullmatch(tokens[i])
            if m:
                tokens[i] = b"c" + cas.name(m.group(1))
    elif head == b"VERSION" and len(tokens) >= 2:
        tokens = [b"VERSION", b"<version>"]
    elif head == b"STAT" and len(tokens) >= 3:
        name = tokens[1]
        per_class = _STAT_CLASS.fullmatch(name)
        if per_class:
            name = (per_class.group(1) or b"") + cas.slab_class(per_class.group(2)) + b":" + per_class.group(3)
        value = tokens[2] if tokens[1] in exact_stats else b"<value>"
        tokens = [b"STAT", name, value]
    return b" ".join(tokens) + ending + body


def render(data: bytes) -> str:
    """Show bytes the way transcripts write them (C-style escapes), for readable diffs."""
    out = []
    for byte in data:
        ch = chr(byte)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch in "{}":
            out.append("\\" + ch)
        elif 0x20 <= byte < 0x7F:
            out.append(ch)
        else:
            out.append(f"\\x{byte:02x}")
    return "".join(out)
