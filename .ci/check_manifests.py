"""Structural checks of rendered Kubernetes manifests (stdin); see check-manifests.sh."""
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
