#!/usr/bin/env bash
# Start Debian's PostgreSQL on loopback and create a throw-away test database.
# Prints only the SQLAlchemy URL for the tests on stdout; everything else goes to stderr.
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q "^${version} *main"; then
  pg_createcluster "$version" main >&2
fi
pg_ctlcluster "$version" main start >&2 2>&1 || true   # "already running" is fine
for _ in $(seq 1 100); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 0.2
done
pg_isready -h 127.0.0.1 -p 5432 >&2
as_postgres() { su postgres -c "$1"; }   # over the local socket: peer authentication
if [ -z "$(as_postgres "psql -Atqc \"SELECT 1 FROM pg_roles WHERE rolname='atlas'\"")" ]; then
  as_postgres "psql -q -c \"CREATE ROLE atlas LOGIN PASSWORD 'atlas'\"" >&2
fi
if [ -z "$(as_postgres "psql -Atqc \"SELECT 1 FROM pg_database WHERE datname='atlas_test'\"")" ]; then
  as_postgres "createdb -O atlas atlas_test" >&2
fi
echo "postgresql+psycopg://atlas:atlas@127.0.0.1:5432/atlas_test"
