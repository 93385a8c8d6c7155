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
for overlay in deploy/k8s/overlays/*/; do
  rendered="$(kubectl kustomize "${overlay}")"
  python3 - "${overlay}" <<<"${rendered}" <<'PY'
import sys, yaml
overlay = sys.argv[1]
docs = [d for d in yaml.safe_load_all(sys.stdin) if d]
problems = []
for d in docs:
    kind, name = d.get("kind"), d["metadata"]["name"]
    if kind == "Deployment":
        pod = d["spec"]["template"]["spec"]
        if not pod.get("securityContext", {}).get("runAsNonRoot"):
            problems.append(f"{name}: pod must runAsNonRoot")
        for c in pod["containers"]:
            sc = c.get("securityContext", {})
            if not sc.get("readOnlyRootFilesystem"):
                problems.append(f"{name}/{c['name']}: readOnlyRootFilesystem")
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                if probe not in c:
                    problems.append(f"{name}/{c['name']}: missing {probe}")
            res = c.get("resources", {})
            if "requests" not in res or "limits" not in res:
                problems.append(f"{name}/{c['name']}: requests and limits")
    if kind == "Service":
        if not any(p.get("name") == "grpc" for p in d["spec"]["ports"]):
            problems.append(f"{name}: service needs a port named grpc")
if problems:
    print(f"{overlay}: " + "; ".join(problems))
    sys.exit(1)
print(f"{overlay}: {len(docs)} objects OK")
PY
done
