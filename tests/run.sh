#!/usr/bin/env bash
# The test command (README, "The two commands"): installs what the tests need, then runs them.
# On a fresh Debian machine with nothing but Rust:
#   poppler-utils            pdftotext/pdfinfo/pdffonts: the tests read the PDFs
#   qpdf                     its JSON shows the outline (bookmarks) of the dossier's combined PDF
#   libreoffice-writer-nogui soffice: the DOCX is rendered by LibreOffice and compared
#   libreoffice-calc-nogui   soffice opens the register's exported XLSX and CSV
#   fonts-liberation2        the Times New Roman metric-compatible serif LibreOffice
#                            substitutes for Times New Roman (as in a real office without it),
#                            and the original the bundled Vanban Serif is compared with
#   chromium chromium-driver a real browser for the web editor's tests (tests/testsuite/browser.rs),
#                            driven through WebDriver
#   postgresql               a real PostgreSQL server for the shared register's tests: a
#                            private cluster under /tmp on a free local port, started here
#                            and stopped when the tests end (VANBAN_TEST_POSTGRES names it)
#   openxml-audit (PyPI)     the independent OOXML validator every DOCX is checked with,
#                            in a virtual environment under target/ (python3-venv if needed)
#   pikepdf (PyPI)           an independent PDF reader for the signature field and PDF/A
#                            checks (tests/testsuite/pdfsign.rs), in the same environment
#   openpyxl (PyPI)          spreadsheets made as offices make them (tests/sheets/office.py)
#   python-docx (PyPI)       Word documents made as offices make them (tests/import/office.py)
#   axe-core (npm)           the accessibility checker tests/testsuite/browser.rs injects into every
#                            tab of the web editor, under target/test-tools/axe (npm if needed)
# Packages already installed are not installed again; apt-get needs root (as in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

need=()
for pkg in poppler-utils qpdf libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2 postgresql chromium chromium-driver; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
command -v python3 >/dev/null 2>&1 || need+=(python3)
updated=
apt_install() {
  if [ -z "$updated" ]; then apt-get update -qq; updated=1; fi
  apt-get install -y -qq --no-install-recommends "$@"
}
if [ ${#need[@]} -gt 0 ]; then
  apt_install "${need[@]}"
fi

venv=target/test-tools/venv
if [ ! -x "$venv/bin/openxml-audit" ]; then
  rm -rf "$venv"
  mkdir -p target/test-tools
  if ! python3 -m venv "$venv" 2>/dev/null; then
    apt_install python3-venv
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check "openxml-audit==0.8.0"
fi
export VANBAN_OPENXML_AUDIT="$PWD/$venv/bin/openxml-audit"
# pikepdf (qpdf's Python binding): tests/testsuite/pdfsign.rs reads the signature field and the PDF/A
# metadata with it, an independent PDF reader.
"$venv/bin/python" -c 'import pikepdf' 2>/dev/null || "$venv/bin/pip" install --quiet --disable-pip-version-check "pikepdf==10.17.0"
# openpyxl: tests/sheets/office.py writes spreadsheets as an office makes them in Excel
# (title rows, percent cells, hidden rows, formulas saved without their value) for
# tests/testsuite/sheets.rs and the quarterly round trip.
"$venv/bin/python" -c 'import openpyxl' 2>/dev/null || "$venv/bin/pip" install --quiet --disable-pip-version-check "openpyxl==3.1.5"
# python-docx: tests/import/office.py writes Word documents as offices make them (letterhead
# in a table or text boxes, automatic numbering, merged cells, split placeholders) for
# tests/testsuite/import.rs.
"$venv/bin/python" -c 'import docx' 2>/dev/null || "$venv/bin/pip" install --quiet --disable-pip-version-check "python-docx==1.1.2"
export VANBAN_PYTHON="$PWD/$venv/bin/python"
# axe-core (npm): tests/testsuite/browser.rs injects it into every tab of the web editor.
axe=target/test-tools/axe
if [ ! -f "$axe/node_modules/axe-core/axe.min.js" ]; then
  command -v npm >/dev/null || apt_install npm
  npm install --prefix "$axe" --no-audit --no-fund --silent "axe-core@4.14.1"
fi
export VANBAN_AXE="$PWD/$axe/node_modules/axe-core/axe.min.js"

# PostgreSQL: a private cluster of our own (never the system's), trust authentication on
# 127.0.0.1 only, on a free port; run as the `postgres` user when we are root (the server
# refuses to run as root).
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || { echo "tests/run.sh: PostgreSQL's initdb not found under /usr/lib/postgresql" >&2; exit 1; }
pgdir=$(mktemp -d /tmp/vanban-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
pgport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres >/dev/null
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=60" -l "$pgdir/log" -w start >/dev/null
stop_pg() { as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
trap stop_pg EXIT
export VANBAN_TEST_POSTGRES="postgres://postgres@127.0.0.1:$pgport/postgres"

# The house rules (rustfmt.toml, Cargo.toml's [lints]): formatting and lints fail the run.
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings

cargo test --locked "$@"
