#!/usr/bin/env bash
# Start Debian's PostgreSQL on loopback and create a throw-away test database.
# Prints the SQLAlchemy URL for the tests on stdout.
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q "^${version} main"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 50); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 0.2
done
su postgres -c "psql -q -h 127.0.0.1 -p 5432 -tc \"SELECT 1 FROM pg_roles WHERE rolname='atlas'\"" 2>/dev/null | grep -q 1 \
  || su postgres -c "psql -q -c \"CREATE ROLE atlas LOGIN PASSWORD 'atlas'\""
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='atlas_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O atlas atlas_test"
echo "postgresql+psycopg://atlas:atlas@127.0.0.1:5432/atlas_test"
