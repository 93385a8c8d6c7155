#!/usr/bin/env bash
# Mints a development bearer token (RS256 JWT) that the services accept when they run with the
# local dev key (deploy/local/run/keys/dev-public.pem). Creates the key pair on first use.
# Never use these keys or tokens outside a developer machine or a test.
#
#   deploy/local/mint-token.sh --sub ops-ana --roles creator-ops,auditor [--markets ID,VN] [--ttl 3600]
#   deploy/local/mint-token.sh --sub enforcement-service --roles service
#
# Prints the token. Use it as gRPC metadata: `authorization: Bearer <token>`.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
KEY_DIR="${HERE}/run/keys"
SUB="dev-user"
ROLES=""
MARKETS=""
TTL=3600
ISSUER="${CREATORGOV_DEV_ISSUER:-https://auth.creatorgov.local}"
AUDIENCE="${CREATORGOV_DEV_AUDIENCE:-creatorgov}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --sub) SUB="$2"; shift 2 ;;
    --roles) ROLES="$2"; shift 2 ;;
    --markets) MARKETS="$2"; shift 2 ;;
    --ttl) TTL="$2"; shift 2 ;;
    --issuer) ISSUER="$2"; shift 2 ;;
    --key-dir) KEY_DIR="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -n "${ROLES}" ]] || { echo "--roles is required (e.g. creator-ops,auditor)" >&2; exit 2; }
[[ "${TTL}" =~ ^[0-9]+$ ]] || { echo "--ttl must be seconds" >&2; exit 2; }

PRIVATE="${KEY_DIR}/dev-signing.pem"
PUBLIC="${KEY_DIR}/dev-public.pem"
if [[ ! -f "${PRIVATE}" ]]; then
  mkdir -p "${KEY_DIR}"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "${PRIVATE}" 2>/dev/null
  chmod 600 "${PRIVATE}"
  openssl pkey -in "${PRIVATE}" -pubout -out "${PUBLIC}"
  echo "created dev key pair in ${KEY_DIR}" >&2
fi

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
json_array() {
  local IFS=',' out="" item
  for item in $1; do
    [[ "${item}" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "bad list item '${item}'" >&2; exit 2; }
    out+="${out:+,}\"${item}\""
  done
  printf '[%s]' "${out}"
}
[[ "${SUB}" =~ ^[A-Za-z0-9._:@-]+$ ]] || { echo "bad --sub" >&2; exit 2; }

NOW=$(date +%s)
# kid: which key of the local key set (deploy/local/dev-jwks.sh) signed the token
KID="$("${HERE}/dev-jwks.sh" --kid "${PUBLIC}")"
HEADER="{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"${KID}\"}"
PAYLOAD="{\"iss\":\"${ISSUER}\",\"aud\":\"${AUDIENCE}\",\"sub\":\"${SUB}\",\"iat\":${NOW},\"exp\":$((NOW + TTL)),\"jti\":\"$(openssl rand -hex 16)\",\"groups\":$(json_array "${ROLES}")"
if [[ -n "${MARKETS}" ]]; then
  PAYLOAD+=",\"markets\":$(json_array "${MARKETS}")"
fi
PAYLOAD+="}"

SIGNING_INPUT="$(printf '%s' "${HEADER}" | b64url).$(printf '%s' "${PAYLOAD}" | b64url)"
SIGNATURE="$(printf '%s' "${SIGNING_INPUT}" | openssl dgst -sha256 -sign "${PRIVATE}" -binary | b64url)"
echo "${SIGNING_INPUT}.${SIGNATURE}"
