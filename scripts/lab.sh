#!/usr/bin/env bash
# Prove every example design with packets (`stackplan lab`, every drill) and write each report where the site
# publishes it: lab/<slug>.md, linked from the deployment's Proof page. Needs root and Open vSwitch; on a machine
# that cannot run the lab it says why and exits 0 (the tests skip the lab the same way).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for design in designs/*.yaml; do
  slug=$(basename "$design" .yaml)
  .venv/bin/stackplan lab "$design" --report "lab/$slug.md" > /dev/null
  rc=$?
  if [ "$rc" -eq 2 ] && [ ! -s "lab/$slug.md" ]; then
    echo "lab.sh: this machine cannot run the lab (see the message above); skipped" >&2
    exit 0
  fi
  echo "lab.sh: $design: $(sed -n 3p "lab/$slug.md" 2>/dev/null)"
  [ "$rc" -eq 0 ] || status=1
done
exit $status
