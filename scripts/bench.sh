#!/usr/bin/env bash
# Times `healthlint check` over a generated corpus and over one article, with peak memory.
# Usage: scripts/bench.sh [N] [BASE_REV]
#   N         articles in the corpus (default 5000)
#   BASE_REV  a git revision to compare against: it is built in a worktree and both binaries
#             are timed in the same run, alternately, so the ratio is fair on a noisy machine.
# Environment:
#   ROUNDS    runs of each binary, alternating (default 7); the median is reported
#   CORPUS    a directory of articles to check instead of a generated corpus (N is then unused)
#   COPIES    with CORPUS, check that many copies of its articles (CORPUS=fixtures/articles
#             COPIES=625: 5,000 whole articles of the kind the tool is for)
#   WITHOUT_ADVICE=1  also times this revision with the exercise-advice rules (HL302-HL304)
#             turned off in a configuration file, so it reads no article for exercise advice:
#             the cost of that analysis, measured within one build
# Needs GNU time (/usr/bin/time).
set -euo pipefail
n=${1:-5000}
base_rev=${2:-}
cd "$(dirname "$0")/.."
# Builds land in CARGO_TARGET_DIR when it is set, as cargo's own do; the base build goes
# into its `bench-base` subdirectory.
target=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --quiet --bin healthlint --example gen_corpus
dir=$(mktemp -d)
times=$(mktemp)
no_advice=$(mktemp --suffix=.yaml)
worktree=""
cleanup() {
  rm -rf "$dir" "$times" "$no_advice"
  if [ -n "$worktree" ]; then git worktree remove --force "$worktree" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
rounds=${ROUNDS:-7}
if [ -n "${CORPUS:-}" ] && [ -n "${COPIES:-}" ]; then
  for ((copy = 1; copy <= COPIES; copy++)); do
    mkdir "$dir/$copy"
    find "$CORPUS" -maxdepth 1 -type f \( -name '*.md' -o -name '*.txt' \) -exec cp -t "$dir/$copy" {} +
  done
  corpus=$dir
  n=$(find "$corpus" -type f | wc -l)
  one=$(find "$corpus/1" -type f | sort | awk 'NR == 1')
elif [ -n "${CORPUS:-}" ]; then
  corpus=$CORPUS
  n=$(find "$corpus" -type f \( -name '*.md' -o -name '*.txt' \) | wc -l)
  one=$(find "$corpus" -type f \( -name '*.md' -o -name '*.txt' \) | sort | awk 'NR == 1')
else
  corpus=$dir
  "$target/release/examples/gen_corpus" "$dir" "$n" >/dev/null
  one=$dir/article-00001.txt
fi

binaries=("$target/release/healthlint")
labels=("current")
# Arguments each binary gets before the command (--no-config so a stray .healthlint.yaml
# in a parent directory cannot change what is measured).
options=("--no-config")
if [ "${WITHOUT_ADVICE:-}" = 1 ]; then
  printf 'rules:\n  HL302: off\n  HL303: off\n  HL304: off\n' >"$no_advice"
  binaries+=("$target/release/healthlint")
  labels+=("no-advice")
  options+=("--config $no_advice")
fi
if [ -n "$base_rev" ]; then
  worktree=$(mktemp -d)/base
  git worktree add --detach "$worktree" "$base_rev" >/dev/null 2>&1
  CARGO_TARGET_DIR="$target/bench-base" cargo build --release --quiet --bin healthlint \
    --manifest-path "$worktree/Cargo.toml"
  binaries+=("$target/bench-base/release/healthlint")
  labels+=("$(git rev-parse --short "$base_rev")")
  options+=("--no-config")
fi

# Each round runs every binary once, so drift hits them alike. Median reported.
measure() {
  local what=$1; shift
  local -A results=()
  for ((round = 1; round <= rounds; round++)); do
    for i in "${!binaries[@]}"; do
      # Wall time from the shell's clock (to the microsecond); peak memory from GNU time.
      local start=$EPOCHREALTIME
      # shellcheck disable=SC2086 # the options are words without spaces
      /usr/bin/time -q -f "%M" "${binaries[$i]}" ${options[$i]} "$@" >/dev/null 2>"$times" || true
      local end=$EPOCHREALTIME
      results[$i]+="$(echo "$end - $start" | bc -l) $(tail -n1 "$times")"$'\n'
    done
  done
  local first=""
  for i in "${!binaries[@]}"; do
    local line
    line=$(printf '%s' "${results[$i]}" | sort -n | awk -v m=$(((rounds + 1) / 2)) 'NR==m')
    local secs=${line% *} kib=${line#* }
    printf "%-24s %-10s median %.3f s, peak %.1f MiB" "$what" "${labels[$i]}" "$secs" "$(echo "$kib/1024" | bc -l)"
    if [ -z "$first" ]; then first=$secs; echo; else printf ", current/this = %.2f\n" "$(echo "$first/$secs" | bc -l)"; fi
  done
}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
measure "check $n articles" check --quiet "$corpus"
measure "check 1 article" check --quiet "$one"
