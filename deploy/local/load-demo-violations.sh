#!/usr/bin/env bash
# Reports a few demo violations through enforcement-service's public API against the demo creators
# of two markets with different standing models, and prints what was decided (once the outbox has
# applied it through creator-service) and why:
#   MY  points ladder, quarterly reset: a listing-spam user report (1 point, warning), then
#       counterfeit goods (3 points: the ladder's first rung at 3 is reached, and the catalogue's
#       commission freeze is the more severe consequence);
#   VN  health rating: listing spam (200 → 190, warning), then counterfeit goods, which Vietnam's
#       catalogue raises to CRITICAL (100 health points: milestones 150 and 100 are crossed).
# Request ids are fixed and each request's content is derived from the creator (observed_time is
# the creator's activation time plus a few seconds), so a rerun replays the first answer instead
# of adding points. Request ids are remembered for 7 days; the ids of what was recorded are also
# kept under deploy/local/run/demo-violations/, so a rerun after that shows them instead of
# reporting again.
#
#   deploy/local/load-demo-violations.sh [enforcement host:port] [creator host:port]
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "${HERE}/../.." && pwd)"
ENFORCEMENT="${1:-127.0.0.1:8083}"
CREATOR="${2:-127.0.0.1:8081}"
BUF="${BUF:-${ROOT}/.tools/node_modules/@bufbuild/buf-linux-x64/bin/buf}"
LEDGER="${HERE}/run/demo-violations"
mkdir -p "${LEDGER}"

PIPELINE="$("${HERE}/mint-token.sh" --sub demo-moderation-pipeline --roles service)"
MODERATOR="$("${HERE}/mint-token.sh" --sub demo-moderator --roles moderator)"
READER="$("${HERE}/mint-token.sh" --sub demo-reader --roles auditor)"

call() { # call <host> <service> <token> <rpc> <json>
  "${BUF}" curl --protocol grpc --http2-prior-knowledge --emit-defaults \
    -H "authorization: Bearer $3" -d "$5" "http://$1/creatorgov.$2/$4"
}

creator_of() { # creator_of <market> → "<creator id> <activation time>"
  local handle
  handle="demo.$(tr '[:upper:]' '[:lower:]' <<<"$1").seller"
  call "${CREATOR}" creator.v1.CreatorService "${READER}" ListCreators \
    "$(jq -nc --arg m "$1" --arg h "${handle}" '{market: $m, handle: $h}')" \
    | jq -r '.creators[0] | "\(.creatorId) \(.activateTime // .createTime)"'
}

plus_seconds() { # plus_seconds <RFC 3339 time> <seconds> → RFC 3339 UTC, whole seconds
  date -u -d "@$(($(date -u -d "$1" +%s) + $2))" +%Y-%m-%dT%H:%M:%SZ
}

show() { # show <market> <code> <violation json> <action json> [<standing change json>]
  local impact
  impact="$(jq -r '.standingImpact | if .points then "+\(.points.pointsAdded) points"
    else "-\(.health.scoreDeducted) health" end' <<<"$3")"
  if [[ -n "${5:-}" && "$5" != null ]]; then
    impact="$(jq -r --arg i "${impact}" '$i + " (" + (if .points then
        "points \(.points.pointsBefore) → \(.points.pointsAfter)"
      else "score \(.score.scoreBefore) → \(.score.scoreAfter)" end)
      + (if .thresholdReached then ", reached \(.thresholdReached.value)" else "" end) + ")"' <<<"$5")"
  fi
  jq -r --arg m "$1" --arg c "$2" --arg i "${impact}" '
    def short: sub("^[A-Z_]*(ACTION_TYPE|ACTION_STATE|RESTRICTION_TYPE|RULE_KIND)_"; "");
    ([ "  \($c): \($i) →", (.actionType | short),
      (if .duration then "for " + (.duration | rtrimstr("s") | tonumber
        | if . % 86400 == 0 then "\(. / 86400) days" else "\(.) s" end) else empty end),
      (if (.restrictionTypes | length) > 0 then "[\(.restrictionTypes | map(short) | join(", "))]" else empty end),
      (.state | short), "(action \(.actionId))" ] | join(" ")),
    (.statementOfReasons.ground.rulesApplied[]
      | "      rule \(.kind | short): \(.description)\(if .determinative then "  <- decides" else "" end)")
    ' <<<"$4"
}

action_of() { # action_of <action id>: the action, once the outbox has delivered it (up to 15 s)
  local action
  for _ in $(seq 1 30); do
    action="$(call "${ENFORCEMENT}" enforcement.v1.EnforcementService "${READER}" GetEnforcementAction \
      "{\"action_id\":\"$1\"}" | jq -c '.action')"
    [[ "$(jq -r '.state' <<<"${action}")" != ENFORCEMENT_ACTION_STATE_PENDING ]] && break
    sleep 0.5
  done
  echo "${action}"
}

report() { # report <market> <n> <token> <code> <json of the rest of the request>
  local market="$1" n="$2" token="$3" code="$4" rest="$5"
  local request_id="demo-violation-${market,,}-${n}" ledger="${LEDGER}/demo-violation-${market,,}-${n}"
  local creator active violation action out="" change=""
  read -r creator active <<<"$(creator_of "${market}")"
  if [[ -z "${creator}" || "${creator}" == null ]]; then
    echo "no demo creator in ${market}: run load-demo-creators.sh first" >&2
    exit 1
  fi
  if [[ -s "${ledger}" ]] && [[ "$(cut -d' ' -f1 "${ledger}")" == "${creator}" ]] \
    && violation="$(call "${ENFORCEMENT}" enforcement.v1.EnforcementService "${READER}" GetViolation \
      "{\"violation_id\":\"$(cut -d' ' -f2 "${ledger}")\"}" 2>/dev/null | jq -c '.violation')"; then
    : # recorded earlier (perhaps longer ago than request ids are remembered): show it
  else
    out="$(call "${ENFORCEMENT}" enforcement.v1.EnforcementService "${token}" ReportViolation \
      "$(jq -nc --arg r "${request_id}" --arg id "${creator}" --arg m "${market}" --arg c "${code}" \
        --arg t "$(plus_seconds "${active}" "${n}")" --argjson rest "${rest}" \
        '{request_id: $r, creator_id: $id, market: $m, violation_code: $c, observed_time: $t} + $rest')")" || {
      echo "ReportViolation ${request_id} failed: ${out}" >&2
      exit 1
    }
    violation="$(jq -c '.violation' <<<"${out}")"
    change="$(jq -c '.standingChange' <<<"${out}")"
    echo "${creator} $(jq -r '.violationId' <<<"${violation}")" >"${ledger}"
  fi
  action="$(action_of "$(jq -r '.actionId' <<<"${violation}")")"
  show "${market}" "${code}" "${violation}" "${action}" "${change}"
}

echo "MY (points ladder, quarterly reset):"
report MY 1 "${PIPELINE}" LISTING_SPAM '{
  "detection_source": "DETECTION_SOURCE_USER_REPORT", "human_reviewed": true,
  "notice": {"notice_id": "demo-notice-my-1"}, "content_type": "CONTENT_TYPE_PRODUCT",
  "evidence": [{"kind": "EVIDENCE_KIND_PRODUCT_LISTING", "id": "demo-listing-my-1",
    "note": "the same listing posted 40 times in an hour"}]}'
report MY 2 "${MODERATOR}" COUNTERFEIT_GOODS '{
  "detection_source": "DETECTION_SOURCE_MODERATOR", "content_type": "CONTENT_TYPE_LIVE_STREAM",
  "live_session_id": "demo-live-my-2",
  "evidence": [{"kind": "EVIDENCE_KIND_LIVE_SESSION", "id": "demo-live-my-2",
    "note": "replica handbags presented as authentic"}]}'
echo "VN (health rating):"
report VN 1 "${PIPELINE}" LISTING_SPAM '{
  "detection_source": "DETECTION_SOURCE_AUTOMATED_SIGNAL", "content_type": "CONTENT_TYPE_PRODUCT",
  "evidence": [{"kind": "EVIDENCE_KIND_PRODUCT_LISTING", "id": "demo-listing-vn-1",
    "note": "duplicate-listing detector"}]}'
report VN 2 "${MODERATOR}" COUNTERFEIT_GOODS '{
  "detection_source": "DETECTION_SOURCE_MODERATOR", "content_type": "CONTENT_TYPE_LIVE_STREAM",
  "live_session_id": "demo-live-vn-2",
  "evidence": [{"kind": "EVIDENCE_KIND_LIVE_SESSION", "id": "demo-live-vn-2",
    "note": "counterfeit cosmetics sold as genuine"}]}'
