#!/usr/bin/env bash
# bench/site/run.sh — `make bench-site`: shuyuan build vs Hugo on the same generated
# catalog, side by side, both writing to tmpfs. Prints wall time, CPU time and peak RSS
# (GNU time -v) of each, the ratios, and shuyuan's 100,000-dataset time against its
# 10,000-dataset time (each the best of RUNS, so the ratio compares like with like).
# shuyuan runs with --no-extract: Hugo makes no Parquet files, and
# the extractor has its own benchmark (bench-extract); lint, pages, feeds, harvest
# catalogs and the search index are all included.
#
#   N=10000 BIG=100000 RUNS=3 bench/site/run.sh
set -euo pipefail
N=${N:-10000}
BIG=${BIG:-100000}
RUNS=${RUNS:-3}
SHUYUAN=${SHUYUAN:-bin/shuyuan}
WORK=${WORK:-/dev/shm/shuyuan-bench-site}
TIME=/usr/bin/time

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hugo || [ ! -x "$TIME" ]; then
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  echo "bench-site: installing Debian's hugo and time"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends hugo time >/dev/null
fi
mkdir -p "$WORK"

# measure NAME DIR CMD… runs CMD in DIR under GNU time; prints "wall user sys rss_kib".
measure() {
  local dir=$1; shift
  local log; log=$(mktemp)
  (cd "$dir" && "$TIME" -v "$@" >/dev/null 2>"$log") || { cat "$log" >&2; exit 1; }
  local wall user sys rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  user=$(awk -F': ' '/User time/ {print $2}' "$log")
  sys=$(awk -F': ' '/System time/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$log")
  rm -f "$log"
  echo "$wall $user $sys $rss"
}

best() { # best of RUNS by wall time
  local bestline="" b=""
  for _ in $(seq "$RUNS"); do
    local l; l=$(measure "$@")
    local w=${l%% *}
    if [ -z "$b" ] || awk -v a="$w" -v b="$b" 'BEGIN{exit !(a<b)}'; then b=$w; bestline=$l; fi
  done
  echo "$bestline"
}

calc() { awk "BEGIN { print $1 }"; }

ROOT=$(pwd)
echo "bench-site: generating $N datasets into $WORK/n$N"
go run ./bench/site/gen -n "$N" -out "$WORK/n$N"
rm -rf "$WORK/site-shuyuan" "$WORK/site-hugo"
s=$(best "$ROOT" "$ROOT/$SHUYUAN" build --no-extract --catalog "$WORK/n$N/catalog" --out "$WORK/site-shuyuan")
h=$(best "$WORK/n$N/hugo" hugo --quiet -d "$WORK/site-hugo")
sp=$(find "$WORK/site-shuyuan/" -name '*.html' | wc -l)
hp=$(find "$WORK/site-hugo" -name '*.html' | wc -l)
read -r sw su ss sr <<<"$s"
read -r hw hu hs hr <<<"$h"
echo
echo "                 wall s   cpu s  peak RSS MiB  HTML pages"
printf "shuyuan %6d  %8.2f %7.2f %13.1f %11d\n" "$N" "$sw" "$(calc "$su + $ss")" "$(calc "$sr/1024")" "$sp"
printf "hugo    %6d  %8.2f %7.2f %13.1f %11d\n" "$N" "$hw" "$(calc "$hu + $hs")" "$(calc "$hr/1024")" "$hp"
printf "ratio shuyuan/hugo: wall %.2fx (goal <= 0.5x), cpu %.2fx, peak memory %.2fx (goal <= 0.25x)\n" \
  "$(calc "$sw / $hw")" "$(calc "($su + $ss) / ($hu + $hs)")" "$(calc "$sr / $hr")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

if [ "$BIG" -gt 0 ]; then
  echo
  echo "bench-site: generating $BIG datasets into $WORK/n$BIG"
  go run ./bench/site/gen -n "$BIG" -out "$WORK/n$BIG"
  rm -rf "$WORK/site-shuyuan-big"
  b=$(best "$ROOT" "$ROOT/$SHUYUAN" build --no-extract --catalog "$WORK/n$BIG/catalog" --out "$WORK/site-shuyuan-big")
  read -r bw bu bs br <<<"$b"
  printf "shuyuan %6d  wall %.2f s, cpu %.2f s, peak RSS %.1f MiB: %.2fx the %d-dataset wall time (goal <= 11x)\n" \
    "$BIG" "$bw" "$(calc "$bu + $bs")" "$(calc "$br/1024")" "$(calc "$bw / $sw")" "$N"
  rm -rf "$WORK/n$BIG" "$WORK/site-shuyuan-big"
fi
rm -rf "$WORK"
