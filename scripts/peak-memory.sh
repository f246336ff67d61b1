#!/usr/bin/env bash
# Peak memory (maximum resident set size) and wall time of the trustwork command line on the
# 10-year workload (WORKLOAD.md). Builds release, builds the workload once into WORK (default
# $TMPDIR/trustwork-peak-memory), then runs each operation once under /usr/bin/time -v.
#
#   scripts/peak-memory.sh [WORK]
set -euo pipefail

cd "$(dirname "$0")/.."
WORK=${1:-${TMPDIR:-/tmp}/trustwork-peak-memory}

if [ ! -x /usr/bin/time ]; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "installing /usr/bin/time (apt package 'time')" >&2
        apt-get install -y time >/dev/null
    else
        echo "needs /usr/bin/time: apt-get install time" >&2
        exit 1
    fi
fi

cargo build --release --bin trustwork --example workload
BIN=$PWD/target/release/trustwork

if [ ! -f "$WORK/workload.txt" ] || [ ! -f "$WORK/data/partners.json" ] || [ ! -f "$WORK/jrnl.json" ]; then
    target/release/examples/workload --out "$WORK"
fi
# The workload's "now" (the morning after its last day), so "today" is the end of the ten years.
TRUSTWORK_NOW=$(sed -n 's/^now=//p' "$WORK/workload.txt")
export TRUSTWORK_NOW
unset TRUSTWORK_DATA_DIR TRUSTWORK_CONTENT_DIR

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/trustwork-peak-XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

# measure LABEL COMMAND... : runs COMMAND once, stdout to /dev/null, prints peak RSS and time.
measure() {
    local label=$1
    shift
    local report=$SCRATCH/time.txt
    if ! /usr/bin/time -v -o "$report" "$@" >/dev/null 2>"$SCRATCH/stderr.txt"; then
        printf '%-28s FAILED: %s\n' "$label" "$(head -c 300 "$SCRATCH/stderr.txt")"
        return 0
    fi
    local kib wall
    kib=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$report")
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): *//p' "$report")
    printf '%-28s peak RSS %7.1f MiB   wall %s\n' "$label" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')" "$wall"
}

echo "workload: $WORK ($(du -sh "$WORK/data" | cut -f1) of data), TRUSTWORK_NOW=$TRUSTWORK_NOW"
measure "journal list" "$BIN" --data-dir "$WORK/data" journal list
measure "export --format md" "$BIN" --data-dir "$WORK/data" export --format md
measure "export --format json" "$BIN" --data-dir "$WORK/data" export --format json
measure "export --format txt" "$BIN" --data-dir "$WORK/data" export --format txt
measure "export --format html" "$BIN" --data-dir "$WORK/data" export --format html
measure "export --summary (html)" "$BIN" --data-dir "$WORK/data" export --summary --format html
cp -a "$WORK/data" "$SCRATCH/add"
measure "journal add" "$BIN" --data-dir "$SCRATCH/add" journal add --partner Alex \
    "We talked for an hour after dinner and it felt different this time."
measure "import jrnl.json (fresh)" "$BIN" --data-dir "$SCRATCH/import" import "$WORK/jrnl.json" --partner Alex
