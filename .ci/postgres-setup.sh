#!/usr/bin/env bash
# Brings up a local PostgreSQL for the DCC storage tests (tests/CommsHub.Dcc.Access.Tests) and prints the
# connection string for COMMSHUB_POSTGRES as its last line of standard output (everything else goes to stderr):
#
#   export COMMSHUB_POSTGRES="$(bash .ci/postgres-setup.sh)"
#
# Idempotent; run as root on Debian (CI, a developer machine). Steps, each skipped when already done:
#   1. apt-get install postgresql (no systemd needed: clusters are driven with pg_ctlcluster)
#   2. create a cluster if the installed major version has none, start it if it is down, wait until ready
#   3. role commshub (LOGIN, password commshub) and database commshub owned by it
# The tests create and drop their own schema inside that database, so reruns never see old tables.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

log() { echo "postgres-setup: $*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  log "must run as root (it installs packages and starts the cluster as the postgres user)"
  exit 1
fi

# 1. install --------------------------------------------------------------------------------------------------
if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || ! command -v pg_ctlcluster >/dev/null; then
  log "installing postgresql"
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends postgresql >&2
fi

# 2. cluster --------------------------------------------------------------------------------------------------
version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v { found = 1 } END { exit !found }'; then
  log "creating cluster $version/main"
  pg_createcluster "$version" main >&2
fi
read -r cluster port status < <(pg_lsclusters -h | awk -v v="$version" '$1 == v { print $2, $3, $4; exit }')
if [[ "$status" != online* ]]; then
  log "starting cluster $version/$cluster on port $port"
  pg_ctlcluster "$version" "$cluster" start >&2
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$port" >&2 || { log "cluster $version/$cluster did not become ready"; exit 1; }

# 3. role and database ----------------------------------------------------------------------------------------
psql_admin() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtAX "$@"; }
if [[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'commshub'")" != 1 ]]; then
  log "creating role commshub"
  psql_admin -c "CREATE ROLE commshub LOGIN PASSWORD 'commshub'"
else
  # Keep the documented password even if someone changed it.
  psql_admin -c "ALTER ROLE commshub LOGIN PASSWORD 'commshub'"
fi
if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'commshub'")" != 1 ]]; then
  log "creating database commshub"
  psql_admin -c "CREATE DATABASE commshub OWNER commshub"
fi

# Check the way the tests connect (TCP + password), so a pg_hba problem shows up here and not as test failures.
PGPASSWORD=commshub psql -h 127.0.0.1 -p "$port" -U commshub -d commshub -v ON_ERROR_STOP=1 -qtAX -c "SELECT 1" >/dev/null

log "ready: PostgreSQL $version, cluster $cluster, port $port"
echo "Host=127.0.0.1;Port=$port;Username=commshub;Password=commshub;Database=commshub"
