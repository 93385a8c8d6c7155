#!/usr/bin/env bash
# The data stores of the local suite: PostgreSQL (127.0.0.1:5432, trust auth, user postgres) and
# Redis (127.0.0.1:6379). A server that already answers on its port is used as it is (machines of
# this kind run both); one that does not is replaced by a real server started from Maven artifacts
# (module local-stores: embedded PostgreSQL binaries, embedded Redis), its data kept under
# deploy/local/run/embedded/ so a restart keeps it. Creates the suite's databases if missing.
# Idempotent.
#   deploy/local/infra.sh ensure     use or start the stores, create the databases
#   deploy/local/infra.sh stop       stop the embedded stores if this script started them
#   deploy/local/infra.sh status     say which stores are used
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "${HERE}/../.." && pwd)"
RUN="${HERE}/run"
EMBEDDED="${RUN}/embedded"
PIDFILE="${RUN}/pids/embedded-stores.pid"
PGHOST=127.0.0.1
PGPORT="${CREATORGOV_PG_PORT:-5432}"
PGUSER=postgres
REDIS_PORT="${CREATORGOV_REDIS_PORT:-6379}"

# One database per service for running it, and one per test suite so suites never collide.
DATABASES=(
  creatorgov_creator creatorgov_policy creatorgov_enforcement creatorgov_incentive
  creatorgov_kit_test
)

postgres_answers() { (exec 3<>"/dev/tcp/${PGHOST}/${PGPORT}") 2>/dev/null; }

redis_answers() {
  local reply
  reply="$( (exec 3<>"/dev/tcp/127.0.0.1/${REDIS_PORT}" && printf 'PING\r\n' >&3 \
    && timeout 2 head -c 5 <&3) 2>/dev/null || true)"
  [[ "${reply}" == "+PONG" ]]
}

embedded_running() { [[ -f "${PIDFILE}" ]] && kill -0 "$(cat "${PIDFILE}")" 2>/dev/null; }

create_databases() { # on a PostgreSQL the machine runs
  for db in "${DATABASES[@]}"; do
    if ! psql -U "${PGUSER}" -h "${PGHOST}" -p "${PGPORT}" -tAc \
      "SELECT 1 FROM pg_database WHERE datname='${db}'" | grep -q 1; then
      createdb -U "${PGUSER}" -h "${PGHOST}" -p "${PGPORT}" "${db}"
      echo "created database ${db}"
    fi
  done
}

start_embedded() { # start_embedded <pg port or 0> <redis port or 0>
  local jar="${ROOT}/local-stores/target/local-stores.jar"
  if [[ ! -f "${jar}" ]]; then
    echo "building the embedded stores (local-stores)..."
    (cd "${ROOT}" && ./mvnw -q -pl local-stores -am package -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true)
  fi
  mkdir -p "${EMBEDDED}/tmp" "${RUN}/logs" "${RUN}/pids"
  rm -f "${EMBEDDED}/ready"
  local as_user=()
  if [[ "$(id -u)" == 0 ]]; then
    # PostgreSQL refuses to run as root: run the stores as the unprivileged user nobody.
    chown -R "$(id -u nobody):$(id -g nobody)" "${EMBEDDED}"
    chmod o+rx "${ROOT}/local-stores/target" "${ROOT}/local-stores/target/lib"
    as_user=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups --)
  fi
  echo "starting embedded stores (PostgreSQL port ${1}, Redis port ${2}; 0 = the machine's own)..."
  nohup "${as_user[@]}" java -Xms32m -Xmx160m -XX:+UseSerialGC -Djava.io.tmpdir="${EMBEDDED}/tmp" -jar "${jar}" \
    --data "${EMBEDDED}" --pg-port "$1" --redis-port "$2" \
    --databases "$(IFS=,; echo "${DATABASES[*]}")" >"${RUN}/logs/embedded-stores.log" 2>&1 &
  echo $! >"${PIDFILE}"
  for _ in $(seq 1 180); do
    if [[ -f "${EMBEDDED}/ready" ]]; then
      tail -1 "${RUN}/logs/embedded-stores.log"
      return 0
    fi
    if ! embedded_running; then
      echo "the embedded stores exited during start; last log lines:" >&2
      tail -30 "${RUN}/logs/embedded-stores.log" >&2
      return 1
    fi
    sleep 1
  done
  echo "the embedded stores did not start in 180s; see ${RUN}/logs/embedded-stores.log" >&2
  return 1
}

ensure() {
  if embedded_running; then
    echo "embedded stores already running (pid $(cat "${PIDFILE}"))"
    return 0
  fi
  local pg_port=0 redis_port=0
  if postgres_answers; then
    echo "PostgreSQL answers on ${PGHOST}:${PGPORT}"
    create_databases
  else
    pg_port="${PGPORT}"
  fi
  if redis_answers; then
    echo "Redis answers on 127.0.0.1:${REDIS_PORT}"
  else
    redis_port="${REDIS_PORT}"
  fi
  if [[ "${pg_port}" != 0 || "${redis_port}" != 0 ]]; then
    start_embedded "${pg_port}" "${redis_port}"
  fi
}

stop() {
  if embedded_running; then
    local pid
    pid="$(cat "${PIDFILE}")"
    kill "${pid}"
    for _ in $(seq 1 60); do kill -0 "${pid}" 2>/dev/null || break; sleep 1; done
    echo "stopped the embedded stores"
  fi
  rm -f "${PIDFILE}"
}

status() {
  if embedded_running; then
    echo "stores: embedded (pid $(cat "${PIDFILE}")); $(grep "embedded stores ready" "${RUN}/logs/embedded-stores.log" | tail -1)"
  else
    echo "stores: the machine's own (PostgreSQL $(postgres_answers && echo up || echo down), Redis $(redis_answers && echo up || echo down))"
  fi
}

case "${1:-ensure}" in
  ensure) ensure ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 [ensure|stop|status]" >&2; exit 2 ;;
esac
