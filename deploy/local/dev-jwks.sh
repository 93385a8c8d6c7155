#!/usr/bin/env bash
# Prints the JSON Web Key Set of the local dev signing key, the way an identity provider publishes
# its keys, and (with --kid) the key id that deploy/local/mint-token.sh puts in each token's header.
#   deploy/local/dev-jwks.sh <public.pem>          -> {"keys":[{"kty":"RSA","kid":...,"n":...,"e":...}]}
#   deploy/local/dev-jwks.sh --kid <public.pem>    -> the key id only
# The kid is the base64url SHA-256 of the DER public key (stable for a key, changes on rotation).
set -euo pipefail
KID_ONLY=0
if [[ "${1:-}" == "--kid" ]]; then KID_ONLY=1; shift; fi
PUBLIC="${1:?usage: dev-jwks.sh [--kid] <public.pem>}"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
hex_to_bin() { local hex="$1"; printf '%b' "$(printf '%s' "${hex}" | sed 's/../\\x&/g')"; }

KID="$(openssl pkey -pubin -in "${PUBLIC}" -outform DER | openssl dgst -sha256 -binary | b64url | cut -c1-22)"
if [[ "${KID_ONLY}" == 1 ]]; then
  echo "${KID}"
  exit 0
fi
MODULUS_HEX="$(openssl rsa -pubin -in "${PUBLIC}" -noout -modulus | sed 's/^Modulus=//')"
EXPONENT_DEC="$(openssl rsa -pubin -in "${PUBLIC}" -noout -text | sed -n 's/^Exponent: \([0-9]*\).*/\1/p')"
EXPONENT_HEX="$(printf '%x' "${EXPONENT_DEC}")"
(( ${#EXPONENT_HEX} % 2 == 1 )) && EXPONENT_HEX="0${EXPONENT_HEX}"
N="$(hex_to_bin "${MODULUS_HEX}" | b64url)"
E="$(hex_to_bin "${EXPONENT_HEX}" | b64url)"
printf '{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"%s"}]}\n' "${KID}" "${N}" "${E}"
