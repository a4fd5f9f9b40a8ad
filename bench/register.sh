#!/usr/bin/env bash
# Register benchmark (#15): numbers issued per second by one process and by 8 concurrent
# processes, on the SQLite file and on PostgreSQL (a private server started here, as
# tests/run.sh does). Each number is a whole `register issue` of a document (read, checked,
# numbered; no rendering), 100 documents per process.
#   bash bench/register.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/vanban
tmp=$(mktemp -d)
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$tmp"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$pgbin/initdb" -D "$tmp/pg" -A trust -U postgres >/dev/null
as_pg "$pgbin/pg_ctl" -D "$tmp/pg" -o "-p $port -k $tmp -c listen_addresses=127.0.0.1" -l "$tmp/pg.log" -w start >/dev/null
trap 'as_pg "$pgbin/pg_ctl" -D "$tmp/pg" -m fast stop >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
pg="postgres://postgres@127.0.0.1:$port/postgres"

python3 - "$tmp" <<'PY'
import json, sys, os
base = json.load(open("samples/cong-van-so-gddt-quang-ngai.json"))
base.pop("so", None)
for p in range(8):
    os.makedirs(f"{sys.argv[1]}/docs/{p}", exist_ok=True)
    for i in range(100):
        d = dict(base); d["trich_yeu"] = f"V/v văn bản {p}-{i}"
        json.dump(d, open(f"{sys.argv[1]}/docs/{p}/{i}.json", "w"), ensure_ascii=False)
PY

rate() { # label register processes
  local label=$1 reg=$2 procs=$3 start end
  start=$(date +%s%N)
  for p in $(seq 0 $((procs - 1))); do
    "$bin" register --register "$reg" issue "$tmp"/docs/$p/*.json >/dev/null 2>&1 &
  done
  wait
  end=$(date +%s%N)
  awk -v n=$((procs * 100)) -v s="$start" -v e="$end" -v l="$label" 'BEGIN {printf "%-40s %5d numbers %6.2f s %7.0f numbers/s\n", l, n, (e - s) / 1e9, n / ((e - s) / 1e9)}'
}
echo "machine: $(nproc) cores"
rate "SQLite, 1 process" "$tmp/a.db" 1
rate "SQLite, 8 processes at once" "$tmp/b.db" 8
rate "PostgreSQL, 1 process" "$pg" 1
psql -q "$pg" -c "DROP TABLE vanban_entries; DROP TABLE vanban_meta;" >/dev/null
rate "PostgreSQL, 8 processes at once" "$pg" 8
