"""Meta-protocol edge cases that do not fit the transcript format.

* ms with a value over the item size limit: SERVER_ERROR, the data block is swallowed and the
  connection stays in sync (the block is 1 MiB+, too big for a transcript line);
* an ms data block that arrives in pieces, and a request line split mid-token;
* mg l / h after a pause (the exact l value depends on where the server's 1 s clock ticks,
  so it is checked as a range; a fetch within 60 s of the last bump does not reset it).
Expected bytes are memcached 1.6.18's; the tests run against the server under test and,
when it differs, the reference.
"""

from __future__ import annotations

import time

from metaclient import MetaConn

ITEM_MAX = 1024 * 1024


def test_ms_too_large_is_swallowed(start_target):
    server = start_target()
    big = b"x" * (ITEM_MAX + 1)
    with MetaConn(server.address, timeout=10) as conn:
        conn.send(b"ms big %d T0\r\n%s\r\nmn\r\n" % (len(big), big))
        assert conn.line() == b"SERVER_ERROR object too large for cache\r\n"
        assert conn.line() == b"MN\r\n"
        # quiet mode does not hide the error; the item is not there
        conn.send(b"ms big %d q\r\n%s\r\nmg big v\r\nmn\r\n" % (len(big), big))
        assert conn.line() == b"SERVER_ERROR object too large for cache\r\n"
        assert conn.line() == b"EN\r\n"
        assert conn.line() == b"MN\r\n"
        # a value that fits still works on the same connection
        ok = b"y" * 1000
        assert conn.call(b"ms big %d\r\n%s\r\n" % (len(ok), ok)).raw == b"HD\r\n"
        assert conn.call(b"mg big s\r\n").raw == b"HD s1000\r\n"


def test_ms_too_large_sent_in_pieces(start_target):
    server = start_target()
    big = b"z" * (2 * ITEM_MAX)
    with MetaConn(server.address, timeout=10) as conn:
        conn.send(b"ms huge %d\r\n" % len(big))
        for offset in range(0, len(big), 256 * 1024):
            conn.send(big[offset:offset + 256 * 1024])
            time.sleep(0.01)
        conn.send(b"\r\nmn\r\n")
        assert conn.line() == b"SERVER_ERROR object too large for cache\r\n"
        assert conn.line() == b"MN\r\n"


def test_ms_data_block_in_pieces(start_target):
    server = start_target()
    with MetaConn(server.address) as conn:
        conn.send(b"ms sd 10 T0 c\r\n01234")
        time.sleep(0.2)
        conn.send(b"56")
        time.sleep(0.2)
        conn.send(b"789\r")
        time.sleep(0.2)
        conn.send(b"\n")
        reply = conn.reply()
        assert reply.code == "HD" and reply.cas
        assert conn.call(b"mg sd v\r\n").raw == b"VA 10\r\n0123456789\r\n"


def test_meta_request_line_in_pieces(start_target):
    server = start_target()
    with MetaConn(server.address) as conn:
        for piece in (b"m", b"s sp", b"lit 2 ", b"T0", b"\r", b"\nh", b"i\r\nmg spl", b"it v k\r", b"\n"):
            conn.send(piece)
            time.sleep(0.05)
        assert conn.reply().raw == b"HD\r\n"
        assert conn.reply().raw == b"VA 2 ksplit\r\nhi\r\n"


def test_last_access_and_hit_after_a_pause(start_target):
    server = start_target()
    with MetaConn(server.address) as conn:
        assert conn.call(b"ms la 1\r\na\r\n").code == "HD"
        time.sleep(2.2)
        first = conn.call(b"mg la h l\r\n")
        assert first.flag("h") == "0"
        assert int(first.flag("l")) in (2, 3), first.raw
        # The fetch sets "fetched" but does not reset last access: memcached only refreshes an
        # item's access time when it bumps it in the LRU, at most once per 60 s.
        second = conn.call(b"mg la h l\r\n")
        assert second.flag("h") == "1" and second.flag("l") == first.flag("l"), second.raw
