#!/usr/bin/env bash
# `vanban check` on a document made elsewhere (#29): a 10-page Kế hoạch (a sample's body
# repeated), as vanban writes it (PDF by Typst, DOCX) and as LibreOffice prints the DOCX to
# PDF; each checked RUNS times as its own process (release build, process start included):
# the median wall time, and the peak memory (max RSS) from /usr/bin/time -v.
#   bash bench/check.sh [RUNS]      (default 11)
#   VANBAN_BIN=target/debug/vanban bash bench/check.sh   (the binary to measure; default
#   target/release/vanban, built beforehand with `cargo build --release`)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
bin=$(realpath "${VANBAN_BIN:-target/release/vanban}")
[ -x "$bin" ] || { echo "no binary at $bin: cargo build --release, or VANBAN_BIN=…" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The 10-page document: the Kế hoạch of samples/ with its body four times over.
python3 - "$tmp/muoi-trang.json" <<'PY'
import json, sys
d = json.load(open("samples/ke-hoach-so-gddt-quang-ngai.json", encoding="utf-8"))
body = d["noi_dung"]
d["noi_dung"] = body * 2
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
$bin render "$tmp/muoi-trang.json" -o "$tmp/muoi-trang.pdf" -o "$tmp/muoi-trang.docx" >/dev/null 2>&1
mkdir -p "$tmp/lo"
soffice -env:UserInstallation=file://$tmp/lo-profile --headless --convert-to pdf --outdir "$tmp/lo" "$tmp/muoi-trang.docx" >/dev/null 2>&1
cp "$tmp/lo/muoi-trang.pdf" "$tmp/muoi-trang-libreoffice.pdf"

median_ms() { # command... → median wall time in ms over $runs runs
  local t=()
  for _ in $(seq "$runs"); do
    local s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; local e=$(date +%s%N)
    t+=($(( (e - s) / 1000 )))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
peak_mb() { # command... → max RSS in MB
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {printf "%.1f", $2/1024}'
}

printf '%-34s %6s %10s %10s %s\n' file pages "median ms" "peak MB" findings
for f in muoi-trang.pdf muoi-trang.docx muoi-trang-libreoffice.pdf; do
  path="$tmp/$f"
  pages=$(case $f in *.pdf) pdfinfo "$path" 2>/dev/null | awk '/^Pages:/ {print $2}';; *) pdfinfo "$tmp/lo/muoi-trang.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}';; esac)
  found=$($bin check "$path" 2>&1 | tail -1)
  printf '%-34s %6s %10s %10s %s\n' "$f" "$pages" "$(median_ms $bin check "$path")" "$(peak_mb $bin check "$path")" "$found"
done
