"""A national grid file in seconds: DuckDB reads the CSV in parallel with the bounding box pushed down.

The national 100 m files of the Zensus hold millions of rows (3.5 million in the
population file alone); a city needs tens of thousands of them. Read with pandas
in chunks, every row is parsed into Python strings before it can be dropped.
DuckDB scans the CSV on all cores and keeps only the rows whose centre
(``x_mp_…``/``y_mp_…``) lies within the city's bounding box plus one cell; what
remains goes through the same cell building, value codes and outline clip as
every other grid file (:func:`geo.read.zensus.cells_from_chunks`). A zip is
first unpacked member by member into a temporary folder (streamed, never held
in memory). Progress is reported while DuckDB reads, from its own progress
estimate (rows are estimated from the file size).

Files without centre columns, and machines without DuckDB, take the pandas reader.
``benchmarks/grid_import.py`` measures both on a synthetic national file.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

__all__ = ["AUTO_BYTES", "available", "members", "read_filtered", "wanted"]

AUTO_BYTES = 32 * 1024 * 1024  # below this size the pandas reader is as quick and reports exact progress


def available() -> bool:
    return importlib.util.find_spec("duckdb") is not None


def wanted(path: Path, reader: str) -> bool:
    """Whether ``path`` is read with DuckDB (``reader``: ``"duckdb"``, ``"pandas"`` or ``"auto"``)."""
    if reader == "pandas" or not available() or not path.is_file():
        return False
    if reader == "duckdb":
        return True
    return path.stat().st_size >= AUTO_BYTES


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        return [c.strip().strip('"') for c in handle.readline().rstrip("\r\n").split(";")]


def read_filtered(path: Path, bbox: tuple[float, float, float, float], margin: float,
                  tick: Callable[[float], None] | None = None) -> pd.DataFrame | None:
    """The rows of ``path`` whose centre lies within ``bbox`` grown by ``margin`` (all columns as text).

    Rows whose centre does not parse stay (their id may place them). ``None`` if the file has no
    centre columns. ``tick(fraction)`` is called while DuckDB reads.
    """
    import duckdb

    header = _header(path)
    xs = next((c for c in header if c.lower().startswith("x_mp_")), None)
    ys = next((c for c in header if c.lower().startswith("y_mp_")), None)
    if xs is None or ys is None:
        return None

    def number(column: str) -> str:
        quoted = '"' + column.replace('"', '""') + '"'
        return f"TRY_CAST(replace({quoted}, ',', '.') AS DOUBLE)"

    x, y = number(xs), number(ys)
    query = (
        "SELECT * FROM read_csv(?, delim=';', header=true, all_varchar=true, auto_detect=false, "
        f"columns={_columns_struct(header)}) "
        f"WHERE ({x} > ? AND {x} < ? AND {y} > ? AND {y} < ?) OR {x} IS NULL OR {y} IS NULL"
    )
    params = [str(path), bbox[0] - margin, bbox[2] + margin, bbox[1] - margin, bbox[3] + margin]
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = true")
    con.execute("SET enable_progress_bar_print = false")
    done = threading.Event()

    def poll() -> None:
        while not done.wait(0.25):
            try:
                share = con.query_progress()
            except Exception:  # noqa: BLE001 - progress is best effort
                return
            if tick and share is not None and share >= 0:
                tick(min(1.0, share / 100.0))

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    try:
        frame = con.execute(query, params).df()
    finally:
        done.set()
        watcher.join()
        con.close()
    frame.columns = header
    return frame.astype(object).where(frame.notna(), "")


def _columns_struct(header: list[str]) -> str:
    inner = ", ".join("'" + c.replace("'", "''") + "': 'VARCHAR'" for c in header)
    return "{" + inner + "}"


def _rows_estimate(path: Path) -> float:
    """Rows per byte of ``path`` from its first 64 kB."""
    with open(path, "rb") as handle:
        head = handle.read(65536)
    return max(1, head.count(b"\n")) / max(1, len(head))


def members(path: Path, bbox, progress, edition, strict: bool = False) -> list[tuple[str, Callable[[], tuple[pd.DataFrame, int]]]]:
    """(name, read) for each CSV of ``path`` (a CSV or a zip), read with DuckDB where it can be.

    A file DuckDB cannot read is read with pandas instead (``strict``: the error is raised).
    """
    from geo.read.zensus import GridError, _csv_members, cells_from_chunks, read_grid_csv

    def one(csv: Path, name: str) -> tuple[pd.DataFrame, int]:
        total = csv.stat().st_size * _rows_estimate(csv)

        def tick(share: float) -> None:
            if progress:
                progress(name, int(share * total), 0)

        try:
            frame = read_filtered(csv, bbox, 10_000.0, tick)
        except Exception as exc:  # noqa: BLE001 - DuckDB's own errors: fall back to the pandas reader
            if isinstance(exc, GridError) or strict:
                raise
            frame = None
        if frame is None:
            return read_grid_csv(csv, name, bbox, progress=progress, edition=edition)
        if frame.empty:  # keep the header so that the columns are checked and named
            frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in frame.columns})
        return cells_from_chunks([frame], name, bbox, progress, edition, rows_read=lambda _n: int(total))

    if path.suffix.lower() != ".zip":
        return [(path.name, lambda: one(path, path.name))]
    out = []
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return [(n, (lambda h=h, n=n: read_grid_csv(h, n, bbox, progress=progress, edition=edition)))
                for n, h in _csv_members(path)]  # raises the German and English message
    with archive:
        names = [n for n in archive.namelist() if n.lower().endswith(".csv") and not n.startswith("__MACOSX")]
    if not names:
        list(_csv_members(path))  # raises "the archive holds no CSV file"

    def unpacked(member: str) -> tuple[pd.DataFrame, int]:
        with tempfile.TemporaryDirectory(prefix="atlas-grid-") as folder:
            target = Path(folder) / "member.csv"
            with zipfile.ZipFile(path) as archive, archive.open(member) as source, open(target, "wb") as sink:
                shutil.copyfileobj(source, sink, 1024 * 1024)
            return one(target, Path(member).name)

    for member in names:
        out.append((Path(member).name, lambda m=member: unpacked(m)))
    return out
