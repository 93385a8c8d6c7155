#!/usr/bin/env bash
# Creates and activates a demo incentive programme in Malaysia through incentive-service's public
# API, then checks the Malaysian demo creator's eligibility and enrols it when eligible, and prints
# the programme and what was decided. The programme's window runs from the first run until
# 90 days later; request ids are fixed per local install (kept under deploy/local/run/), so a rerun
# replays the first answers instead of creating a second programme.
#
#   deploy/local/load-demo-programme.sh [incentive host:port] [creator host:port]
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "${HERE}/../.." && pwd)"
INCENTIVE="${1:-127.0.0.1:8084}"
CREATOR="${2:-127.0.0.1:8081}"
BUF="${BUF:-${ROOT}/.tools/node_modules/@bufbuild/buf-linux-x64/bin/buf}"
STATE="${HERE}/run/demo-programme"
mkdir -p "${STATE}"

MANAGER="$("${HERE}/mint-token.sh" --sub demo-incentive-manager --roles incentive-manager)"
READER="$("${HERE}/mint-token.sh" --sub demo-reader --roles auditor)"

call() { # call <host> <service> <token> <rpc> <json>
  "${BUF}" curl --protocol grpc --http2-prior-knowledge --emit-defaults \
    -H "authorization: Bearer $3" -d "$5" "http://$1/creatorgov.$2/$4"
}

remember() { # remember <name> <command...>: the value computed on the first run, then kept
  local file="${STATE}/$1"
  shift
  [[ -s "${file}" ]] || "$@" >"${file}"
  cat "${file}"
}

START="$(remember window-start date -u +%Y-%m-%dT%H:%M:%SZ)"
END="$(date -u -d "@$(($(date -u -d "${START}" +%s) + 90 * 86400))" +%Y-%m-%dT%H:%M:%SZ)"
CREATE_ID="$(remember create-request-id cat /proc/sys/kernel/random/uuid)"
ACTIVATE_ID="$(remember activate-request-id cat /proc/sys/kernel/random/uuid)"
ENROL_ID="$(remember enrol-request-id cat /proc/sys/kernel/random/uuid)"

PROGRAM="$(call "${INCENTIVE}" incentive.v1.IncentiveService "${MANAGER}" CreateProgram "$(jq -nc \
  --arg id "${CREATE_ID}" --arg from "${START}" --arg to "${END}" '{
    request_id: $id,
    program: {
      display_name: "Demo: Malaysia live-selling starter bonus",
      description: "Healthy creators in Malaysia earn a commission bonus and cash at GMV milestones.",
      market: "MY",
      window: {start_time: $from, end_time: $to},
      rewards: [
        {commission_bonus: {bonus_bps: 150}},
        {gmv_milestone_cash: {milestones: [
          {gmv_threshold: {amount_minor: 1000000, currency_code: "MYR"},
           cash_reward: {amount_minor: 5000, currency_code: "MYR"}},
          {gmv_threshold: {amount_minor: 5000000, currency_code: "MYR"},
           cash_reward: {amount_minor: 30000, currency_code: "MYR"}}]}}],
      eligibility: {maximum_active_violation_points: 5},
      budget: {total: {amount_minor: 10000000, currency_code: "MYR"},
               per_creator_cap: {amount_minor: 50000, currency_code: "MYR"}},
      suspension_settlement_rule: "SUSPENSION_SETTLEMENT_RULE_PRO_RATE"
    }}')" | jq -c '.program')"
PROGRAM_ID="$(jq -r '.programId' <<<"${PROGRAM}")"
if [[ "$(jq -r '.state' <<<"${PROGRAM}")" == PROGRAM_STATE_DRAFT ]]; then
  PROGRAM="$(call "${INCENTIVE}" incentive.v1.IncentiveService "${MANAGER}" ActivateProgram \
    "$(jq -nc --arg id "${ACTIVATE_ID}" --arg p "${PROGRAM_ID}" '{request_id: $id, program_id: $p}')" \
    | jq -c '.program')"
fi
jq -r '"  programme \(.programId): \(.displayName), \(.market), \(.state | sub("PROGRAM_STATE_"; "")),"
  + " budget \((.budget.total.amountMinor | tonumber) / 100) \(.budget.total.currencyCode)"' <<<"${PROGRAM}"

CREATOR_ID="$(call "${CREATOR}" creator.v1.CreatorService "${READER}" ListCreators \
  '{"market":"MY","handle":"demo.my.seller"}' | jq -r '.creators[0].creatorId')"
ELIGIBILITY="$(call "${INCENTIVE}" incentive.v1.IncentiveService "${READER}" CheckEligibility \
  "$(jq -nc --arg p "${PROGRAM_ID}" --arg c "${CREATOR_ID}" '{program_id: $p, creator_id: $c}')")"
jq -r '"  demo.my.seller eligible: \(.evaluation.eligible // false); "
  + ([.evaluation.conditions[]? | "\(.condition | sub("ELIGIBILITY_CONDITION_"; "")) \(.outcome | sub("ELIGIBILITY_OUTCOME_"; ""))"] | join(", "))' \
  <<<"${ELIGIBILITY}"
if [[ "$(jq -r '.evaluation.eligible // false' <<<"${ELIGIBILITY}")" == true ]]; then
  call "${INCENTIVE}" incentive.v1.IncentiveService "${MANAGER}" Enroll \
    "$(jq -nc --arg id "${ENROL_ID}" --arg p "${PROGRAM_ID}" --arg c "${CREATOR_ID}" \
      '{request_id: $id, program_id: $p, creator_id: $c}')" \
    | jq -r '"  enrolled: \(.enrollment.enrollmentId) \(.enrollment.state | sub("ENROLLMENT_STATE_"; ""))"'
fi
echo "${PROGRAM_ID}" >"${STATE}/program-id"
