"""Every page and every export in an environment built from requirements.txt alone.

`make run` installs only the runtime requirements; this catches a module that
only the test requirements bring (as matplotlib once was). Run by `.ci/run`
with the interpreter of a fresh venv: `.venv-runtime/bin/python .ci/runtime_smoke.py`.
No pytest here on purpose: pytest is not a runtime requirement.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.chdir(REPO)


def main() -> int:
    os.environ.setdefault("ANKUNFTSATLAS_DATA_DIR", tempfile.mkdtemp(prefix="atlas-runtime-"))
    from streamlit.testing.v1 import AppTest

    from exports import EXPORTERS, DecisionRecord, build_export
    from geo.domain.dataset import load_dataset

    failures: list[str] = []
    pages = re.findall(r'"(pages/[a-z_]+\.py)"', (REPO / "dashboard.py").read_text(encoding="utf-8"))
    for page in pages:
        at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
        at.run()
        at.session_state["selected_areas"] = ["hohenecken", "innenstadt-ost"]
        at.switch_page(page).run()
        problems = [e.value for e in at.exception]
        print(f"{page}: {'ok' if not problems else problems}")
        if problems:
            failures.append(page)
    dataset = load_dataset(REPO / "data")
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
    if failures:
        print(f"FAILED with requirements.txt alone: {', '.join(failures)}", file=sys.stderr)
        return 1
    print(f"{len(pages)} pages and {len(EXPORTERS)} exports run from requirements.txt alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
