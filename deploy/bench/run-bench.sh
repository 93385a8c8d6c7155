#!/usr/bin/env bash
# The benchmark command: starts the suite with its production settings (deploy/local/run-suite.sh,
# which also seeds the demo data), then measures, in one run and interleaved so each scenario has
# its ceiling measured beside it on the same 2 cores:
#   Health/Check on the same service → ResolvePolicy warm → Health/Check → CheckCapability warm
#   → BatchCheckCapability (100 pairs) → Health/Check → ReportViolation (distinct creators, then
#   one hot creator), each round twice; then fixed-rate runs (open loop: latency from the intended
#   send time) and the data stores' own tools: redis-benchmark GET and a single-row INSERT pgbench.
# Writes <out>/results.jsonl (one object per measured phase) and <out>/report.md (with the ratios).
#
#   deploy/bench/run-bench.sh [out-dir]          (default: bench-report/)
#   BENCH_DURATION=15 BENCH_WARMUP=5 BENCH_CONCURRENCY=64 BENCH_ROUNDS=2 deploy/bench/run-bench.sh
#   BENCH_SMOKE=1 deploy/bench/run-bench.sh       (2 s phases: checks the command, measures nothing)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "${HERE}/../.." && pwd)"
LOCAL="${ROOT}/deploy/local"
OUT="${1:-${ROOT}/bench-report}"
DURATION="${BENCH_DURATION:-15}"
WARMUP="${BENCH_WARMUP:-5}"
CONCURRENCY="${BENCH_CONCURRENCY:-64}"
ROUNDS="${BENCH_ROUNDS:-2}"
if [[ "${BENCH_SMOKE:-0}" == 1 ]]; then DURATION=2; WARMUP=1; ROUNDS=1; fi
BUF="${ROOT}/.tools/node_modules/@bufbuild/buf-linux-x64/bin/buf"
LOADGEN="${ROOT}/loadgen/target/loadgen.jar"

mkdir -p "${OUT}"
RESULTS="${OUT}/results.jsonl"
: >"${RESULTS}"

if [[ ! -f "${LOADGEN}" ]]; then
  (cd "${ROOT}" && ./mvnw -q -pl loadgen -am install -DskipTests -Dspotless.check.skip=true)
fi
bash "${LOCAL}/run-suite.sh" >"${OUT}/suite-start.log"
pid() { cat "${LOCAL}/run/pids/$1.pid"; }

SERVICE_TOKEN="$("${LOCAL}/mint-token.sh" --sub bench-service --roles service --ttl 7200)"
READER="$("${LOCAL}/mint-token.sh" --sub bench-reader --roles auditor --ttl 7200)"
CREATORS="$("${BUF}" curl --protocol grpc --http2-prior-knowledge -H "authorization: Bearer ${READER}" \
  -d '{"page_size":100}' http://127.0.0.1:8081/creatorgov.creator.v1.CreatorService/ListCreators \
  | jq -r '[.creators[] | "\(.creatorId)@\(.market)"] | join(",")')"
[[ -n "${CREATORS}" ]] || { echo "no creators to measure with" >&2; exit 1; }

load() { # load <label> <service> <port> <scenario> [extra loadgen args...]
  local label="$1" service="$2" port="$3" scenario="$4"
  shift 4
  java -Xmx512m -jar "${LOADGEN}" --target "127.0.0.1:${port}" --scenario "${scenario}" \
    --label "${label}" --server-pid "$(pid "${service}")" --token "${SERVICE_TOKEN}" \
    --creators "${CREATORS}" --warmup "${WARMUP}" --duration "${DURATION}" --json "${RESULTS}" "$@"
}
closed() { load "$@" --mode closed --concurrency "${CONCURRENCY}"; }

for round in $(seq 1 "${ROUNDS}"); do
  closed "health policy r${round}" policy-service 8082 health
  closed "resolve warm r${round}" policy-service 8082 resolve --policy-key commission.caps
  closed "health creator r${round}" creator-service 8081 health
  closed "check warm r${round}" creator-service 8081 check
  closed "batch-check r${round}" creator-service 8081 batch-check
  closed "health enforcement r${round}" enforcement-service 8083 health
  closed "report distinct r${round}" enforcement-service 8083 report
  closed "report hot r${round}" enforcement-service 8083 report-hot
done
for rate in 2000 5000; do
  load "check open ${rate}/s" creator-service 8081 check --mode open --rate "${rate}"
  load "resolve open ${rate}/s" policy-service 8082 resolve --policy-key commission.caps --mode open --rate "${rate}"
done
load "report open 1000/s" enforcement-service 8083 report --mode open --rate 1000

# the data stores' own ceilings, in the same run
REDIS_GET="$(redis-benchmark -h 127.0.0.1 -p 6379 -t get -c 50 -n $((DURATION * 20000)) -q --csv \
  | awk -F'","' '/GET/ {gsub(/"/, "", $2); print $2}')"
PGDB=creatorgov_bench_pgbench
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${PGDB}" -c "CREATE DATABASE ${PGDB}" >/dev/null
psql -h 127.0.0.1 -U postgres -d "${PGDB}" -qc \
  "CREATE TABLE bench_insert (id bigserial PRIMARY KEY, creator_id text, payload text, at timestamptz DEFAULT now())"
echo "INSERT INTO bench_insert (creator_id, payload) VALUES ('c-' || :client_id, repeat('x', 200));" \
  >"${OUT}/pgbench-insert.sql"
PG_TPS="$(pgbench -h 127.0.0.1 -U postgres -n -c 16 -j 2 -T "${DURATION}" -f "${OUT}/pgbench-insert.sql" "${PGDB}" \
  | awk '/^tps/ {print int($3)}' | head -1)"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${PGDB}" >/dev/null
jq -nc --arg get "${REDIS_GET}" --arg tps "${PG_TPS}" \
  '{label: "data stores", redis_benchmark_get_rps: ($get | tonumber), pgbench_insert_tps: ($tps | tonumber)}' \
  >>"${RESULTS}"

bash "${HERE}/render-report.sh" "${RESULTS}" >"${OUT}/report.md"
echo "report: ${OUT}/report.md (raw: ${RESULTS})"
