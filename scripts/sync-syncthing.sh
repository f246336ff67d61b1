#!/usr/bin/env bash
# Two devices syncing one trustwork data folder through real Syncthing, end to end.
#
# Two Syncthing instances (A and B) run on loopback only (no discovery, relays, NAT traversal,
# local announcements, usage or crash reporting, upgrades), each with its own home, sharing one
# folder: the data folder DA of A and DB of B. Each side runs the real `trustwork` binary as its
# own device (its own TRUSTWORK_DEVICE_FILE). A adds the partners, entries and a check-in; B sees
# them and adds its own; then, with both devices paused, both edit the same entry E (B later)
# and each adds one more; after resuming, both sides must hold every entry exactly once, with
# B's text for E, `trustwork check` must pass on both, and after one more write on each side no
# `*sync-conflict*` file may be left anywhere.
#
#   bash scripts/sync-syncthing.sh
#
# TRUSTWORK_BIN: the binary to test (else `cargo build` builds target/debug/trustwork).
# SYNC_TEST_TIMEOUT: the seconds the test may take after the build (default 240); every wait
# stops at that deadline. Without syncthing (and no way to install it) it prints SKIPPED and
# exits 0. Exits 1 on any failure, printing the tail of both instances' logs.
set -euo pipefail
cd "$(dirname "$0")/.."

script_start=$SECONDS
say() { printf '%s\n' "$*"; }

# --- Syncthing, installed from Debian's package when missing. ---
if ! command -v syncthing >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
        say "SKIPPED: syncthing is not installed and there is no apt-get to install it"
        exit 0
    fi
    sudo=()
    if [ "$(id -u)" != 0 ]; then
        # -n: never stop to ask for a password (CI has no one to type it).
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            say "SKIPPED: syncthing is not installed, and this is neither root nor password-less sudo"
            exit 0
        fi
    fi
    say "installing syncthing (apt-get)" >&2
    if ! { timeout 150 "${sudo[@]}" apt-get update -q \
        && DEBIAN_FRONTEND=noninteractive timeout 150 "${sudo[@]}" \
            apt-get install -y -q --no-install-recommends syncthing; } >&2; then
        say "SKIPPED: syncthing could not be installed with apt-get"
        exit 0
    fi
    if ! command -v syncthing >/dev/null 2>&1; then
        say "SKIPPED: apt-get installed no syncthing command"
        exit 0
    fi
fi
for tool in curl python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        say "FAIL: $tool is needed (for Syncthing's REST API and its JSON)"
        exit 1
    fi
done

# --- The binary. ---
if [ -n "${TRUSTWORK_BIN:-}" ]; then
    BIN=$TRUSTWORK_BIN
else
    cargo build --quiet --bin trustwork
    BIN=$PWD/target/debug/trustwork
fi
[ -x "$BIN" ] || { say "FAIL: no binary at $BIN"; exit 1; }
say "syncthing: $(syncthing --version | head -n1)"
say "trustwork: $BIN"
say "setup (install, build): $((SECONDS - script_start)) s"

# --- Temp dirs, processes, and the trap that always stops and removes them. ---
deadline=$((SECONDS + ${SYNC_TEST_TIMEOUT:-240}))
tmp=$(mktemp -d "${TMPDIR:-/tmp}/trustwork-syncthing.XXXXXX")
declare -A PID=() GUI=() LISTEN=() ID=() DIR=()
FOLDER=trustwork-data
APIKEY="trustwork-test-$RANDOM$RANDOM$RANDOM"
failed=0

stop_all() {
    local s
    for s in a b; do
        if [ -n "${PID[$s]:-}" ] && kill -0 "${PID[$s]}" 2>/dev/null; then
            kill "${PID[$s]}" 2>/dev/null || true
        fi
    done
    for s in a b; do
        if [ -n "${PID[$s]:-}" ]; then
            # Up to 10 s for a clean exit, then SIGKILL.
            local i
            for i in $(seq 1 50); do
                kill -0 "${PID[$s]}" 2>/dev/null || break
                sleep 0.2
            done
            kill -9 "${PID[$s]}" 2>/dev/null || true
            wait "${PID[$s]}" 2>/dev/null || true
        fi
    done
}
on_exit() {
    local rc=$?
    trap - EXIT INT TERM
    if [ "$rc" != 0 ] || [ "$failed" != 0 ]; then
        local s
        for s in a b; do
            if [ -f "$tmp/st-$s/log" ]; then
                say "----- syncthing ${s^^} log (tail) -----"
                tail -n 40 "$tmp/st-$s/log" || true
            fi
        done
        if [ -d "$tmp" ]; then
            say "----- files in DA and DB -----"
            (cd "$tmp" && find Da Db -type f 2>/dev/null | sort) || true
        fi
    fi
    stop_all
    if [ -n "${KEEP_TMP:-}" ]; then
        say "kept $tmp"
    else
        rm -rf "$tmp"
    fi
    say "total: $((SECONDS - script_start)) s"
    if [ "$rc" = 0 ] && [ "$failed" != 0 ]; then rc=1; fi
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
    say "FAIL: $*"
    failed=1
    exit 1
}
pass() { say "PASS: $*"; }

step_name=""
step_start=$SECONDS
step() {
    end_step
    step_name=$1
    step_start=$SECONDS
    say "==> $step_name"
}
end_step() {
    if [ -n "$step_name" ]; then
        say "    ($step_name: $((SECONDS - step_start)) s)"
    fi
    step_name=""
}

# Seconds left before the deadline (at least 1, so a last try is made).
left() {
    local l=$((deadline - SECONDS))
    [ "$l" -ge 1 ] || l=1
    echo "$l"
}

# --- Syncthing's REST API. ---
api() {
    local side=$1 method=$2 path=$3
    shift 3
    curl -fsS --max-time 30 -X "$method" -H "X-API-Key: $APIKEY" \
        "http://127.0.0.1:${GUI[$side]}$path" "$@"
}

# Runs `cmd...` every half second until it succeeds, or fails with `what` after `secs` seconds
# (or at the deadline, whichever comes first).
wait_for() {
    local what=$1 secs=$2
    shift 2
    local until_=$((SECONDS + secs))
    [ "$until_" -le "$deadline" ] || until_=$deadline
    while true; do
        if "$@" >/dev/null 2>&1; then
            return 0
        fi
        if [ "$SECONDS" -ge "$until_" ]; then
            fail "timed out ($secs s or the deadline) waiting for $what"
        fi
        sleep 0.5
    done
}

# --- trustwork, as device A or B: its own home, temp folder and device file, a pinned clock. ---
TW_ENV=()
tw() {
    local side=$1 now=$2
    shift 2
    env -i PATH="$PATH" HOME="$tmp/home-$side" TMPDIR="$tmp/tmp-$side" LANG=C.UTF-8 \
        TRUSTWORK_DEVICE_FILE="$tmp/$side-device.json" TRUSTWORK_NOW="$now" "${TW_ENV[@]}" \
        "$BIN" --data-dir "${DIR[$side]}" "$@"
}
# A trustwork command on `side` that must succeed, then a rescan of the folder there (the scan
# call returns once it is done), so the change is announced now rather than at a watcher's whim.
twd() {
    local side=$1 out
    if ! out=$(tw "$@" 2>"$tmp/tw.err"); then
        say "trustwork ${*:3} on ${side^^} failed:"
        cat "$tmp/tw.err"
        fail "trustwork ${*:3} on ${side^^}"
    fi
    scan "$side"
    printf '%s' "$out"
}
scan() {
    api "$1" POST "/rest/db/scan?folder=$FOLDER" >/dev/null \
        || fail "rescan on ${1^^}"
}

# --- Setup: ports, homes, config. ---
step "two Syncthing instances on loopback"
read -r GUI[a] GUI[b] LISTEN[a] LISTEN[b] < <(python3 - <<'EOF'
import socket
socks = []
for _ in range(4):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
)
for s in a b; do
    DIR[$s]=$tmp/D$s
    mkdir -p "$tmp/st-$s" "$tmp/home-$s" "$tmp/tmp-$s" "${DIR[$s]}"
    # Syncthing's folder marker: a folder without it is refused (Syncthing's guard against
    # syncing an unmounted disk as "everything deleted").
    mkdir -p "${DIR[$s]}/.stfolder"
    syncthing generate --home="$tmp/st-$s" --no-default-folder >"$tmp/st-$s/generate.log" 2>&1 \
        || { cat "$tmp/st-$s/generate.log"; fail "syncthing generate for ${s^^}"; }
    ID[$s]=$(syncthing serve --home="$tmp/st-$s" --device-id 2>/dev/null | tail -n1)
    [ -n "${ID[$s]}" ] || fail "no device id for ${s^^}"
done

# Each config: loopback only, nothing phoning home, the other device at its explicit address,
# one folder shared by both, no watcher and an hourly rescan (the script scans after each write).
for s in a b; do
    if [ "$s" = a ]; then o=b; else o=a; fi
    python3 - "$tmp/st-$s/config.xml" "$s" "${ID[$s]}" "${ID[$o]}" "${LISTEN[$s]}" \
        "${LISTEN[$o]}" "${GUI[$s]}" "$APIKEY" "$FOLDER" "${DIR[$s]}" <<'EOF'
import sys
import xml.etree.ElementTree as ET

path, side, me, other, listen, other_listen, gui, apikey, folder, data = sys.argv[1:]
tree = ET.parse(path)
root = tree.getroot()

def set_child(parent, tag, text):
    el = parent.find(tag)
    if el is None:
        el = ET.SubElement(parent, tag)
    el.text = text
    return el

opts = root.find("options")
for tag, value in {
    "listenAddress": "tcp://127.0.0.1:%s" % listen,
    "globalAnnounceEnabled": "false",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "urAccepted": "-1",
    "urSeen": "3",
    "autoUpgradeIntervalH": "0",
    "crashReportingEnabled": "false",
    "startBrowser": "false",
    "reconnectionIntervalS": "1",
    "stunKeepaliveStartS": "0",
    "stunKeepaliveMinS": "0",
    "announceLANAddresses": "false",
    "restartOnWakeup": "false",
}.items():
    set_child(opts, tag, value)
for el in opts.findall("globalAnnounceServer"):
    opts.remove(el)
for el in opts.findall("unackedNotificationID"):
    opts.remove(el)
set_child(opts, "globalAnnounceServer", "")

gui_el = root.find("gui")
set_child(gui_el, "address", "127.0.0.1:%s" % gui)
set_child(gui_el, "apikey", apikey)

for el in root.findall("device"):
    root.remove(el)
for el in root.findall("folder"):
    root.remove(el)

def device(did, name, address):
    d = ET.Element("device", {
        "id": did, "name": name, "compression": "metadata", "introducer": "false",
        "skipIntroductionRemovals": "false", "introducedBy": "",
    })
    ET.SubElement(d, "address").text = address
    ET.SubElement(d, "paused").text = "false"
    ET.SubElement(d, "autoAcceptFolders").text = "false"
    return d

f = ET.Element("folder", {
    "id": folder, "label": "trustwork", "path": data, "type": "sendreceive",
    "rescanIntervalS": "3600", "fsWatcherEnabled": "false", "fsWatcherDelayS": "1",
    "ignorePerms": "false", "autoNormalize": "true",
})
ET.SubElement(f, "filesystemType").text = "basic"
for did in (me, other):
    ET.SubElement(f, "device", {"id": did, "introducedBy": ""})
ET.SubElement(f, "markerName").text = ".stfolder"
ET.SubElement(f, "paused").text = "false"
ET.SubElement(f, "maxConflicts").text = "10"

# The folder, then the devices, before <gui> (the order Syncthing itself writes).
idx = list(root).index(gui_el)
root.insert(idx, device(other, "other", "tcp://127.0.0.1:%s" % other_listen))
root.insert(idx, device(me, "self-" + side, "dynamic"))
root.insert(idx, f)
tree.write(path)
EOF
done

for s in a b; do
    STNODEFAULTFOLDER=1 STNOUPGRADE=1 STNORESTART=1 \
        syncthing serve --home="$tmp/st-$s" --no-browser --no-restart --no-upgrade \
        --logflags=3 >"$tmp/st-$s/log" 2>&1 &
    PID[$s]=$!
done
for s in a b; do
    wait_for "the REST API of ${s^^}" 30 api "$s" GET /rest/system/ping
done

# Whether `side` is connected to the other device.
connected() {
    local side=$1 other=$2
    api "$side" GET /rest/system/connections | python3 -c '
import json, sys
c = json.load(sys.stdin)["connections"].get(sys.argv[1], {})
sys.exit(0 if c.get("connected") else 1)' "${ID[$other]}"
}
wait_for "A and B to connect" 60 connected a b
wait_for "B and A to connect" 30 connected b a

# Whether `side` has the folder idle, needing nothing, and the other device has everything too
# (as far as `side` knows).
side_in_sync() {
    local side=$1 other=$2
    local st comp
    st=$(api "$side" GET "/rest/db/status?folder=$FOLDER") || return 1
    comp=$(api "$side" GET "/rest/db/completion?folder=$FOLDER&device=${ID[$other]}") || return 1
    python3 -c '
import json, sys
st, comp = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ok = (st.get("state") == "idle" and st.get("needTotalItems", 1) == 0
      and st.get("pullErrors", 0) == 0 and comp.get("completion") == 100
      and comp.get("needItems", 1) == 0 and comp.get("needDeletes", 1) == 0)
sys.exit(0 if ok else 1)' "$st" "$comp"
}
# trustwork's view on both sides: partners, entries and check-ins, as the JSON export has them.
view() {
    tw "$1" 2026-12-07T23:00:00Z export --format json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
out = {
    "partners": sorted((p["id"], p["name"]) for p in d["partners"]),
    "entries": sorted((e["id"], e.get("body"), e.get("updated")) for e in d["entries"]),
    "checkins": sorted((c["partner"], c["date"], c.get("trust")) for c in d["checkins"]),
}
print(json.dumps(out, sort_keys=True))'
}
# Both sides in sync, the same trustwork data on both, and `want` entries there.
both_in_sync() {
    local want=$1 va vb
    side_in_sync a b || return 1
    side_in_sync b a || return 1
    va=$(view a) || return 1
    vb=$(view b) || return 1
    [ "$va" = "$vb" ] || return 1
    python3 -c 'import json, sys; sys.exit(0 if len(json.loads(sys.argv[1])["entries"]) == int(sys.argv[2]) else 1)' \
        "$va" "$want"
}
# Waits for `both_in_sync`, true twice half a second apart (no index still on its way).
wait_sync() {
    local want=$1 secs=$2
    local until_=$((SECONDS + secs))
    [ "$until_" -le "$deadline" ] || until_=$deadline
    while true; do
        if both_in_sync "$want" 2>/dev/null; then
            sleep 0.5
            if both_in_sync "$want" 2>/dev/null; then
                return 0
            fi
        fi
        if [ "$SECONDS" -ge "$until_" ]; then
            say "A sees: $(view a 2>&1 || true)"
            say "B sees: $(view b 2>&1 || true)"
            say "A status: $(api a GET "/rest/db/status?folder=$FOLDER" 2>&1 | tr -d '\n ' | head -c 600)"
            say "B status: $(api b GET "/rest/db/status?folder=$FOLDER" 2>&1 | tr -d '\n ' | head -c 600)"
            fail "timed out waiting for A and B to sync $want entries"
        fi
        sleep 0.5
    done
}
pass "A (${ID[a]:0:7}) and B (${ID[b]:0:7}) connected on loopback"

# The entries of `journal list --json` on `side`, as "id<TAB>body" lines, sorted.
entries() {
    tw "$1" 2026-12-07T23:00:00Z journal list --json | python3 -c '
import json, sys
for e in sorted(json.load(sys.stdin), key=lambda e: e["id"]):
    print("%s\t%s" % (e["id"], e.get("body", "")))'
}
# The editor `journal edit` runs: writes $EDIT_TEXT into the file.
cat >"$tmp/editor.sh" <<'EOF'
#!/bin/sh
printf '%s\n' "$EDIT_TEXT" >"$1"
EOF
chmod +x "$tmp/editor.sh"

# --- The scenario. ---
step "A adds two partners, two entries and a check-in"
twd a 2026-12-07T10:00:00Z partners add Alex --role hurt >/dev/null
twd a 2026-12-07T10:00:01Z partners add Sam --role repairing >/dev/null
E=$(twd a 2026-12-07T10:01:00Z journal add --partner Alex "A1: the walk by the river")
twd a 2026-12-07T10:02:00Z journal add --partner Sam "A2: what I owe you" >/dev/null
twd a 2026-12-07T10:03:00Z checkin --partner Alex --trust 4 --mood wary >/dev/null
[ -n "$E" ] || fail "journal add printed no id"
pass "A wrote 2 partners, 2 entries, 1 check-in (entry E = $E)"

step "sync to B"
wait_sync 2 60
grep -q "A1: the walk by the river" <(entries b) || fail "B does not list A's entry"
pass "B lists A's two entries"

step "B adds two entries and a check-in"
twd b 2026-12-07T10:10:00Z journal add --partner Sam "B1: the letter" >/dev/null
twd b 2026-12-07T10:11:00Z journal add --partner Alex "B2: a quieter day" >/dev/null
twd b 2026-12-07T10:12:00Z checkin --partner Sam --trust 6 --mood hopeful >/dev/null
pass "B wrote 2 entries, 1 check-in"

step "sync to A"
wait_sync 4 60
pass "A and B both list the same 4 entries, partners and check-ins"

step "both paused: A and B edit E, and each adds one entry"
for s in a b; do
    api "$s" POST /rest/system/pause >/dev/null || fail "pause on ${s^^}"
done
not_connected() { ! connected "$1" "$2"; }
wait_for "A to drop the connection" 20 not_connected a b
wait_for "B to drop the connection" 20 not_connected b a
TW_ENV=(EDITOR="$tmp/editor.sh" EDIT_TEXT="E as A changed it, offline")
twd a 2026-12-07T11:00:00Z journal edit --partner Alex "$E" >/dev/null
TW_ENV=(EDITOR="$tmp/editor.sh" EDIT_TEXT="E as B changed it later, offline")
twd b 2026-12-07T12:00:00Z journal edit --partner Alex "$E" >/dev/null
TW_ENV=()
twd a 2026-12-07T11:05:00Z journal add --partner Alex "A3: offline on the train" >/dev/null
twd b 2026-12-07T12:05:00Z journal add --partner Sam "B3: offline at the cabin" >/dev/null
grep -q "E as A changed it" <(entries a) || fail "A's edit of E is not on A"
grep -q "E as B changed it later" <(entries b) || fail "B's edit of E is not on B"
pass "A and B each edited E and added an entry while apart"

step "resume and sync"
for s in a b; do
    api "$s" POST /rest/system/resume >/dev/null || fail "resume on ${s^^}"
done
wait_for "A and B to connect again" 60 connected a b
wait_sync 6 90
pass "A and B are in sync again: completion 100%, nothing needed, both idle, same data"

step "check the merge"
entries a >"$tmp/entries-a"
entries b >"$tmp/entries-b"
cmp -s "$tmp/entries-a" "$tmp/entries-b" || fail "the entry lists differ: $(diff "$tmp/entries-a" "$tmp/entries-b")"
python3 - "$tmp/entries-a" "$E" <<'EOF' || fail "the merged entries are not as expected (above)"
import sys
lines = [l.rstrip("\n").split("\t", 1) for l in open(sys.argv[1], encoding="utf-8")]
ids = [l[0] for l in lines]
bodies = dict(lines)
want = ["A1", "A2", "B1", "B2", "A3", "B3"]
problems = []
if len(ids) != 6:
    problems.append("%d entries, not 6" % len(ids))
if len(set(ids)) != len(ids):
    problems.append("an entry is listed twice")
if bodies.get(sys.argv[2]) != "E as B changed it later, offline":
    problems.append("E reads %r, not B's later edit" % bodies.get(sys.argv[2]))
for w in want[1:]:
    if sum(1 for b in bodies.values() if b.startswith(w + ":")) != 1:
        problems.append("%s is not there exactly once" % w)
if problems:
    print("\n".join(problems))
    sys.exit(1)
EOF
pass "every entry exactly once on both sides (6), E has B's newer text"
for s in a b; do
    tw "$s" 2026-12-07T23:00:00Z check >"$tmp/check-$s" 2>&1 \
        || { cat "$tmp/check-$s"; fail "trustwork check on ${s^^}"; }
done
pass "trustwork check passes on A and B"

step "one more write on each side, then no conflict copies"
twd a 2026-12-07T13:00:00Z journal add --partner Alex "A4: after the sync" >/dev/null
twd b 2026-12-07T13:01:00Z journal add --partner Sam "B4: after the sync" >/dev/null
twd a 2026-12-07T13:02:00Z checkin --partner Alex --trust 5 --mood steadier >/dev/null
twd b 2026-12-07T13:03:00Z checkin --partner Sam --trust 6 --mood calm >/dev/null
wait_sync 8 60
conflicts=$(cd "$tmp" && find Da Db -name '*sync-conflict*' | sort)
if [ -n "$conflicts" ]; then
    say "conflict copies left:"
    say "$conflicts"
    fail "Syncthing conflict copies are left after a write on each side"
fi
for s in a b; do
    tw "$s" 2026-12-07T23:00:00Z check >"$tmp/check-$s" 2>&1 \
        || { cat "$tmp/check-$s"; fail "trustwork check on ${s^^} after the last writes"; }
done
pass "8 entries on both sides, no *sync-conflict* file in DA or DB, check passes on both"
end_step
say "PASS: Syncthing two-device test"
