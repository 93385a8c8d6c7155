#!/usr/bin/env bash
# Renders the benchmark's results.jsonl (one object per measured phase, written by the load
# generator, plus the data stores' line) as a Markdown report with the ratios and the targets.
#
#   deploy/bench/render-report.sh bench-report/results.jsonl > bench-report/report.md
set -euo pipefail
RESULTS="${1:?usage: render-report.sh results.jsonl}"

cat <<HEAD
# Benchmark report

Run: $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),
load generator, services, PostgreSQL and Redis on the same machine. Each ratio divides a scenario
by a ceiling measured in the same run (the ceiling just before it on the same service).

## Phases

| phase | mode | ok/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | dropped | server CPU µs/RPC | server RSS MiB |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
HEAD
jq -r 'select(.scenario) |
  "| \(.label) | \(.mode)\(if .mode == "open" then " \(.rate)/s" else " ×\(.concurrency)" end) | \(.throughput | floor) | \(.p50_ms) | \(.p99_ms) | \(.p999_ms) | \(.max_ms) | \(.errors)\(if .errors > 0 then " \(.outcomes | del(.OK) | tostring)" else "" end) | \(.dropped) | \(.server_cpu_us_per_rpc) | \(.server_rss_mib) |"' \
  "${RESULTS}"

if jq -e 'select(.error_samples != null and (.error_samples | length) > 0)' "${RESULTS}" >/dev/null; then
  printf '\n## What the errors were (the first of each status code per phase)\n\n'
  jq -r 'select(.error_samples != null) | .label as $l | .error_samples | to_entries[]
    | "- \($l): \(.key) — \(.value | .[0:240])"' "${RESULTS}"
fi

jq -rs '
  def ratio(a; b): if b > 0 then ((a / b) * 100 | floor) / 100 else null end;
  def mark(ok): if ok then "met" else "**not met**" end;
  (map(select(.label == "data stores")) | first // {}) as $stores
  | map(select(.scenario)) as $p
  | [ $p | to_entries[] | .key as $i | .value
      | select(.mode == "closed" and .scenario != "health")
      | . as $s
      | ($p[:$i] | map(select(.scenario == "health")) | last) as $ceiling
      | {label: $s.label, scenario: $s.scenario, qps: $s.throughput, ceiling: $ceiling.label,
         ceiling_qps: $ceiling.throughput, ratio: ratio($s.throughput; $ceiling.throughput)} ]
  as $ratios
  | "\n## Ratios to the ceilings\n",
    "| scenario | ok/s | ceiling | ceiling ok/s | ratio |",
    "|---|---:|---|---:|---:|",
    ($ratios[] | "| \(.label) | \(.qps | floor) | \(.ceiling) | \(.ceiling_qps | floor) | \(.ratio) |"),
    "",
    "Data stores: redis-benchmark GET (-c 50) \($stores.redis_benchmark_get_rps // "n/a") req/s; pgbench single-row INSERT (-c 16) \($stores.pgbench_insert_tps // "n/a") TPS.",
    "",
    "## Targets",
    "",
    "| target | measured | |",
    "|---|---|---|",
    ( ($ratios | map(select(.scenario == "resolve")) | map(.ratio) | min) as $r
      | "| ResolvePolicy warm ≥ 0.60 of Health/Check | \($r // "not measured") (worst round) | \(mark($r != null and $r >= 0.6)) |"),
    ( ($ratios | map(select(.scenario == "check")) | map(.ratio) | min) as $r
      | "| CheckCapability warm ≥ 0.60 of Health/Check | \($r // "not measured") (worst round) | \(mark($r != null and $r >= 0.6)) |"),
    ( $p[] | select(.mode == "open" and .rate == 5000)
      | "| \(.label): p99 ≤ 2 ms, nothing dropped, no errors | p99 \(.p99_ms) ms, dropped \(.dropped), errors \(.errors) | \(mark(.p99_ms <= 2 and .dropped == 0 and .errors == 0)) |"),
    ( ($p | map(select(.scenario == "report" and .mode == "closed")) | map(.throughput) | min // 0) as $q
      | ($stores.pgbench_insert_tps // 0) as $tps
      | "| ReportViolation ≥ 0.25 of pgbench single-INSERT TPS | \($q | floor) / \($tps) = \(ratio($q; $tps)) | \(mark($tps > 0 and $q >= 0.25 * $tps)) |"),
    ( $p[] | select(.scenario == "report" and .mode == "open")
      | "| \(.label): p99 ≤ 8 ms, no errors | p99 \(.p99_ms) ms, errors \(.errors), dropped \(.dropped) | \(mark(.p99_ms <= 8 and .errors == 0 and .dropped == 0)) |"),
    ( ($p | map(.server_rss_mib) | max) as $rss
      | "| each service RSS ≤ 300 MB under load | max \($rss) MiB | \(mark($rss <= 300)) |"),
    ( ($p | map(.errors) | add) as $e | "| no errors | \($e) errors in all phases | \(mark($e == 0)) |")
' "${RESULTS}"
