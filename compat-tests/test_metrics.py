"""The Prometheus endpoint (`-o metrics_port=<port>`) of the server under test.

A server is started with the endpoint on, given traffic of every kind memcached_exporter reports, and
scraped over HTTP with urllib. The body must pass `promtool check metrics` (Debian's `prometheus`
package; `.ci/run` installs it): no parse error, and no lint complaint except those memcached_exporter's
own names draw (it publishes a few counters without the `_total` suffix, and swiftcached keeps its names
so dashboards work). Every family must be one memcached_exporter publishes or a `swiftcached_*` one, and
the figures must agree with `stats` read over the memcached protocol at the same moment: a counter read
by `stats` between two scrapes lies between the two scraped values, also under concurrent load.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest
from pymemcache.client.base import Client

from harness import servers

# memcached_exporter's families (pkg/exporter/exporter.go) that a swiftcached scrape can carry: all but
# the extstore and proxy ones (emitted only when `stats` has extstore_* or proxy_* lines, which
# swiftcached never prints).
EXPORTER_FAMILIES = {
    "memcached_up", "memcached_uptime_seconds", "memcached_time_seconds", "memcached_version",
    "memcached_process_user_cpu_seconds_total", "memcached_process_system_cpu_seconds_total",
    "memcached_read_bytes_total", "memcached_written_bytes_total", "memcached_current_connections",
    "memcached_max_connections", "memcached_connections_total", "memcached_connections_rejected_total",
    "memcached_connections_yielded_total", "memcached_connections_listener_disabled_total",
    "memcached_current_bytes", "memcached_limit_bytes", "memcached_commands_total", "memcached_current_items",
    "memcached_items_total", "memcached_items_evicted_total", "memcached_items_reclaimed_total",
    "memcached_item_too_large_total", "memcached_item_no_memory_total", "memcached_direct_reclaims_total",
    "memcached_lru_crawler_enabled", "memcached_lru_crawler_sleep", "memcached_lru_crawler_to_crawl",
    "memcached_lru_crawler_maintainer_thread", "memcached_lru_crawler_hot_percent",
    "memcached_lru_crawler_warm_percent", "memcached_lru_crawler_hot_max_factor",
    "memcached_lru_crawler_warm_max_factor", "memcached_lru_crawler_starts_total",
    "memcached_lru_crawler_reclaimed_total", "memcached_lru_crawler_items_checked_total",
    "memcached_lru_crawler_moves_to_cold_total", "memcached_lru_crawler_moves_to_warm_total",
    "memcached_lru_crawler_moves_within_lru_total", "memcached_malloced_bytes", "memcached_accepting_connections",
    "memcached_slab_current_items", "memcached_slab_items_age_seconds",
    "memcached_slab_items_crawler_reclaimed_total", "memcached_slab_items_evicted_total",
    "memcached_slab_items_evicted_nonzero_total", "memcached_slab_items_evicted_time_seconds",
    "memcached_slab_items_evicted_unfetched_total", "memcached_slab_items_expired_unfetched_total",
    "memcached_slab_items_outofmemory_total", "memcached_slab_items_reclaimed_total",
    "memcached_slab_items_tailrepairs_total", "memcached_slab_items_moves_to_cold",
    "memcached_slab_items_moves_to_warm", "memcached_slab_items_moves_within_lru", "memcached_slab_hot_items",
    "memcached_slab_warm_items", "memcached_slab_cold_items", "memcached_slab_temporary_items",
    "memcached_slab_hot_age_seconds", "memcached_slab_warm_age_seconds", "memcached_slab_lru_hits_total",
    "memcached_slab_chunk_size_bytes", "memcached_slab_chunks_per_page", "memcached_slab_current_pages",
    "memcached_slab_current_chunks", "memcached_slab_chunks_used", "memcached_slab_chunks_free",
    "memcached_slab_chunks_free_end", "memcached_slab_mem_requested_bytes", "memcached_slab_commands_total",
}

# What promtool's linter says about memcached_exporter's own names (kept as they are).
EXPORTER_LINT = {
    f'{name} counter metrics should have "_total" suffix'
    for name in (
        "memcached_uptime_seconds", "memcached_slab_items_evicted_time_seconds", "memcached_slab_items_moves_to_cold",
        "memcached_slab_items_moves_to_warm", "memcached_slab_items_moves_within_lru",
        "memcached_slab_mem_requested_bytes",
    )
}

_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$")


def scrape(port: int, path: str = "/metrics", method: str = "GET", timeout: float = 5) -> tuple[int, dict, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, dict(reply.headers), reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def samples(body: str) -> dict[str, float]:
    out = {}
    for line in body.splitlines():
        if line.startswith("#") or not line:
            continue
        match = _SAMPLE.match(line)
        assert match, f"not a sample line: {line!r}"
        out[match.group(1) + (match.group(2) or "")] = float(match.group(3))
    return out


def families(body: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(r"^# TYPE (\S+) (\S+)$", body, re.M)}


class StatsReader:
    """One memcached-protocol connection kept open, so reading `stats` opens no connection."""

    def __init__(self, address):
        self.sock = socket.create_connection(address, timeout=5)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def read(self, command: str = "stats") -> dict[str, str]:
        self.sock.sendall(command.encode() + b"\r\n")
        buf = b""
        while not buf.endswith(b"END\r\n"):
            chunk = self.sock.recv(65536)
            assert chunk, "connection closed"
            buf += chunk
        return {
            parts[1]: parts[2] for parts in (line.split(" ", 2) for line in buf.decode().split("\r\n")) if len(parts) == 3
        }

    def close(self):
        self.sock.close()


def start_metrics_server(server_factory, options: str = ""):
    port = servers.free_port()
    server = server_factory(["-o", f"metrics_port={port}" + options])
    deadline = time.monotonic() + 10
    while True:  # the endpoint starts just after the memcached port
        try:
            scrape(port, timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    return server, port


@pytest.fixture
def metrics_server(server_factory):
    return start_metrics_server(server_factory)


def traffic(server, rounds: int = 50) -> None:
    client = Client(server.address, default_noreply=False, connect_timeout=5, timeout=5)
    try:
        for i in range(rounds):
            client.set(f"k{i}", b"v" * (i * 10 + 1))
            client.get(f"k{i}")
            client.get(f"missing{i}")
        client.set("n", b"5")
        client.incr("n", 2)
        client.decr("n", 1)
        client.incr("nope", 1)
        client.delete("k0")
        client.delete("k0")
        client.touch("k1", 100)
        client.touch("nope", 100)
        _, cas = client.gets("k2")
        client.cas("k2", b"new", cas)
        client.cas("k2", b"newer", cas)
        client.cas("nope", b"x", b"1")
    finally:
        client.close()


def test_promtool_accepts_the_exposition(metrics_server):
    server, port = metrics_server
    traffic(server)
    status, headers, body = scrape(port)
    assert status == 200
    assert headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert_promtool_accepts(body)


def assert_promtool_accepts(body: str) -> None:
    """`promtool check metrics` parses `body`, and lints nothing beyond memcached_exporter's own names."""
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool not installed (Debian package prometheus; .ci/run installs it)")
    run = subprocess.run([promtool, "check", "metrics"], input=body, capture_output=True, text=True, timeout=60)
    problems = {line.strip() for line in (run.stdout + run.stderr).splitlines() if line.strip()}
    assert run.returncode in (0, 3), f"promtool exit {run.returncode}: {problems}"
    assert problems <= EXPORTER_LINT, f"lint beyond memcached_exporter's own names: {problems - EXPORTER_LINT}"


def test_names_are_memcached_exporters(metrics_server):
    server, port = metrics_server
    traffic(server)
    found = families(scrape(port)[2])
    assert set(found) - EXPORTER_FAMILIES == {
        "swiftcached_build_info", "swiftcached_cross_protocol_closes_total", "swiftcached_request_duration_seconds",
    }
    assert found["swiftcached_request_duration_seconds"] == "histogram"
    # Types as the exporter declares them.
    assert found["memcached_commands_total"] == "counter"
    assert found["memcached_uptime_seconds"] == "counter"
    assert found["memcached_current_items"] == "gauge"
    assert found["memcached_slab_mem_requested_bytes"] == "counter"
    # With default flags (segmented LRU, crawler on) every family the exporter reads from these stats is
    # there, except the TEMP LRU's item count: `stats items` prints number_temp only with -o temporary_ttl,
    # as memcached does.
    assert EXPORTER_FAMILIES - set(found) == {"memcached_slab_temporary_items"}


def expected_from_stats(stats: dict[str, str]) -> dict[str, float]:
    """memcached_exporter's mapping, applied to `stats` lines read over the memcached protocol."""
    n = {k: float(v) for k, v in stats.items() if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", v)}
    out = {
        'memcached_commands_total{command="set",status="hit"}': n["cmd_set"]
        - n["cas_misses"] - n["cas_hits"] - n["cas_badval"],
        'memcached_commands_total{command="cas",status="badval"}': n["cas_badval"],
        'memcached_commands_total{command="flush",status="hit"}': n["cmd_flush"],
        "memcached_read_bytes_total": n["bytes_read"],
        "memcached_written_bytes_total": n["bytes_written"],
        "memcached_connections_total": n["total_connections"],
        "memcached_items_total": n["total_items"],
        "memcached_uptime_seconds": n["uptime"],
    }
    for op in ("get", "delete", "incr", "decr", "cas", "touch"):
        out[f'memcached_commands_total{{command="{op}",status="hit"}}'] = n[f"{op}_hits"]
        out[f'memcached_commands_total{{command="{op}",status="miss"}}'] = n[f"{op}_misses"]
    return out


def test_figures_agree_with_stats(metrics_server):
    server, port = metrics_server
    traffic(server)
    reader = StatsReader(server.address)
    try:
        before = samples(scrape(port)[2])
        stats = reader.read()
        slabs = reader.read("stats slabs")
        items = reader.read("stats items")
        settings = reader.read("stats settings")
        after = samples(scrape(port)[2])
    finally:
        reader.close()
    for series, value in expected_from_stats(stats).items():
        assert before[series] <= value <= after[series], (series, before[series], value, after[series])
    # Gauges of a quiet server: equal.
    for series, name in [
        ("memcached_current_items", "curr_items"), ("memcached_current_bytes", "bytes"),
        ("memcached_limit_bytes", "limit_maxbytes"), ("memcached_current_connections", "curr_connections"),
    ]:
        assert after[series] == float(stats[name]), (series, after[series], stats[name])
    assert after["memcached_malloced_bytes"] == float(slabs["total_malloced"])
    # Per class, from `stats slabs` and `stats items` (the server is quiet between the two scrapes).
    classes = {name.split(":")[0] for name in slabs if ":" in name}
    assert classes
    for slab in classes:
        v = {name.split(":")[1]: float(value) for name, value in slabs.items() if name.startswith(slab + ":")}
        label = f'slab="{slab}"'
        assert after[f"memcached_slab_chunk_size_bytes{{{label}}}"] == v["chunk_size"]
        assert after[f"memcached_slab_chunks_used{{{label}}}"] == v["used_chunks"]
        assert after[f'memcached_slab_commands_total{{{label},command="get",status="hit"}}'] == v["get_hits"]
        assert after[f'memcached_slab_commands_total{{{label},command="set",status="hit"}}'] == (
            v["cmd_set"] - v["cas_hits"] - v["cas_badval"]
        )
        assert after[f"memcached_slab_current_items{{{label}}}"] == float(items[f"items:{slab}:number"])
        assert after[f"memcached_slab_mem_requested_bytes{{{label}}}"] == float(items[f"items:{slab}:mem_requested"])
    assert after["memcached_max_connections"] == float(settings["maxconns"])
    assert after[f'memcached_version{{version="{stats["version"]}"}}'] == 1
    assert after["memcached_up"] == 1
    # The traffic above in figures: 50 hits and 50 misses of plain gets, plus one gets hit.
    assert after['memcached_commands_total{command="get",status="hit"}'] == 51
    assert after['memcached_commands_total{command="get",status="miss"}'] == 50
    assert after['memcached_commands_total{command="cas",status="hit"}'] == 1
    assert after['memcached_commands_total{command="cas",status="badval"}'] == 1
    assert after['memcached_commands_total{command="cas",status="miss"}'] == 1
    assert after['memcached_commands_total{command="set",status="hit"}'] == 51


def test_scrapes_under_load_bracket_stats(metrics_server):
    server, port = metrics_server
    stop = threading.Event()
    errors: list[BaseException] = []

    def load():
        try:
            client = Client(server.address, default_noreply=False, connect_timeout=5, timeout=5)
            i = 0
            while not stop.is_set():
                client.set(f"load{i % 500}", b"x" * 100)
                client.get(f"load{(i * 7) % 700}")
                i += 1
            client.close()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=load) for _ in range(2)]
    for thread in threads:
        thread.start()
    reader = StatsReader(server.address)
    try:
        for _ in range(10):
            before = samples(scrape(port)[2])
            stats = reader.read()
            after = samples(scrape(port)[2])
            for series, value in expected_from_stats(stats).items():
                assert before[series] <= value <= after[series], (series, before[series], value, after[series])
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        reader.close()
    assert not errors, errors


def test_paths_methods_and_address(metrics_server):
    server, port = metrics_server
    assert scrape(port, "/")[0] == 404
    assert scrape(port, "/metricsx")[0] == 404
    status, headers, _ = scrape(port, method="POST")
    assert status == 405 and headers["Allow"] == "GET, HEAD"
    assert scrape(port, "/metrics?name[]=memcached_up")[0] == 200
    status, headers, body = scrape(port, method="HEAD")
    assert status == 200 and body == "" and int(headers["Content-Length"]) > 1000
    # Bound to the -l address (the harness passes -l 127.0.0.1), not to every interface.
    listening = set()
    with open("/proc/net/tcp") as table:
        for row in table.read().splitlines()[1:]:
            fields = row.split()
            if fields[3] == "0A" and fields[1].endswith(f":{port:04X}"):
                listening.add(fields[1].split(":")[0])
    assert listening == {"0100007F"}


def test_refused_values(server_factory):
    for value in ("70000", "abc", ""):
        with pytest.raises(RuntimeError):
            server_factory(["-o", f"metrics_port={value}"])


def test_hot_keys_gauge(server_factory):
    """-o hotkeys: the ten hottest keys as a gauge, the key as a label (escaped), passing promtool."""
    server, port = start_metrics_server(server_factory, ",hotkeys,hotkeys_sample=1")
    assert "swiftcached_hot_key_requests_per_second" not in scrape(port)[2]  # no request yet: no series
    traffic(server)
    client = Client(server.address, default_noreply=False, connect_timeout=5, timeout=5)
    try:
        for _ in range(40):
            client.get('quote"back\\slash')
    finally:
        client.close()
    body = scrape(port)[2]
    assert families(body)["swiftcached_hot_key_requests_per_second"] == "gauge"
    series = [line for line in body.splitlines() if line.startswith("swiftcached_hot_key_requests_per_second{")]
    assert len(series) == 10, series
    assert series[0].startswith('swiftcached_hot_key_requests_per_second{key="quote\\"back\\\\slash"} '), series
    assert_promtool_accepts(body)


def test_latency_histograms(metrics_server, server_factory):
    """`stats latency` (swiftcached's) and the `swiftcached_request_duration_seconds` histogram: one count per
    request of each command family, quantiles in order, the same counts on both sides; a clear line with
    `-o no_latency_histograms`, which also drops the histogram family."""
    server, port = metrics_server
    traffic(server)
    reader = StatsReader(server.address)
    try:
        latency = reader.read("stats latency")
        settings = reader.read("stats settings")
    finally:
        reader.close()
    assert settings["latency_histograms"] == "yes"
    counts = {name[: -len("_count")]: int(value) for name, value in latency.items() if name.endswith("_count")}
    # traffic(): 100 get + 1 gets; 51 set + 3 cas; incr, decr, incr; 2 delete; 2 touch.
    assert counts == {"get": 101, "set": 54, "incr_decr": 3, "delete": 2, "touch": 2}
    for family in counts:
        quantiles = [float(latency[f"{family}_{q}_us"]) for q in ("p50", "p90", "p99", "p999")]
        assert 0 < quantiles[0] <= quantiles[1] <= quantiles[2] <= quantiles[3] < 10_000_000, (family, quantiles)
    body = scrape(port)[2]
    values = samples(body)
    name = "swiftcached_request_duration_seconds"
    for family, count in counts.items():
        assert values[f'{name}_count{{command="{family}"}}'] == count
        assert values[f'{name}_bucket{{command="{family}",le="+Inf"}}'] == count
        buckets = [(float(m.group(1)), float(v)) for series, v in values.items()
                   if (m := re.fullmatch(rf'{name}_bucket\{{command="{family}",le="([^"+]+)"\}}', series))]
        assert len(buckets) == 28
        assert [v for _, v in sorted(buckets)] == sorted(v for _, v in buckets), "buckets must be cumulative"
        assert 0 < values[f'{name}_sum{{command="{family}"}}'] < count * 10

    off = server_factory(["-o", "no_latency_histograms"])
    with socket.create_connection(off.address, timeout=5) as sock:
        sock.sendall(b"get a\r\nstats latency\r\nstats settings\r\n")
        buf = b""
        while not buf.endswith(b"END\r\n") or buf.count(b"END\r\n") < 3:
            chunk = sock.recv(65536)
            assert chunk, "connection closed"
            buf += chunk
    assert b"END\r\nSTAT latency_histograms disabled\r\nEND\r\n" in buf
    assert b"STAT latency_histograms no\r\n" in buf
