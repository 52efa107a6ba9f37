#!/usr/bin/env bash
# Times `healthlint check` over a generated corpus and over one article, with peak memory.
# Usage: scripts/bench.sh [N]   (default 5000 articles). Needs GNU time (/usr/bin/time).
set -euo pipefail
n=${1:-5000}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin healthlint --example gen_corpus
dir=$(mktemp -d)
trap 'rm -rf "$dir" "${times:-}"' EXIT
./target/release/examples/gen_corpus "$dir" "$n" >/dev/null
one=article-00001.txt
times=$(mktemp)
run() {
  local label=$1; shift
  for i in 1 2 3 4 5; do
    /usr/bin/time -q -f "%e %M" "$@" >/dev/null 2>>"$times" || true
  done
  sort -n "$times" | awk -v label="$label" 'NR==3 { printf "%-28s median %.2f s, peak %.1f MiB\n", label, $1, $2/1024 }'
  : >"$times"
}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
run "check $n articles" ./target/release/healthlint check --quiet "$dir"
run "check 1 article" ./target/release/healthlint check --quiet "$dir/$one"
