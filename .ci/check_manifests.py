"""Structural checks of rendered Kubernetes manifests (stdin); see check-manifests.sh.

Run from the repository root: every service module with a Dockerfile must be deployed."""
import glob, os, sys, yaml
overlay = sys.argv[1]
docs = [d for d in yaml.safe_load_all(sys.stdin) if d]
problems = []


def named(kind):
    return {d["metadata"]["name"]: d for d in docs if d.get("kind") == kind}


deployments, services, config_maps = named("Deployment"), named("Service"), named("ConfigMap")
pdbs = named("PodDisruptionBudget")


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


for name, d in deployments.items():
    pod = d["spec"]["template"]["spec"]
    labels = d["spec"]["template"]["metadata"].get("labels", {})
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
        ports = {p.get("name"): p.get("containerPort") for p in c.get("ports", [])}
        scrape = d["spec"]["template"]["metadata"].get("annotations", {}).get("prometheus.io/port")
        if scrape and str(ports.get("grpc")) != scrape:
            problems.append(f"{name}: prometheus.io/port {scrape} is not the grpc port {ports.get('grpc')}")
        env = {e["name"]: e for e in c.get("env", [])}
        for e in env.values():
            ref = e.get("valueFrom", {}).get("configMapKeyRef")
            if ref and ref["key"] not in config_maps.get(ref["name"], {}).get("data", {}):
                problems.append(f"{name}: env {e['name']} reads missing ConfigMap key {ref['name']}/{ref['key']}")
            # a peer's host must be a Service of this rendering, serving the port the client dials
            if e["name"].endswith("_HOST") and e["name"].startswith("CREATORGOV_"):
                svc = services.get(e.get("value", ""))
                port = env.get(e["name"][: -len("_HOST")] + "_PORT", {}).get("value")
                if svc is None:
                    problems.append(f"{name}: {e['name']}={e.get('value')} is not a Service here")
                elif port and int(port) not in [p["port"] for p in svc["spec"]["ports"]]:
                    problems.append(f"{name}: {e['name']} Service {svc['metadata']['name']} has no port {port}")
    if not any(selects(s["spec"].get("selector"), labels) and
               any(p.get("name") == "grpc" for p in s["spec"]["ports"]) for s in services.values()):
        problems.append(f"{name}: no Service with a grpc port selects its pods")
    # an overlay that budgets disruptions budgets every Deployment
    if pdbs and not any(selects(p["spec"]["selector"].get("matchLabels"), labels) for p in pdbs.values()):
        problems.append(f"{name}: no PodDisruptionBudget selects its pods")
for name, d in services.items():
    if not any(p.get("name") == "grpc" for p in d["spec"]["ports"]):
        problems.append(f"{name}: service needs a port named grpc")
for dockerfile in sorted(glob.glob("*/src/main/docker/Dockerfile.jvm")):
    module = dockerfile.split(os.sep)[0]
    if module not in deployments:
        problems.append(f"{module}: has an image (Dockerfile.jvm) but no Deployment")
if problems:
    print(f"{overlay}: " + "; ".join(problems))
    sys.exit(1)
print(f"{overlay}: {len(docs)} objects OK")
