#!/usr/bin/env bash
# Prove every example design with packets (`stackplan lab`, every drill) and write each report where the site
# publishes it: lab/<slug>.md, linked from the deployment's Proof page. This is the one place CI proves the
# examples (tests/lab proves one pod alone and the faults the lab must catch). Needs root and Open vSwitch; on a
# machine that cannot run the lab it says why and exits 0 (the tests skip the lab the same way).
#
# LAB_JOBS designs at a time (default 2): a lab spends most of its time waiting (for LACP, for pings, for the
# kernel to release ovs-vswitchd's sockets at teardown), and labs running at once take turns at the kernel's one
# neighbour table (two turns), so two at a time prove the same pairs in less time.
set -uo pipefail
cd "$(dirname "$0")/.."
jobs=${LAB_JOBS:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p lab
prove() {
  local slug
  slug=$(basename "$1" .yaml)
  .venv/bin/stackplan lab "$1" --report "lab/$slug.md" > /dev/null 2> "$2/$slug.err"
  echo $? > "$2/$slug.rc"
}
export -f prove
# the largest designs first (ls -S), so the longest lab (the one with drills) is not the last to start
ls -S designs/*.yaml | xargs -P "$jobs" -I{} bash -c 'prove "$1" "$2"' _ {} "$out"
status=0
for design in designs/*.yaml; do
  slug=$(basename "$design" .yaml)
  rc=$(cat "$out/$slug.rc" 2>/dev/null || echo 2)
  if [ "$rc" -eq 2 ] && [ ! -s "lab/$slug.md" ]; then
    grep -v '^lab: ' "$out/$slug.err" >&2
    echo "lab.sh: this machine cannot run the lab (see the message above); skipped" >&2
    exit 0
  fi
  echo "lab.sh: $design: $(sed -n 3p "lab/$slug.md" 2>/dev/null)"
  if [ "$rc" -ne 0 ]; then
    grep -v '^lab: ' "$out/$slug.err" >&2
    status=1
  fi
done
exit $status
