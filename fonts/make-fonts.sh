#!/usr/bin/env bash
# Regenerates fonts/VanbanSerif-*.ttf from Liberation Serif 2.1.5 (Debian's fonts-liberation2)
# with fonts/dehint.py: hinting removed, family renamed (see FONTLOG.txt). The output is the
# same bytes on every run.
#   bash fonts/make-fonts.sh [DIR-WITH-LiberationSerif-*.ttf]
set -euo pipefail
cd "$(dirname "$0")"
src=${1:-/usr/share/fonts/truetype/liberation2}
venv=$(mktemp -d); trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet fonttools==4.68.0
for style in Regular Bold Italic BoldItalic; do
  "$venv/bin/python" dehint.py "$src/LiberationSerif-$style.ttf" "VanbanSerif-$style.ttf"
done
sha256sum VanbanSerif-*.ttf
