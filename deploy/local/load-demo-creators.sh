#!/usr/bin/env bash
# Registers and onboards one demo creator per market through creator-service's public API:
# RegisterCreator (operator) → identity verified (verification service) → tax profile where the
# market requires one (the creator) → acknowledgement of the policy version in force (the creator)
# → ActivateCreator (operator). Request ids derive from the handle, so a rerun changes nothing.
#
#   deploy/local/load-demo-creators.sh [creator host:port] [policy host:port]
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "${HERE}/../.." && pwd)"
CREATOR="${1:-127.0.0.1:8081}"
POLICY="${2:-127.0.0.1:8082}"
BUF="${BUF:-${ROOT}/.tools/node_modules/@bufbuild/buf-linux-x64/bin/buf}"

OPS="$("${HERE}/mint-token.sh" --sub demo-ops --roles creator-ops)"
EKYC="$("${HERE}/mint-token.sh" --sub ekyc-service --roles service)"
READER="$("${HERE}/mint-token.sh" --sub demo-reader --roles auditor)"

call() { # call <host> <service> <token> <rpc> <json>
  "${BUF}" curl --protocol grpc --http2-prior-knowledge --emit-defaults \
    -H "authorization: Bearer $3" -d "$5" "http://$1/creatorgov.$2/$4"
}

for market in ID MY PH SG TH VN JP KR; do
  handle="demo.$(tr '[:upper:]' '[:lower:]' <<<"${market}").seller"
  out="$(call "${CREATOR}" creator.v1.CreatorService "${OPS}" RegisterCreator \
    "$(jq -nc --arg m "${market}" --arg h "${handle}" --arg r "demo-register-${handle}" \
      '{request_id: $r, market: $m, handle: $h, display_name: ("Demo seller " + $m), categories: ["beauty", "fashion"]}')" 2>&1)" || {
    if grep -qi "already_exists" <<<"${out}"; then
      echo "${handle}: already registered"; continue
    fi
    echo "RegisterCreator ${handle} failed: ${out}" >&2; exit 1
  }
  id="$(jq -r '.creator.creatorId' <<<"${out}")"
  current="$(call "${CREATOR}" creator.v1.CreatorService "${OPS}" GetCreator "{\"creator_id\":\"${id}\"}" | jq -r '.creator.status')"
  if [[ "${current}" != "CREATOR_STATUS_APPLIED" ]]; then
    echo "${handle} (${id}): ${current} (already onboarded)"; continue
  fi
  CREATOR_TOKEN="$("${HERE}/mint-token.sh" --sub "${id}" --roles creator)"

  call "${CREATOR}" creator.v1.CreatorService "${EKYC}" SubmitOnboardingItem \
    "$(jq -nc --arg id "${id}" --arg r "demo-identity-${handle}" --arg t "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
      '{creator_id: $id, request_id: $r, identity_verification: {provider: "demo-ekyc", verification_reference: ("kyc-" + $id), outcome: "IDENTITY_VERIFICATION_OUTCOME_PASSED", verify_time: $t}}')" >/dev/null

  if [[ "${market}" == "VN" ]]; then
    call "${CREATOR}" creator.v1.CreatorService "${CREATOR_TOKEN}" SubmitOnboardingItem \
      "$(jq -nc --arg id "${id}" --arg r "demo-tax-${handle}" \
        '{creator_id: $id, request_id: $r, tax_profile: {scheme: "VN_MST", tax_id: "0101234565-001", legal_name: "Demo Seller VN"}}')" >/dev/null
  fi

  version="$(call "${POLICY}" policy.v1.PolicyService "${READER}" ResolvePolicy \
    "$(jq -nc --arg m "${market}" '{policy_key: "live.prohibited-items", market: $m}')" | jq -r '.resolvedPolicy.version')"
  call "${CREATOR}" creator.v1.CreatorService "${CREATOR_TOKEN}" SubmitOnboardingItem \
    "$(jq -nc --arg id "${id}" --arg r "demo-ack-${handle}" --argjson v "${version}" \
      '{creator_id: $id, request_id: $r, policy_acknowledgement: {policy_key: "live.prohibited-items", policy_version: $v}}')" >/dev/null

  status="$(call "${CREATOR}" creator.v1.CreatorService "${OPS}" ActivateCreator \
    "$(jq -nc --arg id "${id}" --arg r "demo-activate-${handle}" '{creator_id: $id, request_id: $r, reason: "demo"}')" \
    | jq -r '.creator.status')"
  echo "${handle} (${id}): ${status}"
done
