#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ for a bounded time, one after another, and prints executions
# and findings per target. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Installs cargo-fuzz (and the nightly toolchain) when missing. Exits 1 when anything was found;
# the inputs are then in fuzz/artifacts/TARGET/ (`cargo +nightly fuzz tmin TARGET FILE` shrinks one).
set -uo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
shift || true
all=(content_guide content_json content_pack store_decode import_native import_jrnl paste)
targets=("${@:-${all[@]}}")

# cargo-fuzz builds with -Z flags: nightly when there is one, else stable told to allow them.
if cargo +nightly --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
elif rustup toolchain install nightly --profile minimal >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz"
  cargo install cargo-fuzz --locked || exit 2
fi

# No AddressSanitizer: the code is safe Rust, so the findings are panics, hangs and memory
# blow-ups, which libFuzzer catches itself; without ASan it runs about twice as fast.
flags=(--sanitizer none)
echo "==> building the fuzz targets"
"${fuzz[@]}" build "${flags[@]}" || exit 2

logs=$(mktemp -d)
found_any=0
rows=()
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  before=$(find "fuzz/artifacts/$t" -type f | wc -l)
  echo "==> $t for $secs s"
  start=$SECONDS
  # New inputs go to fuzz/corpus/T (not committed); fuzz/seeds/T is read only.
  "${fuzz[@]}" run "${flags[@]}" "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 >"$logs/$t.log" 2>&1
  rc=$?
  took=$((SECONDS - start))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  after=$(find "fuzz/artifacts/$t" -type f | wc -l)
  new=$((after - before))
  if [ "$rc" -ne 0 ] && [ "$new" -eq 0 ]; then
    new="?"  # stopped without leaving an input: see the log
  fi
  [ "$new" != 0 ] && found_any=1
  rows+=("$(printf '%-14s %6s s %12s execs %9s exec/s  findings %s' "$t" "$took" "${execs:-?}" \
    "$(( ${execs:-0} / (took > 0 ? took : 1) ))" "$new")")
  if [ "$new" != 0 ]; then
    grep -E 'panicked|ERROR: libFuzzer|SUMMARY' "$logs/$t.log" | head -5
    tail -n 3 "$logs/$t.log"
  fi
done

echo "==> summary ($(date -u +%Y-%m-%dT%H:%MZ), $secs s per target; logs in $logs)"
printf '%s\n' "${rows[@]}"
exit "$found_any"
