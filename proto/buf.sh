#!/usr/bin/env bash
# buf checks of the v1 contracts, offline.
#   proto/buf.sh lint       buf lint (STANDARD + COMMENTS)
#   proto/buf.sh breaking   buf breaking against the released baseline (proto/baseline/)
#   proto/buf.sh baseline   rewrite the baseline -- ONLY when releasing a new contract version
#   proto/buf.sh all        lint + breaking
# Needs: buf (BUF=/path/to/buf, or on PATH, or .tools/node_modules/.bin/buf from .ci/run)
# and the imported protos (google/api, google/rpc, google/type, buf/validate), which the Maven build
# unpacks into proto/target/googleapis (dependency:unpack@googleapis).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "${HERE}/.." && pwd)"
BASELINE="baseline/creatorgov-v1.binpb"

find_buf() {
  if [[ -n "${BUF:-}" ]]; then echo "${BUF}"; return; fi
  if [[ -x "${ROOT}/.tools/node_modules/@bufbuild/buf-linux-x64/bin/buf" ]]; then
    echo "${ROOT}/.tools/node_modules/@bufbuild/buf-linux-x64/bin/buf"; return
  fi
  if command -v buf >/dev/null 2>&1; then command -v buf; return; fi
  echo "buf not found: run .ci/run once, or npm install @bufbuild/buf, or set BUF" >&2
  exit 1
}

ensure_googleapis() {
  if [[ ! -d "${HERE}/target/googleapis/google/rpc" ]] \
    || [[ ! -f "${HERE}/target/googleapis/buf/validate/validate.proto" ]]; then
    (cd "${ROOT}" && ./mvnw -q -pl proto dependency:unpack@googleapis)
  fi
}

BUF_BIN="$(find_buf)"
cd "${HERE}"
ensure_googleapis

lint() {
  "${BUF_BIN}" lint
  echo "buf lint: clean"
}

breaking() {
  "${BUF_BIN}" breaking src/main/proto --against "${BASELINE}" --exclude-imports
  echo "buf breaking: no breaking change against ${BASELINE}"
}

baseline() {
  "${BUF_BIN}" build src/main/proto --exclude-source-info -o "${BASELINE}"
  echo "wrote ${BASELINE}"
}

case "${1:-all}" in
  lint) lint ;;
  breaking) breaking ;;
  baseline) baseline ;;
  all) lint; breaking ;;
  *) echo "usage: $0 [lint|breaking|baseline|all]" >&2; exit 2 ;;
esac
