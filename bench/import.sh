#!/usr/bin/env bash
# Word in (#29): `vanban nhap` of a 10-page document (samples/ke-hoach-cao-dang-son-la.json
# rendered to DOCX by vanban, and the same DOCX re-saved by LibreOffice when installed):
# wall time (median of RUNS) and peak memory (/usr/bin/time -v) of one import.
#   bash bench/import.sh [RUNS]
# The binary: $VANBAN_BIN, else target/release/vanban (built if missing; `PROFILE=iter` for a
# quicker build).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
bin=${VANBAN_BIN:-}
if [ -z "$bin" ]; then
  profile=${PROFILE:-release}
  cargo build --profile "$profile" --quiet --bin vanban
  bin=target/$profile/vanban
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" render samples/ke-hoach-cao-dang-son-la.json -o "$tmp/doc.docx" -o "$tmp/doc.pdf" >/dev/null 2>&1
pages=$(pdfinfo "$tmp/doc.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
files=("$tmp/doc.docx")
if command -v soffice >/dev/null; then
  mkdir -p "$tmp/lo"
  soffice "-env:UserInstallation=file://$tmp/profile" --headless --convert-to docx --outdir "$tmp/lo" "$tmp/doc.docx" >/dev/null 2>&1 && files+=("$tmp/lo/doc.docx")
fi
echo "machine: $(nproc) cores; binary $bin; document: $pages pages"
for f in "${files[@]}"; do
  times=()
  for _ in $(seq "$runs"); do
    s=$(date +%s%N)
    "$bin" nhap "$f" -o "$tmp/out.json" 2>/dev/null
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000 )))
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  rss=$(/usr/bin/time -v "$bin" nhap "$f" -o "$tmp/out.json" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p')
  label=$([ "$f" = "$tmp/doc.docx" ] && echo "vanban's DOCX" || echo "LibreOffice's re-save")
  echo "$label ($(stat -c %s "$f") bytes): median $((median / 1000)).$(( (median % 1000) / 100 )) ms over $runs runs; peak memory $((rss / 1024)) MB"
done
