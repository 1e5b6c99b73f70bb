"""The reference deployment on loopback: nginx (deploy/nginx/ankunftsatlas.conf), one officer instance,
two public replicas, all on one PostgreSQL database. Used by the CI test (tests/e2e/test_deployment.py)
and the load benchmark (benchmarks/load.py); also by hand:

    python deploy/cluster.py --database-url postgresql+psycopg://atlas:atlas@127.0.0.1/atlas --port 8641

starts everything (proxy on --port, the officer behind the proxy on --port+1, the instances on the
next ports), prints the addresses and runs until Ctrl-C. Needs Debian's nginx (/usr/sbin/nginx).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "deploy" / "nginx" / "ankunftsatlas.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

__all__ = ["Cluster", "NGINX", "healthy", "render_site", "start", "streamlit_server"]


@dataclass(frozen=True)
class Ports:
    proxy: int  # the public site (nginx)
    officer_proxy: int  # the officer site (nginx)
    officer: int
    public: tuple[int, int]

    @classmethod
    def from_base(cls, base: int) -> Ports:
        return cls(proxy=base, officer_proxy=base + 1, officer=base + 2, public=(base + 3, base + 4))


def render_site(ports: Ports, tell_replica: bool = False) -> str:
    """The reference site file with loopback ports instead of the production ones (nothing else changed).

    ``tell_replica`` adds a response header naming the replica that answered (tests, benchmark only).
    """
    text = SITE.read_text(encoding="utf-8")
    if tell_replica:
        marker = "        add_header Set-Cookie $atlas_replica_cookie;"
        text = text.replace(marker, f"{marker}\n        add_header X-Atlas-Upstream $upstream_addr always;")
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{ports.proxy};"),
        ("listen 8080;", f"listen 127.0.0.1:{ports.officer_proxy};"),
        ("127.0.0.1:8501", f"127.0.0.1:{ports.public[0]}"),
        ("127.0.0.1:8502", f"127.0.0.1:{ports.public[1]}"),
        ("127.0.0.1:8510", f"127.0.0.1:{ports.officer}"),
    ):
        assert text.count(old) == 1, f"{SITE.name}: expected {old!r} once"
        text = text.replace(old, new)
    return text


_MAIN = """worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    proxy_max_temp_file_size 0;  # never a temp file: workers (nobody, under root) may not reach a private tmp
    include {prefix}/ankunftsatlas.conf;
}}
"""


def streamlit_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start ``streamlit run server.py`` on 127.0.0.1:``port`` with exactly ``env``, its output into
    ``log``; returns at once (wait with :func:`healthy`). The one way every instance here, the
    browser tests' server (tests/e2e/conftest.py) and the load benchmark's start one."""
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "server.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )


def healthy(url: str, process: subprocess.Popen | None = None, timeout: float = 120.0) -> None:
    """Wait until ``url``/_stcore/health answers 200 (polling a start-up); RuntimeError when it exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy within {timeout:.0f} s")


@dataclass
class Cluster:
    """Running processes of the reference deployment; ``stop()`` ends them all."""

    ports: Ports
    workdir: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    env: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.proxy}"

    @property
    def officer_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.officer_proxy}"

    def url(self, name: str) -> str:
        port = {"officer": self.ports.officer, "public-1": self.ports.public[0], "public-2": self.ports.public[1]}
        return f"http://127.0.0.1:{port[name]}"

    def kill(self, name: str) -> None:
        """End one process at once (SIGKILL: as a crash would), e.g. a public replica during a session."""
        process = self.processes.pop(name)
        process.kill()
        process.wait(timeout=20)

    def stop(self) -> None:
        for name in list(self.processes):
            process = self.processes.pop(name)
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)


def _instance_env(base: dict[str, str], workdir: Path, name: str, database_url: str, secret: str) -> dict[str, str]:
    env = {k: v for k, v in base.items() if not k.startswith("ANKUNFTSATLAS_")}
    env.update({
        "ANKUNFTSATLAS_DATABASE_URL": database_url,
        # Streamlit's own cookie key, the same on every instance; the app's token key is in the database
        # (made by the officer instance; ANKUNFTSATLAS_SECRET in ``base`` overrides it on every instance).
        "STREAMLIT_SERVER_COOKIE_SECRET": secret,
        "ANKUNFTSATLAS_DATA_DIR": str(workdir / name / "data"),
        "ANKUNFTSATLAS_CACHE": str(workdir / name / "cache"),
    })
    for key in ("ANKUNFTSATLAS_MIRROR", "ANKUNFTSATLAS_TEST_POSTGRES_URL", "ANKUNFTSATLAS_SECRET", "ANKUNFTSATLAS_BERLIN"):
        if key in base:
            env[key] = base[key]
    return env


def start(
    database_url: str,
    workdir: Path,
    ports: Ports,
    *,
    public_database_url: str | None = None,
    editors: str = "",
    env: dict[str, str] | None = None,
    tell_replica: bool = False,
) -> Cluster:
    """Migrate the database, start the officer instance, two public replicas and nginx; wait until all answer.

    ``public_database_url`` (a role that may only read) defaults to ``database_url``; the replicas open
    it read-only in either case. ``env`` is the environment to start from (``os.environ``);
    ``tell_replica``: see :func:`render_site`.
    """
    from storage.db import make_engine, migrate

    base = dict(os.environ if env is None else env)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(database_url)
    migrate(engine)  # before any replica looks (they never migrate: they may not write)
    engine.dispose()
    secret = secrets.token_hex(32)
    cluster = Cluster(ports=ports, workdir=workdir)
    instances = {
        "officer": (ports.officer, {"ANKUNFTSATLAS_EDITORS": editors}, database_url),
        "public-1": (ports.public[0], {"ANKUNFTSATLAS_MODE": "public"}, public_database_url or database_url),
        "public-2": (ports.public[1], {"ANKUNFTSATLAS_MODE": "public"}, public_database_url or database_url),
    }
    try:
        for name, (port, extra, url) in instances.items():
            instance_env = {**_instance_env(base, workdir, name, url, secret), **extra}
            cluster.env[name] = instance_env
            cluster.processes[name] = streamlit_server(port, instance_env, workdir / f"{name}.log")
        for name in instances:
            healthy(cluster.url(name), cluster.processes[name])
        prefix = workdir / "nginx"
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / "tmp" / sub).mkdir(parents=True, exist_ok=True)
            os.chmod(prefix / "tmp" / sub, 0o1777)  # nginx's workers drop root (as in CI) to nobody
        os.chmod(prefix / "tmp", 0o755)
        (prefix / "ankunftsatlas.conf").write_text(render_site(ports, tell_replica), encoding="utf-8")
        (prefix / "nginx.conf").write_text(_MAIN.format(prefix=prefix), encoding="utf-8")
        with open(workdir / "nginx.log", "wb") as log:
            cluster.processes["nginx"] = subprocess.Popen(
                [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")],
                stdout=log, stderr=subprocess.STDOUT,
            )
        healthy(cluster.proxy_url, cluster.processes["nginx"], timeout=30)
        healthy(cluster.officer_url, cluster.processes["nginx"], timeout=30)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="PostgreSQL (SQLAlchemy URL) of the officer instance")
    parser.add_argument("--public-database-url", help="a read-only role for the replicas (default: the same URL)")
    parser.add_argument("--port", type=int, default=8641, help="public proxy port; the next four are used too")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ankunftsatlas-cluster"))
    parser.add_argument("--editors", default=os.environ.get("ANKUNFTSATLAS_EDITORS", ""),
                        help="NAME=HASH;… for the officer instance (python -m storage.auth NAME)")
    args = parser.parse_args(argv)
    cluster = start(args.database_url, args.workdir, Ports.from_base(args.port),
                    public_database_url=args.public_database_url, editors=args.editors)
    print(f"public site (proxy): {cluster.proxy_url}\nofficer site (proxy): {cluster.officer_url}\n"
          f"logs: {args.workdir}", flush=True)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
