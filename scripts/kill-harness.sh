#!/usr/bin/env bash
# Builds the release binary and runs examples/kill_harness.rs against it: the real `trustwork`
# SIGKILLed at random moments of its writes, then the store checked (see the example's header).
# Usage: scripts/kill-harness.sh [--kills N] [--seed S] [--keep DIR]; exits 1 on any loss.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
# The harness itself only waits and checks: a debug build of it is enough.
cargo run --quiet --example kill_harness -- --bin target/release/trustwork "$@"
