#!/usr/bin/env bash
# Starts the Creator Governance Suite locally on a machine of this kind:
# PostgreSQL and Redis (the machine's own when they answer, otherwise real servers started from
# Maven artifacts with their data under deploy/local/run/embedded/: see infra.sh), the databases, a build if needed, each service in the
# background (logs and pids under deploy/local/run/), the seed data, and prints how to call it.
#
#   deploy/local/run-suite.sh          start (or keep) everything and seed it
#   deploy/local/run-suite.sh stop     stop the services (and embedded stores) started here
#   deploy/local/run-suite.sh status   show what runs
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "${HERE}/../.." && pwd)"
RUN="${HERE}/run"
mkdir -p "${RUN}/logs" "${RUN}/pids"

# service name, port (in start order: a service starts after those it calls)
SERVICES=("policy-service:8082" "creator-service:8081" "enforcement-service:8083" "incentive-service:8084")

BUF_VERSION=1.75.0
BUF="${ROOT}/.tools/node_modules/@bufbuild/buf-linux-x64/bin/buf"
export BUF

is_running() { # is_running <service>
  local pidfile="${RUN}/pids/$1.pid"
  [[ -f "${pidfile}" ]] && kill -0 "$(cat "${pidfile}")" 2>/dev/null
}

stop_all() {
  for entry in "${SERVICES[@]}"; do
    local name="${entry%%:*}"
    if is_running "${name}"; then
      kill "$(cat "${RUN}/pids/${name}.pid")" && echo "stopped ${name}"
    fi
    rm -f "${RUN}/pids/${name}.pid"
  done
}

status() {
  for entry in "${SERVICES[@]}"; do
    local name="${entry%%:*}" port="${entry##*:}"
    if is_running "${name}"; then
      echo "${name}: running on ${port} (pid $(cat "${RUN}/pids/${name}.pid"))"
    else
      echo "${name}: stopped"
    fi
  done
}

ensure_tools() {
  command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq; }
  if [[ ! -x "${BUF}" ]]; then
    npm install --prefix "${ROOT}/.tools" --no-audit --no-fund --loglevel=error "@bufbuild/buf@${BUF_VERSION}"
  fi
}

build_if_needed() {
  local stale=0
  for entry in "${SERVICES[@]}"; do
    local name="${entry%%:*}" jar="${ROOT}/${entry%%:*}/target/quarkus-app/quarkus-run.jar"
    if [[ ! -f "${jar}" ]] || [[ -n "$(find "${ROOT}/${name}/src" "${ROOT}/proto/src" "${ROOT}/service-kit/src" "${ROOT}/policy-client/src" -newer "${jar}" -type f -print -quit)" ]]; then
      stale=1
    fi
  done
  if [[ "${stale}" == 1 ]]; then
    echo "building (./mvnw install -DskipTests)..."
    (cd "${ROOT}" && ./mvnw -q install -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true)
  fi
}

dev_jwks() { # the dev key published as a JWKS file, as an identity provider would
  local file="${RUN}/keys/jwks.json"
  "${HERE}/dev-jwks.sh" "${RUN}/keys/dev-public.pem" >"${file}.tmp" && mv "${file}.tmp" "${file}"
  echo "${file}"
}

paging_secret() { # one random page-token secret per local install, kept across restarts
  local file="${RUN}/paging-secret"
  if [[ ! -s "${file}" ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"${file}")
  fi
  cat "${file}"
}

start_service() { # start_service <name> <port>
  local name="$1" port="$2"
  if is_running "${name}"; then
    echo "${name}: already running on ${port}"
    return
  fi
  echo "starting ${name} on ${port}..."
  # each service calls the others with its own (dev) service-account token
  CREATORGOV_SERVICE_TOKEN="$("${HERE}/mint-token.sh" --sub "${name}" --roles service --ttl 86400)" \
  CREATORGOV_AUTH_PUBLIC_KEY_LOCATION="${RUN}/keys/dev-public.pem" \
  CREATORGOV_AUTH_JWKS_LOCATION="$(dev_jwks)" \
  CREATORGOV_AUTH_ISSUER="https://auth.creatorgov.local" \
  CREATORGOV_PAGING_SECRET="$(paging_secret)" \
    nohup java -Xms64m -Xmx256m -jar "${ROOT}/${name}/target/quarkus-app/quarkus-run.jar" \
      >"${RUN}/logs/${name}.log" 2>&1 &
  echo $! >"${RUN}/pids/${name}.pid"
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:${port}/q/health/ready" >/dev/null 2>&1; then
      echo "${name}: ready on ${port}"
      return
    fi
    if ! is_running "${name}"; then
      echo "${name} exited during start; last log lines:" >&2
      tail -30 "${RUN}/logs/${name}.log" >&2
      exit 1
    fi
    sleep 1
  done
  echo "${name} did not become ready in 60s; see ${RUN}/logs/${name}.log" >&2
  exit 1
}

case "${1:-start}" in
  stop) stop_all; bash "${HERE}/infra.sh" stop; exit 0 ;;
  status) status; bash "${HERE}/infra.sh" status; exit 0 ;;
  start) ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac

bash "${HERE}/infra.sh" ensure
ensure_tools
"${HERE}/mint-token.sh" --roles auditor >/dev/null   # creates the dev key pair on first use
build_if_needed
for entry in "${SERVICES[@]}"; do
  start_service "${entry%%:*}" "${entry##*:}"
done

echo
echo "seeding policies..."
"${HERE}/load-seed-policies.sh" 127.0.0.1:8082

echo
echo "seeding demo creators..."
"${HERE}/load-demo-creators.sh" 127.0.0.1:8081 127.0.0.1:8082

echo
echo "reporting demo violations (a points-ladder market and a health-rating market)..."
"${HERE}/load-demo-violations.sh" 127.0.0.1:8083 127.0.0.1:8081

echo
echo "running a demo incentive programme (Malaysia)..."
"${HERE}/load-demo-programme.sh" 127.0.0.1:8084 127.0.0.1:8081

TOKEN="$("${HERE}/mint-token.sh" --sub dev-reader --roles auditor)"
echo
echo "Creator Governance Suite is up. Services: $(status | tr '\n' ';')"
echo
echo "Resolved commission caps per market (ResolvePolicy):"
for market in ID MY PH SG TH VN JP KR; do
  printf '  %s: ' "${market}"
  "${BUF}" curl --protocol grpc --http2-prior-knowledge -H "authorization: Bearer ${TOKEN}" \
    -d "{\"policy_key\":\"commission.caps\",\"market\":\"${market}\"}" \
    http://127.0.0.1:8082/creatorgov.policy.v1.PolicyService/ResolvePolicy \
    | jq -c '.resolvedPolicy | {version, variant, default_cap_bps: .content.commissionCaps.defaultMaxRateBps}'
done
DEMO_ID="$("${BUF}" curl --protocol grpc --http2-prior-knowledge -H "authorization: Bearer ${TOKEN}" \
  -d '{"market":"VN","handle":"demo.vn.seller"}' \
  http://127.0.0.1:8081/creatorgov.creator.v1.CreatorService/ListCreators | jq -r '.creators[0].creatorId')"
echo
echo "May the Vietnamese demo creator go live after its violations (CheckCapability)?"
"${BUF}" curl --protocol grpc --http2-prior-knowledge -H "authorization: Bearer ${TOKEN}" \
  -d "{\"creator_id\":\"${DEMO_ID}\",\"capability\":\"CAPABILITY_GO_LIVE\"}" \
  http://127.0.0.1:8081/creatorgov.creator.v1.CreatorService/CheckCapability \
  | jq -c '.decision | {creatorId, allowed: (.allowed // false), status, reasons: [.reasons[]?.message]}'
VN_ACTION="$("${BUF}" curl --protocol grpc --http2-prior-knowledge -H "authorization: Bearer ${TOKEN}" \
  -d "{\"violation_id\":\"$(cut -d' ' -f2 "${RUN}/demo-violations/demo-violation-vn-2")\"}" \
  http://127.0.0.1:8083/creatorgov.enforcement.v1.EnforcementService/GetViolation | jq -r '.violation.actionId')"
echo
echo "Its statement of reasons for the counterfeit decision (GetEnforcementAction):"
"${BUF}" curl --protocol grpc --http2-prior-knowledge -H "authorization: Bearer ${TOKEN}" \
  -d "{\"action_id\":\"${VN_ACTION}\"}" \
  http://127.0.0.1:8083/creatorgov.enforcement.v1.EnforcementService/GetEnforcementAction \
  | jq '.action.statementOfReasons | {decisionAutomation, ground: {policy: .ground.policy, explanation: .ground.explanation}, endTime, redress: {appealDeadlineTime: .redress.appealDeadlineTime}}'
cat <<MSG

Try it yourself (a dev token for an auditor, valid one hour):
  TOKEN=\$(deploy/local/mint-token.sh --sub me --roles auditor)
  .tools/node_modules/@bufbuild/buf-linux-x64/bin/buf curl --protocol grpc --http2-prior-knowledge \\
    -H "authorization: Bearer \$TOKEN" -d '{"policy_key":"enforcement.standing","market":"VN"}' \\
    http://127.0.0.1:8082/creatorgov.policy.v1.PolicyService/ResolvePolicy
  # the demo incentive programme's enrolments:
  .tools/node_modules/@bufbuild/buf-linux-x64/bin/buf curl --protocol grpc --http2-prior-knowledge \\
    -H "authorization: Bearer \$TOKEN" -d '{"program_id":"$(cat "${RUN}/demo-programme/program-id")"}' \\
    http://127.0.0.1:8084/creatorgov.incentive.v1.IncentiveService/ListEnrollments
Ports: policy-service 8082, creator-service 8081, enforcement-service 8083, incentive-service 8084
(each: gRPC, health, metrics)
Health: curl http://127.0.0.1:8083/q/health   Metrics: curl http://127.0.0.1:8083/q/metrics
Logs: ${RUN}/logs/   Stop: deploy/local/run-suite.sh stop
MSG
