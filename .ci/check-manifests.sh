#!/usr/bin/env bash
# Renders every kustomize overlay and checks what operators rely on: each Deployment runs as
# non-root with a read-only root filesystem, has requests/limits and all three probes; each
# Service exposes a port named grpc. Skips (with a notice) where kubectl is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v kubectl >/dev/null 2>&1; then
  echo "kubectl not installed: manifest rendering skipped"
  exit 0
fi
PY=python3
if ! "${PY}" -c "import yaml" 2>/dev/null; then
  PY=/usr/bin/python3
fi
if ! "${PY}" -c "import yaml" 2>/dev/null; then
  echo "PyYAML not available: installing python3-yaml"
  apt-get install -y -qq python3-yaml >/dev/null || { apt-get update -qq && apt-get install -y -qq python3-yaml >/dev/null; }
  PY=/usr/bin/python3
fi
for overlay in deploy/k8s/overlays/*/; do
  rendered="$(kubectl kustomize "${overlay}")"
  echo "${rendered}" | "${PY}" .ci/check_manifests.py "${overlay}"
done
