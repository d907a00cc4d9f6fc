"""The systemd unit in packaging/ against the binary under test: `packaging/test-systemd-unit` runs
`systemd-analyze verify`, the offline security score, a strace of the server checked against the unit's
SystemCallFilter=/RestrictAddressFamilies=/MemoryDenyWriteExecute=, and a run under PR_SET_MDWE and a
seccomp family filter. Steps whose tools are missing print SKIP inside the script; the test is skipped
when systemd-analyze is missing or the binary under test is not swiftcached. (The Docker image is
checked by packaging/test-docker, which is too slow for this suite.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "packaging" / "test-systemd-unit"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_unit(sut_binary):
    if os.path.basename(sut_binary) != "swiftcached":
        pytest.skip(f"the binary under test is {sut_binary}, not swiftcached")
    result = subprocess.run([sys.executable, str(SCRIPT), sut_binary], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "test-systemd-unit: OK" in output, output
