"""Every page and every export in an environment built from requirements.txt alone.

`make run` installs only the runtime requirements; this catches a module that
only the test requirements bring (as matplotlib once was). Run by `.ci/run`
with the interpreter of a fresh venv: `.venv-runtime/bin/python .ci/runtime_smoke.py`.
No pytest here on purpose: pytest is not a runtime requirement.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.chdir(REPO)


def main() -> int:
    os.environ.setdefault("ANKUNFTSATLAS_DATA_DIR", tempfile.mkdtemp(prefix="atlas-runtime-"))
    from streamlit.testing.v1 import AppTest

    from exports import EXPORTERS, DecisionRecord, build_export
    from geo.store.datasets import default_dataset_id, open_dataset

    failures: list[str] = []
    from ui.shell.pageaddresses import PAGES  # the one list dashboard.py builds its navigation from

    pages = [page.script for page in PAGES]
    if len(pages) < 9:  # a check that silently checks nothing is no check
        failures.append(f"only {len(pages)} pages found")
    for page in pages:
        at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
        at.run()
        at.session_state["selected_areas"] = ["hohenecken", "innenstadt-ost"]
        at.switch_page(page).run()
        problems = [e.value for e in at.exception]
        print(f"{page}: {'ok' if not problems else problems}")
        if problems:
            failures.append(page)
    dataset = open_dataset(default_dataset_id()).dataset  # the one loader the pages use
    record = DecisionRecord(name="Smoke", author="CI", rationale="runtime only")
    export = build_export(dataset, ["hohenecken", "innenstadt-ost"], record, datetime.now(UTC))
    for key, exporter in EXPORTERS.items():
        try:
            size = len(exporter.write(export))
        except Exception as exc:  # noqa: BLE001 - report every failing export, then fail
            failures.append(key)
            print(f"export {key}: {type(exc).__name__}: {exc}")
        else:
            print(f"export {key}: {size} bytes")
    if not _server_answers():
        failures.append("server.py")
    if failures:
        print(f"FAILED with requirements.txt alone: {', '.join(failures)}", file=sys.stderr)
        return 1
    print(f"{len(pages)} pages, {len(EXPORTERS)} exports and server.py run from requirements.txt alone")
    return 0


def _server_answers() -> bool:
    """``make run``'s server (server.py, with its start-up warm-up) starts, serves the app, logs no traceback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port), "--server.address",
         "127.0.0.1"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    status = None
    try:
        deadline = time.monotonic() + 180
        while status is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    pass
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
                    status = page.status
            except OSError:
                time.sleep(0.5)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode("utf-8", "replace")
    print(f"server.py: {'/ gives ' + str(status) if status else 'did not answer'}")
    if "Traceback" in output or "warm-up:" in output and "failed" in output:
        print(output[-3000:])
        return False
    return status == 200


if __name__ == "__main__":
    sys.exit(main())
