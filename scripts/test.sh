#!/usr/bin/env bash
# The test command: installs what the HTML tests use when it is missing (headless Chromium to
# print the report to PDF, tidy to validate it), then runs `cargo test` with any arguments given.
# Without the tools those tests say why they are skipped; they never pass silently.
#
#   bash scripts/test.sh [CARGO TEST ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1 || missing+=(chromium)
command -v tidy >/dev/null 2>&1 || missing+=(tidy)

if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        sudo=()
        if [ "$(id -u)" != 0 ]; then
            # -n: never stop to ask for a password (CI has no one to type it).
            if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
                sudo=(sudo -n)
            else
                echo "warning: not root and no password-less sudo: cannot install ${missing[*]}; those tests will be skipped" >&2
            fi
        fi
        if [ "$(id -u)" = 0 ] || [ ${#sudo[@]} -gt 0 ]; then
            echo "installing ${missing[*]} (for the HTML export tests)" >&2
            if ! { "${sudo[@]}" apt-get update -q \
                && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; } >&2; then
                echo "warning: could not install ${missing[*]}; those tests will be skipped" >&2
            fi
        fi
    else
        echo "warning: no apt-get: install ${missing[*]} yourself, or those tests will be skipped" >&2
    fi
fi

exec cargo test "$@"
