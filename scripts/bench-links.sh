#!/usr/bin/env bash
# Times `healthlint links` against a local server that waits LATENCY_MS before every answer.
# Usage: scripts/bench-links.sh [UNIQUE] [LATENCY_MS] [CONCURRENCY]
#   UNIQUE       distinct URLs in the corpus (default 5000; 1 in 50 is a 404, 1 in 50 a redirect),
#                ten per article, plus two URLs per article that other articles also cite
#   LATENCY_MS   added to every answer (default 50)
#   CONCURRENCY  --max-concurrency and --host-concurrency (default 128)
# Reports wall time against the latency bound (UNIQUE x LATENCY / CONCURRENCY), CPU time and
# peak memory, for three runs. Needs GNU time (/usr/bin/time).
set -euo pipefail
unique=${1:-5000}
latency=${2:-50}
concurrency=${3:-128}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin healthlint --example link_bench
dir=$(mktemp -d)
times=$(mktemp)
server_out=$(mktemp)
./target/release/examples/link_bench serve "$latency" >"$server_out" &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; rm -rf "$dir" "$times" "$server_out"; }
trap cleanup EXIT
for _ in $(seq 50); do [ -s "$server_out" ] && break; sleep 0.1; done
port=$(head -n1 "$server_out")
./target/release/examples/link_bench corpus "$dir" "$port" "$unique"
bound=$(echo "$unique * $latency / 1000 / $concurrency" | bc -l)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
printf "%d unique URLs, %d articles, %d ms latency, concurrency %d: latency bound %.2f s\n" \
  "$unique" "$(ls "$dir" | wc -l)" "$latency" "$concurrency" "$bound"
for run in 1 2 3; do
  /usr/bin/time -q -f "%e %U %S %M" ./target/release/healthlint --no-config --today 2025-06-01 \
    links --no-cache --allow-host "127.0.0.1:$port" \
    --max-concurrency "$concurrency" --host-concurrency "$concurrency" --quiet "$dir" \
    >/dev/null 2>"$times" && status=0 || status=$?
  # The corpus has 404s and redirects, so findings (exit 1) are expected; anything else is not.
  if [ "$status" -gt 1 ]; then
    echo "run $run: healthlint failed (exit $status):" >&2
    cat "$times" >&2
    exit 1
  fi
  read -r wall user sys kib < <(tail -n1 "$times")
  printf "run %d: wall %.2f s (%.2fx the bound), CPU %.2f s (user %.2f + sys %.2f), peak %.1f MiB\n" \
    "$run" "$wall" "$(echo "$wall / $bound" | bc -l)" "$(echo "$user + $sys" | bc -l)" \
    "$user" "$sys" "$(echo "$kib / 1024" | bc -l)"
done
