"""libmemcached's protocol checker: `memccapable -a` (ASCII tests) must report all tests passed."""

from __future__ import annotations

import shutil
import subprocess

import pytest


@pytest.mark.skipif(shutil.which("memccapable") is None, reason="memccapable (libmemcached-tools) not installed")
def test_memccapable_ascii(sut):
    result = subprocess.run(
        ["memccapable", "-h", "127.0.0.1", "-p", str(sut.port), "-a", "-t", "5"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    failed = [line for line in output.splitlines() if "[pass]" not in line and line.startswith("ascii")]
    assert result.returncode == 0, output
    assert "All tests passed" in output, output
    assert not failed, failed
    assert output.count("[pass]") >= 20, output
