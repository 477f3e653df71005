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

now() { date +%s.%N; }
best_shuyuan=999999 best_ajv=999999
for i in $(seq "$runs"); do
  t0=$(now)
  bin/shuyuan lint --catalog "$out/catalog" --now 2026-11-01 >"$out/shuyuan.out" 2>"$out/shuyuan.err" ||
    { echo "bench-lint: shuyuan lint failed on the generated catalog:"; head "$out/shuyuan.out" "$out/shuyuan.err"; exit 1; }
  t1=$(now)
  "$ajv" validate --spec=draft2020 --strict=false -c ajv-formats -s schemas/dataset.schema.json \
    -d "$out/catalog/datasets/**/*.yaml" >"$out/ajv.out" 2>&1 ||
    { echo "bench-lint: ajv found invalid files:"; grep -v ' valid$' "$out/ajv.out" | head; exit 1; }
  t2=$(now)
  s=$(awk "BEGIN{print $t1 - $t0}") a=$(awk "BEGIN{print $t2 - $t1}")
  printf 'run %d: shuyuan %.2f s, ajv %.2f s\n' "$i" "$s" "$a"
  best_shuyuan=$(awk "BEGIN{print ($s < $best_shuyuan) ? $s : $best_shuyuan}")
  best_ajv=$(awk "BEGIN{print ($a < $best_ajv) ? $a : $best_ajv}")
done
valid=$(grep -c ' valid$' "$out/ajv.out")
printf 'lint of %d datasets (%s): shuyuan lint %.2f s (schema + all rules), ajv-cli %.2f s (schema only, %d files valid), ratio %.2f (goal <= 0.50)\n' \
  "$n" "$(tail -1 "$out/shuyuan.err")" "$best_shuyuan" "$best_ajv" "$valid" "$(awk "BEGIN{print $best_shuyuan / $best_ajv}")"
