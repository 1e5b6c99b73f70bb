"""The documented command lines keep their module paths after the geo/ restructuring (issue #15)."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, input=stdin, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize(
    ("module", "prog"),
    [
        ("geo.ingest", "python -m geo.ingest"),
        ("geo.sources", "python -m geo.sources"),
        ("geo.grid", "python -m geo.grid"),
        ("geo.ranking", "python -m geo.ranking"),
        ("geo.recipes", "python -m geo.recipes"),
        ("storage.auth", "python -m storage.auth"),
    ],
)
def test_documented_command_line_answers_help(module, prog):
    result = _run(module, "--help")
    assert result.returncode == 0, result.stderr
    assert prog in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_password_helper_without_a_password_is_a_message_not_a_traceback():
    result = _run("storage.auth", "anna")
    assert result.returncode == 2
    assert "Kein Passwort eingegeben / no password given" in result.stderr
    assert "Traceback" not in result.stderr
