#!/usr/bin/env bash
# Loads the default policies (deploy/seed/policies/*.json) into a running policy-service through
# its public gRPC API: CreatePolicy, CreatePolicyVersion (as a policy author), ApprovePolicyVersion
# (as a different person, an approver), PublishPolicyVersion (as a governance admin).
# Request ids derive from each file's content, so running it again changes nothing; an edited file
# becomes a new version of its policy.
#
#   deploy/local/load-seed-policies.sh [host:port]      (default 127.0.0.1:8082)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "${HERE}/../.." && pwd)"
TARGET="${1:-127.0.0.1:8082}"
SEED_DIR="${ROOT}/deploy/seed/policies"
BUF="${BUF:-${ROOT}/.tools/node_modules/@bufbuild/buf-linux-x64/bin/buf}"
[[ -x "${BUF}" ]] || { echo "buf not found at ${BUF} (run deploy/local/run-suite.sh or set BUF)" >&2; exit 1; }

AUTHOR="$("${HERE}/mint-token.sh" --sub seed-author --roles policy-author)"
APPROVER="$("${HERE}/mint-token.sh" --sub seed-approver --roles policy-approver)"
ADMIN="$("${HERE}/mint-token.sh" --sub seed-admin --roles governance-admin)"

call() { # call <token> <rpc> <json> -> prints response JSON; returns 1 with the error on stderr
  local token="$1" rpc="$2" body="$3"
  "${BUF}" curl --protocol grpc --http2-prior-knowledge --emit-defaults \
    -H "authorization: Bearer ${token}" -d "${body}" \
    "http://${TARGET}/creatorgov.policy.v1.PolicyService/${rpc}"
}

# The violation catalogue first: the onboarding policy asks creators to acknowledge it.
FILES=("${SEED_DIR}/live.prohibited-items.json")
for f in "${SEED_DIR}"/*.json; do
  [[ "${f}" == "${FILES[0]}" ]] || FILES+=("${f}")
done

for file in "${FILES[@]}"; do
  key="$(jq -r '.policy.key' "${file}")"
  digest="$(sha256sum "${file}" | cut -c1-16)"
  rid() { echo "seed-${key}-${digest}-$1"; }

  # 1. The policy (already there from an earlier load: fine).
  if ! out="$(call "${AUTHOR}" CreatePolicy "$(jq -c --arg r "$(rid create)" '{policy: .policy, request_id: $r}' "${file}")" 2>&1)"; then
    if ! grep -q "already_exists\|ALREADY_EXISTS" <<<"${out}"; then
      echo "CreatePolicy ${key} failed: ${out}" >&2; exit 1
    fi
  fi

  # 2. A draft version with the file's rules (a replay returns the same version).
  out="$(call "${AUTHOR}" CreatePolicyVersion \
    "$(jq -c --arg k "${key}" --arg r "$(rid version)" '{policy_key: $k, policy_version: .version, request_id: $r}' "${file}")")"
  version="$(jq -r '.policyVersion.version' <<<"${out}")"
  state="$(jq -r '.policyVersion.state' <<<"${out}")"

  # 3. Approval by someone else, 4. publication now. Replays return the first answers.
  call "${APPROVER}" ApprovePolicyVersion \
    "$(jq -nc --arg k "${key}" --argjson v "${version}" --arg r "$(rid approve)" '{policy_key: $k, version: $v, request_id: $r}')" >/dev/null
  out="$(call "${ADMIN}" PublishPolicyVersion \
    "$(jq -nc --arg k "${key}" --argjson v "${version}" --arg r "$(rid publish)" '{policy_key: $k, version: $v, request_id: $r}')")"
  echo "seeded ${key} v${version} ($(jq -r '.policyVersion.state' <<<"${out}"), was ${state})"
done
