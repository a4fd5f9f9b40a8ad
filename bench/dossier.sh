#!/usr/bin/env bash
# Dossier benchmark (#14): a generated unit of 300 individuals and 30 collectives (within every
# shipped rule) through `vanban ho-so`: the Tờ trình, 330 reports as PDF and DOCX, the combined
# PDF and danh-muc.csv; three runs, each timed with its peak memory (GNU time). Target: < 5 s.
# Then the council's side over three such units.
#   bash bench/dossier.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example gen-ho-so
bin=target/release/vanban
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
target/release/examples/gen-ho-so big 300 30 "$tmp/big.json"

timed() { # label args... → seconds and peak MB
  local label=$1; shift
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$tmp/mem" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
  end=$(date +%s%N)
  printf '%-58s %6.2f s %6.0f MB peak\n' "$label" "$(awk -v s="$start" -v e="$end" 'BEGIN {print (e - s) / 1e9}')" "$(awk '{print $1 / 1024}' "$tmp/mem")"
}

echo "machine: $(nproc) cores"
for k in 1 2 3; do
  timed "ho-so 300 individuals + 30 collectives, pdf+docx, run $k" $bin ho-so "$tmp/big.json" --out-dir "$tmp/out$k"
done
pages=$(pdfinfo "$tmp/out1/ho-so.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}' || true)
echo "documents: $(($(wc -l < "$tmp/out1/danh-muc.csv") - 1)); combined PDF: ${pages:-?} pages, $(du -h "$tmp/out1/ho-so.pdf" | cut -f1)"
timed "ho-so --check (rules only)" $bin ho-so "$tmp/big.json" --check
cp "$tmp/big.json" "$tmp/b.json"; cp "$tmp/big.json" "$tmp/c.json"
timed "tong-hop over 3 such units (990 nominees; duplicates flagged)" bash -c "$bin ho-so tong-hop $tmp/big.json $tmp/b.json $tmp/c.json --allow-violations --out-dir $tmp/qd || true"
