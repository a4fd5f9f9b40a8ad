#!/usr/bin/env bash
# Quarterly-report benchmark (#16): 1,000 schools. `bulk --format xlsx` makes the forms; the
# generator fills them as schools would (30 not returned, 20 with a wrong value); then
# `tong-hop` reads the 970 returned workbooks and writes the summary report (PDF + DOCX, the
# per-unit appendix ≈ 50 landscape pages). Three runs each, timed with peak memory (GNU time).
# Target: reading 1,000 returned workbooks and producing the report under 10 s.
#   bash bench/quarter.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example gen-tra-ve
bin=target/release/vanban
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
target/release/examples/gen-tra-ve "$tmp/truong.csv" 1000

timed() { # label args... → seconds and peak MB
  local label=$1; shift
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$tmp/mem" "$@" >/dev/null 2>"$tmp/err" || true
  end=$(date +%s%N)
  printf '%-62s %6.2f s %6.0f MB peak\n' "$label" "$(awk -v s="$start" -v e="$end" 'BEGIN {print (e - s) / 1e9}')" "$(awk 'END {print $1 / 1024}' "$tmp/mem")"
}

echo "machine: $(nproc) cores"
timed "bulk --format xlsx, 1,000 fillable forms" $bin bulk phieu-bao-cao-quy --rows "$tmp/truong.csv" --format xlsx --out-dir "$tmp/phieu"
target/release/examples/gen-tra-ve fill "$tmp/phieu" "$tmp/tra-ve"
for k in 1 2 3; do
  timed "tong-hop: 970 returned workbooks → report pdf+docx, run $k" $bin tong-hop bao-cao-tong-hop-quy --from "$tmp/tra-ve" --schools "$tmp/truong.csv" -o "$tmp/bc$k.pdf" -o "$tmp/bc$k.docx"
done
tail -1 "$tmp/err"
echo "report: $(pdfinfo "$tmp/bc1.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}') pages; problems listed: $(($(wc -l < "$tmp/bc1.loi.csv") - 1)); not returned: $(($(wc -l < "$tmp/bc1.chua-nop.csv") - 1))"
timed "tong-hop, PDF only" $bin tong-hop bao-cao-tong-hop-quy --from "$tmp/tra-ve" --schools "$tmp/truong.csv" -o "$tmp/p.pdf"
