#!/usr/bin/env bash
# Makes sure the local PostgreSQL (127.0.0.1:5432, trust auth, user postgres) and Redis
# (127.0.0.1:6379) answer, starting them the way machines of this kind do, and creates the
# suite's databases if they are missing. Idempotent.
#   deploy/local/infra.sh ensure
set -euo pipefail

PGHOST="${CREATORGOV_PG_HOST:-127.0.0.1}"
PGPORT="${CREATORGOV_PG_PORT:-5432}"
PGUSER="${CREATORGOV_PG_USER:-postgres}"
REDIS_PORT="${CREATORGOV_REDIS_PORT:-6379}"

# One database per service for running it, and one per test suite so suites never collide.
DATABASES=(
  creatorgov_creator creatorgov_policy creatorgov_enforcement creatorgov_incentive
  creatorgov_kit_test
)

wait_for() {
  local what="$1" check="$2"
  for _ in $(seq 1 30); do
    if eval "${check}" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "${what} did not come up" >&2
  return 1
}

ensure_postgres() {
  if pg_isready -q -h "${PGHOST}" -p "${PGPORT}"; then
    echo "PostgreSQL answers on ${PGHOST}:${PGPORT}"
  else
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
    wait_for PostgreSQL "pg_isready -q -h ${PGHOST} -p ${PGPORT}"
  fi
  for db in "${DATABASES[@]}"; do
    if ! psql -U "${PGUSER}" -h "${PGHOST}" -p "${PGPORT}" -tAc \
      "SELECT 1 FROM pg_database WHERE datname='${db}'" | grep -q 1; then
      createdb -U "${PGUSER}" -h "${PGHOST}" -p "${PGPORT}" "${db}"
      echo "created database ${db}"
    fi
  done
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p "${REDIS_PORT}" ping 2>/dev/null | grep -q PONG; then
    echo "Redis answers on 127.0.0.1:${REDIS_PORT}"
  else
    echo "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "${REDIS_PORT}" --save "" \
      --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
    wait_for Redis "redis-cli -h 127.0.0.1 -p ${REDIS_PORT} ping | grep -q PONG"
  fi
}

case "${1:-ensure}" in
  ensure) ensure_postgres; ensure_redis ;;
  *) echo "usage: $0 ensure" >&2; exit 2 ;;
esac
