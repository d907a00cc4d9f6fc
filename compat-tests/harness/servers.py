"""Start and stop cache server processes for the tests.

Every server listens on 127.0.0.1 only, with UDP off (`-l 127.0.0.1 -U 0 -p <port>`), on a free port
chosen by binding to port 0. memcached additionally gets `-u root` when the tests run as root (it
refuses to run as root otherwise); swiftcached takes the same flags. Processes are killed by their own
PID (SIGKILL: the servers hold no state worth a graceful shutdown) and every wait is bounded.

Environment:
  SWIFTCACHED_BIN  binary under test (default: `memcached`, so the suite can run before the server exists)
  MEMCACHED_BIN    reference binary (default: `memcached` from PATH)
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

LOG_DIR = Path(__file__).resolve().parent.parent / ".logs"
START_TIMEOUT = 10.0
# A binary that stays up but never accepts connections would cost START_TIMEOUT in every test; after
# this many such failures further starts of it fail at once.
MAX_HANGING_STARTS = 2
_hanging_starts: dict[str, int] = {}


def reference_binary() -> str:
    return os.environ.get("MEMCACHED_BIN", "memcached")


def sut_binary() -> str:
    return os.environ.get("SWIFTCACHED_BIN", "memcached")


def resolve(binary: str) -> str:
    """Absolute path of `binary` (a path or a name on PATH); raises if it does not exist."""
    if os.sep in binary:
        path = Path(binary).resolve()
        if not path.is_file():
            raise FileNotFoundError(f"server binary {binary!r} does not exist (build it first)")
        return str(path)
    found = shutil.which(binary)
    if not found:
        raise FileNotFoundError(f"server binary {binary!r} is not on PATH")
    return found


def is_memcached(binary: str) -> bool:
    return Path(binary).name == "memcached"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """One running server on 127.0.0.1:`port`. Use as a context manager or call stop()."""

    def __init__(self, binary: str, flags: list[str] | tuple[str, ...] = (), port: int | None = None):
        self.binary = resolve(binary)
        self.flags = list(flags)
        self.port = port
        self.proc: subprocess.Popen | None = None
        self.log_path: Path | None = None

    # -- lifecycle -------------------------------------------------------------------------------
    def command(self, port: int) -> list[str]:
        cmd = [self.binary, "-l", "127.0.0.1", "-U", "0", "-p", str(port)]
        if is_memcached(self.binary) and os.geteuid() == 0:
            cmd += ["-u", "root"]
        return cmd + self.flags

    def start(self) -> "ServerProcess":
        LOG_DIR.mkdir(exist_ok=True)
        if _hanging_starts.get(self.binary, 0) >= MAX_HANGING_STARTS:
            raise RuntimeError(f"{self.binary} never accepted connections in earlier tests; not starting it again")
        attempts = 1 if self.port else 5
        error = ""
        for _ in range(attempts):
            port = self.port or free_port()
            fd, log_name = tempfile.mkstemp(prefix=f"{Path(self.binary).name}-{port}-", suffix=".log", dir=LOG_DIR)
            self.log_path = Path(log_name)
            with os.fdopen(fd, "wb") as log:
                self.proc = subprocess.Popen(
                    self.command(port), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
                )
            if self._wait_ready(port):
                self.port = port
                return self
            hanging = self.proc.poll() is None
            self.stop()
            error = self.log_path.read_text(errors="replace")[-2000:] if self.log_path.exists() else ""
            if hanging:
                _hanging_starts[self.binary] = _hanging_starts.get(self.binary, 0) + 1
                error = f"still running but not accepting on port {port} after {START_TIMEOUT} s. {error}"
                break
            if "in use" not in error:
                break  # it exited for another reason than a port clash: retrying will not help
        raise RuntimeError(f"{self.binary} {' '.join(self.flags)} did not start: {error}")

    def _wait_ready(self, port: int) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return True
            except OSError:
                time.sleep(0.01)
        return False

    def stop(self) -> None:
        """Kill the process we started (by PID) and reap it; bounded."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        if self.log_path and self.log_path.exists() and self.log_path.stat().st_size == 0:
            self.log_path.unlink()
        self.proc = None

    def __enter__(self) -> "ServerProcess":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- conveniences ----------------------------------------------------------------------------
    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def connect(self, timeout: float = 5.0) -> socket.socket:
        sock = socket.create_connection(self.address, timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def __repr__(self) -> str:
        return f"<{Path(self.binary).name} 127.0.0.1:{self.port} {' '.join(self.flags)}>"
