#!/usr/bin/env bash
# Renders each sample as its own `vanban render` process (release build, process start
# included) and prints the median time per document; where the `typst` CLI is installed,
# also the median of `typst compile` on the same document's Typst project.
#   bash bench/render.sh [RUNS]      (default 21 runs per document)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
cargo build --release --quiet
bin=target/release/vanban
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

median_ms() { # command... → median wall time in ms over $runs runs
  local t=()
  for _ in $(seq "$runs"); do
    local s=$(date +%s%N); "$@" >/dev/null 2>&1; local e=$(date +%s%N)
    t+=($(( (e - s) / 1000 )))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

has_typst=$(command -v typst >/dev/null && echo yes || echo no)
printf '%-32s %6s %14s %14s\n' document pages "vanban ms" "typst-cli ms"
for f in samples/*.json; do
  name=$(basename "$f" .json)
  out="$tmp/$name.pdf"
  $bin render "$f" -o "$out" 2>/dev/null
  pages=$(pdfinfo "$out" 2>/dev/null | awk '/^Pages:/ {print $2}')
  v=$(median_ms $bin render "$f" -o "$out")
  t="-"
  if [ "$has_typst" = yes ]; then
    $bin typst-project "$f" "$tmp/$name"
    t=$(median_ms typst compile --font-path fonts --ignore-system-fonts "$tmp/$name/nd30.typ" "$tmp/$name/t.pdf")
  fi
  printf '%-32s %6s %14s %14s\n' "$name" "${pages:-?}" "$v" "$t"
done
[ "$has_typst" = yes ] || echo "(typst CLI not installed: install it with 'cargo install typst-cli' to compare)"
