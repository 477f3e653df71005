#!/usr/bin/env bash
# Lint benchmark (make bench-lint): `shuyuan lint` (YAML, JSON Schema and every rule)
# against ajv-cli validating the same dataset files as YAML against the dataset
# schema, side by side in one run. Goal: shuyuan <= 0.5x ajv.
#   LINT_BENCH_N     datasets to generate (default 10000)
#   LINT_BENCH_RUNS  timed runs of each tool; the best is reported (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${LINT_BENCH_N:-10000}
runs=${LINT_BENCH_RUNS:-3}
out=bench/out/lint
ajv_dir=.cache/npm-ajv
ajv=$ajv_dir/node_modules/.bin/ajv
if [ ! -x "$ajv" ]; then
  echo "bench-lint: installing ajv-cli and ajv-formats into $ajv_dir"
  mkdir -p "$ajv_dir"
  npm install --prefix "$ajv_dir" --no-save --no-audit --no-fund --loglevel=error ajv-cli@5.0.0 ajv-formats@3.0.1 >/dev/null
fi
go run ./generator/lint/internal/benchgen -out "$out/catalog" -n "$n"
cat "$out"/catalog/datasets/*/*.yaml >/dev/null # warm the page cache for both tools

# Each run is timed with bash's time builtin: wall, user and system seconds. The
# machine may be shared, so CPU seconds (user + system) are printed too.
TIMEFORMAT='%R %U %S'
best_shuyuan=999999 best_ajv=999999 cpu_shuyuan=0 cpu_ajv=0
for i in $(seq "$runs"); do
  read -r sw su ss < <({ time bin/shuyuan lint --catalog "$out/catalog" --now 2026-11-01 >"$out/shuyuan.out" 2>"$out/shuyuan.err"; } 2>&1) ||
    { echo "bench-lint: shuyuan lint failed on the generated catalog:"; head "$out/shuyuan.out" "$out/shuyuan.err"; exit 1; }
  [ -s "$out/shuyuan.out" ] && { echo "bench-lint: the generated catalog has findings:"; head "$out/shuyuan.out"; exit 1; }
  read -r aw au as < <({ time "$ajv" validate --spec=draft2020 --strict=false -c ajv-formats -c ./bench/lint/ajv-formats.js -s schemas/dataset.schema.json \
    -d "$out/catalog/datasets/**/*.yaml" >"$out/ajv.out" 2>&1; } 2>&1)
  if grep -qv ' valid$' "$out/ajv.out"; then echo "bench-lint: ajv found invalid files:"; grep -v ' valid$' "$out/ajv.out" | head; exit 1; fi
  printf 'run %d: shuyuan %.2f s wall (%.2f s CPU), ajv %.2f s wall (%.2f s CPU)\n' "$i" "$sw" "$(awk "BEGIN{print $su + $ss}")" "$aw" "$(awk "BEGIN{print $au + $as}")"
  if awk "BEGIN{exit !($sw < $best_shuyuan)}"; then best_shuyuan=$sw cpu_shuyuan=$(awk "BEGIN{print $su + $ss}"); fi
  if awk "BEGIN{exit !($aw < $best_ajv)}"; then best_ajv=$aw cpu_ajv=$(awk "BEGIN{print $au + $as}"); fi
done
valid=$(grep -c ' valid$' "$out/ajv.out")
echo "$(tail -1 "$out/shuyuan.err")"
printf 'lint of %d datasets, best of %d: shuyuan lint %.2f s (schema + all rules, %.2f s CPU), ajv-cli %.2f s (schema only, %d files valid, %.2f s CPU)\n' \
  "$n" "$runs" "$best_shuyuan" "$cpu_shuyuan" "$best_ajv" "$valid" "$cpu_ajv"
printf 'ratio shuyuan/ajv: %.2f wall, %.2f CPU (goal <= 0.50 wall)\n' "$(awk "BEGIN{print $best_shuyuan / $best_ajv}")" "$(awk "BEGIN{print $cpu_shuyuan / $cpu_ajv}")"
