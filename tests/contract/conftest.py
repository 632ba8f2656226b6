"""The doors under test: the installed CLI and a real uvicorn server on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import app_process

CLI = str(Path(sys.executable).with_name("spinepath"))


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, *args], input=stdin, capture_output=True, text=True, timeout=60, check=False
    )


def cli_json(*args: str, stdin: str = "") -> Any:
    done = run_cli(*args, stdin=stdin)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="session")
def api_url() -> Iterator[str]:
    with app_process() as url:
        yield url
