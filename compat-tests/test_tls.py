"""TLS (-Z) against memcached 1.6.18 started with the same flags.

A self-signed certificate is made with the `openssl` command into a temporary directory per session.
Every server here runs `-Z -o ssl_chain_cert=...,ssl_key=...` with a plain `notls:` listener beside the
TLS one, and is compared with the reference on:
  - a representative set of the differential transcripts (TLS_TRANSCRIPTS) replayed over TLS;
  - `stats settings` TLS lines and the position of the TLS lines in `stats`;
  - `refresh_certs` (OK, noreply, a garbage certificate: the error line without an ERROR prefix);
  - plain text on the TLS port (reset, no bytes) and a TLS ClientHello on the plain port;
  - startup errors for missing or bad certificate files (message and exit status);
  - pymemcache with a `tls_context`.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pymemcache.client.base import Client

from harness import servers
from harness.transcript import explain, parse, replay

TRANSCRIPT_DIR = Path(__file__).parent / "transcripts"

# A representative set: every classic command family, pipelining, split requests and data blocks, large
# values, noreply, error paths and the meta commands. (stats_general_fields is left out: with -Z, `stats`
# has the TLS lines, which test_stats_settings_and_stats_lines compares.)
TLS_TRANSCRIPTS = [
    "classic/add_replies",
    "classic/append_replies",
    "classic/bad_data_chunk_long",
    "classic/cas_match_and_mismatch",
    "classic/command_line_split",
    "classic/data_block_split_crlf",
    "classic/decr_clamps_at_zero",
    "classic/delete_replies",
    "classic/empty_line",
    "classic/flush_all_basic",
    "classic/gat_basic",
    "classic/gats_returns_cas",
    "classic/get_long_multiget_hits",
    "classic/get_multi",
    "classic/incr_basic",
    "classic/item_size_just_fits",
    "classic/line_2049_closes",
    "classic/multi_conn_cas_race",
    "classic/noreply_pipeline",
    "classic/pipeline_100_sets",
    "classic/pipeline_split_anywhere",
    "classic/pipeline_with_errors",
    "classic/quit_closes",
    "classic/quit_pipelined",
    "classic/set_get_basic",
    "classic/too_large_swallowed",
    "classic/touch_replies",
    "classic/unknown_command",
    "classic/value_binary",
    "classic/verbosity_replies",
    "classic/version_basic",
    "meta/lease_multikey_pipeline",
    "meta/ma_basic",
    "meta/md_basic",
    "meta/me_debug",
    "meta/meta_herd_three_clients",
    "meta/meta_pipeline_mixed",
    "meta/mg_all_flags",
    "meta/mg_q_pipeline_multiget",
    "meta/mn_noop",
    "meta/ms_b_base64",
    "meta/ms_basic",
]


def _existing_transcripts() -> list[Path]:
    """The paths of TLS_TRANSCRIPTS (test_representative_transcripts_exist fails if one went missing)."""
    return [TRANSCRIPT_DIR / f"{name}.t" for name in TLS_TRANSCRIPTS if (TRANSCRIPT_DIR / f"{name}.t").exists()]


@pytest.fixture(scope="session")
def certs(tmp_path_factory) -> Path:
    if not shutil.which("openssl"):
        pytest.skip("the openssl command is not installed")
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem"), "-days", "2", "-subj", "/CN=localhost"],
        check=True, capture_output=True, timeout=60,
    )
    return d


def client_context() -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def tls_flags(cert_dir: Path, extra: str = "") -> list[str]:
    options = f"ssl_chain_cert={cert_dir / 'cert.pem'},ssl_key={cert_dir / 'key.pem'}" + extra
    return ["-Z", "-o", options]


class TLSServer(servers.ServerProcess):
    """A server with -Z on `port` and a plain listener on `plain_port` (`-l 127.0.0.1,notls:...`)."""

    def __init__(self, binary: str, flags=()):
        super().__init__(binary, flags)
        self.plain_port = servers.free_port()

    def command(self, port: int) -> list[str]:
        cmd = super().command(port)
        cmd[cmd.index("-l") + 1] = f"127.0.0.1,notls:127.0.0.1:{self.plain_port}"
        return cmd

    def plain(self, timeout: float = 5.0) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.plain_port), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def tls(self, timeout: float = 5.0) -> ssl.SSLSocket:
        return client_context().wrap_socket(self.connect(timeout), server_hostname="localhost")


def ask(sock: socket.socket, request: bytes, until: bytes, timeout: float = 5.0) -> bytes:
    sock.sendall(request)
    deadline = time.monotonic() + timeout
    data = b""
    while not data.endswith(until) and time.monotonic() < deadline:
        chunk = sock.recv(1 << 16)
        if not chunk:
            break
        data += chunk
    return data


def stat_lines(reply: bytes) -> list[tuple[str, str]]:
    return [tuple(line.split(b" ", 2)[1:3]) for line in reply.split(b"\r\n") if line.startswith(b"STAT ")]


def both(reference_binary, sut_binary, flags, body):
    """Runs `body(server)` on the reference and the server under test concurrently; returns both results."""

    def run(binary):
        with TLSServer(binary, flags) as server:
            return body(server)

    with ThreadPoolExecutor(max_workers=2) as pool:
        ref, sut = pool.submit(run, reference_binary), pool.submit(run, sut_binary)
        return ref.result(), sut.result()


def test_representative_transcripts_exist():
    assert len(_existing_transcripts()) == len(TLS_TRANSCRIPTS)


@pytest.mark.parametrize("path", _existing_transcripts(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_transcript_over_tls(path, certs, sut_binary, reference_binary):
    transcript = parse(path)
    flags = list(transcript.flags) + tls_flags(certs)

    def run(binary):
        with servers.ServerProcess(binary, flags) as server:
            return replay(transcript, server.address, tls=client_context())

    with ThreadPoolExecutor(max_workers=2) as pool:
        reference, under_test = pool.submit(run, reference_binary), pool.submit(run, sut_binary)
        reference_outcomes, sut_outcomes = reference.result(), under_test.result()
    problems = [
        explain(transcript, reference_outcomes, f"reference {reference_binary} over TLS"),
        explain(transcript, sut_outcomes, f"server under test {sut_binary} over TLS"),
    ]
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "extra", ["", ",ssl_verify_mode=1,ssl_wbuf_size=4,ssl_min_version=3,ssl_session_cache,ssl_kernel_tls"]
)
def test_stats_settings_and_stats_lines(certs, sut_binary, reference_binary, extra):
    def body(server):
        with server.tls() as t:
            assert ask(t, b"version\r\n", b"\r\n") == b"VERSION 1.6.18\r\n"
        with server.plain() as p:
            settings = stat_lines(ask(p, b"stats settings\r\n", b"END\r\n"))
            stats = stat_lines(ask(p, b"stats\r\n", b"END\r\n"))
        tls_settings = [(k, v) for k, v in settings if k.startswith(b"ssl_") or k == b"inter"]
        tls_settings = [(k, v.replace(str(server.plain_port).encode(), b"P")) for k, v in tls_settings]
        names = [k for k, _ in stats]
        first = next(i for i, k in enumerate(names) if k.startswith(b"ssl_") or k.startswith(b"time_since"))
        around = names[first - 1 : first + 4]
        refresh = int(dict(stats)[b"time_since_server_cert_refresh"])
        # With the session cache, one TLS 1.3 connection makes two sessions (OpenSSL's two tickets).
        return tls_settings, around, 55 <= refresh <= 75, dict(stats).get(b"ssl_new_sessions")

    reference, under_test = both(reference_binary, sut_binary, tls_flags(certs, extra), body)
    assert under_test == reference


def test_refresh_certs(certs, sut_binary, reference_binary, tmp_path):
    def body(server, cert_dir):
        with server.plain() as p:
            requests = b"refresh_certs\r\nrefresh_certs noreply\r\nrefresh_certs x\r\nversion\r\n"
            first = ask(p, requests, b"VERSION 1.6.18\r\n")
            (cert_dir / "cert.pem").write_text("garbage\n")
            bad = ask(p, b"refresh_certs\r\nrefresh_certs noreply\r\nversion\r\n", b"VERSION 1.6.18\r\n")
            bad = bad.replace(str(cert_dir).encode(), b"DIR")
        with server.tls() as t:  # the certificate loaded before still serves
            still = ask(t, b"version\r\n", b"\r\n")
        shutil.copy(certs / "cert.pem", cert_dir / "cert.pem")
        with server.plain() as p:
            again = ask(p, b"refresh_certs\r\n", b"\r\n")
        return first, bad, still, again

    dirs = []
    for name in ("ref", "sut"):
        d = tmp_path / name
        d.mkdir()
        shutil.copy(certs / "cert.pem", d / "cert.pem")
        shutil.copy(certs / "key.pem", d / "key.pem")
        dirs.append(d)

    def run(binary, d):
        with TLSServer(binary, tls_flags(d)) as server:
            return body(server, d)

    with ThreadPoolExecutor(max_workers=2) as pool:
        ref, sut = pool.submit(run, reference_binary, dirs[0]), pool.submit(run, sut_binary, dirs[1])
        reference, under_test = ref.result(), sut.result()
    assert reference[1] == (
        b"Error loading the certificate chain: DIR/cert.pem : error:0480006C:PEM routines::no start line\r\n" * 2
        + b"VERSION 1.6.18\r\n"
    )
    assert under_test == reference


def test_refresh_certs_without_tls(server_factory, reference_binary):
    replies = []
    for binary in (reference_binary, None):
        server = server_factory(binary=binary)
        with server.connect() as s:
            replies.append(ask(s, b"refresh_certs\r\nrefresh_certs noreply\r\nversion\r\n", b"VERSION 1.6.18\r\n"))
    assert replies[0] == b"Error TLS not enabled\r\nError TLS not enabled\r\nVERSION 1.6.18\r\n"
    assert replies[1] == replies[0]


def test_plain_text_on_tls_port_and_tls_on_plain_port(certs, sut_binary, reference_binary):
    def body(server):
        s = server.connect()
        s.sendall(b"version\r\n")
        try:
            got = s.recv(100)
            outcome = b"EOF" if got == b"" else got
        except ConnectionResetError:
            outcome = b"RST"
        except TimeoutError:
            outcome = b"timeout"
        s.close()
        try:
            client_context().wrap_socket(server.plain(), server_hostname="localhost")
            hello = "handshake succeeded"
        except ssl.SSLError as exc:
            hello = exc.reason
        return outcome, hello

    reference, under_test = both(reference_binary, sut_binary, tls_flags(certs), body)
    assert reference == (b"RST", "WRONG_VERSION_NUMBER")
    assert under_test == reference


@pytest.mark.parametrize(
    "options",
    [
        "",
        "ssl_chain_cert={d}/cert.pem",
        "ssl_chain_cert=/nonexistent.pem,ssl_key={d}/key.pem",
        "ssl_chain_cert={d}/cert.pem,ssl_key=/nonexistent.pem",
        "ssl_chain_cert={d}/key.pem,ssl_key={d}/cert.pem",
        "ssl_chain_cert={d}/cert.pem,ssl_key={d}/key.pem,ssl_ca_cert=/nonexistent.pem",
        "ssl_chain_cert={d}/cert.pem,ssl_key={d}/key.pem,ssl_ciphers=BOGUS",
        "ssl_chain_cert={d}/cert.pem,ssl_key={d}/key.pem,ssl_keyformat=2",
    ],
)
def test_startup_errors(certs, sut_binary, reference_binary, options):
    flags = ["-Z"] + (["-o", options.format(d=certs)] if options else [])
    results = []
    for binary in (reference_binary, sut_binary):
        server = servers.ServerProcess(binary, flags, port=servers.free_port())
        proc = subprocess.run(server.command(server.port), capture_output=True, timeout=10)
        # OpenSSL's error queue lines start with a thread id.
        lines = [line.split(b":", 1)[1] if b":error:" in line else line for line in proc.stderr.split(b"\n")]
        results.append((proc.returncode, lines))
    assert results[0][0] == 64
    assert results[1] == results[0]


def test_pymemcache_with_tls_context(certs, sut_binary, reference_binary):
    def body(server):
        c = Client(server.address, tls_context=client_context(), connect_timeout=3, timeout=3, default_noreply=False)
        try:
            out = [
                c.set("k", b"v" * 20000),
                c.get("k") == b"v" * 20000,
                c.add("k", b"x"),
                c.replace("k", b"r"),
                c.append("k", b"a"),
                c.prepend("k", b"p"),
                c.get("k"),
                c.set("n", b"10"),
                c.incr("n", 5),
                c.decr("n", 20),
                c.get_many(["k", "n", "missing"]),
                c.delete("k"),
                c.delete("k"),
                c.touch("n", 100),
                c.version(),
            ]
            result, cas = c.gets("n")
            out.append(c.cas("n", b"7", cas))
            out.append(c.cas("n", b"8", cas))
            c.set_many({f"m{i}": str(i).encode() for i in range(200)})
            out.append(c.get_many([f"m{i}" for i in range(200)]) == {f"m{i}": str(i).encode() for i in range(200)})
            return out
        finally:
            c.close()

    reference, under_test = both(reference_binary, sut_binary, tls_flags(certs), body)
    assert reference[1] is True
    assert under_test == reference


def test_client_certificates_required(certs, sut_binary, reference_binary):
    """ssl_verify_mode=2 with ssl_ca_cert: a client without a certificate is refused, one with a
    certificate signed by the CA (here the self-signed certificate itself) is served."""

    def body(server):
        outcomes = []
        for with_cert in (False, True):
            ctx = client_context()
            if with_cert:
                ctx.load_cert_chain(certs / "cert.pem", certs / "key.pem")
            try:
                with ctx.wrap_socket(server.connect(), server_hostname="localhost") as t:
                    outcomes.append(ask(t, b"version\r\n", b"\r\n") or "refused")
            except (ssl.SSLError, ConnectionError):
                # TLS 1.3 checks the client's certificate after the client's handshake is done: the client
                # sees the server's alert, or an EOF or reset when its request races the close.
                outcomes.append("refused")
        return outcomes

    flags = tls_flags(certs, f",ssl_verify_mode=2,ssl_ca_cert={certs / 'cert.pem'}")
    reference, under_test = both(reference_binary, sut_binary, flags, body)
    assert reference == ["refused", b"VERSION 1.6.18\r\n"]
    assert under_test == reference
