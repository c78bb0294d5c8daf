#!/usr/bin/env bash
# Install everything stackplan needs and build the site from designs/ into site/.
#   scripts/setup.sh            install + build the site
#   scripts/setup.sh --deps     install only (used by scripts/test.sh)
# System packages (Graphviz, Chromium for browser tests, poppler-utils for the print tests, netplan and shellcheck for the host-config
# tests, Python venv) come from Debian's archive when missing; Python packages go into .venv/ at the
# repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils) # print tests: pdftotext and pdfinfo read the PDFs Chromium prints
command -v git >/dev/null 2>&1 || missing+=(git)
command -v netplan >/dev/null 2>&1 || missing+=(netplan.io)   # tests run netplan generate on host configs
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck) # tests check the generated shell scripts
command -v ovs-vswitchd >/dev/null 2>&1 || missing+=(openvswitch-switch) # stackplan lab: userspace OVS (the service is not started)
command -v ping >/dev/null 2>&1 || missing+=(iputils-ping)         # stackplan lab pings across it
if ! command -v python3 >/dev/null 2>&1; then
  missing+=(python3 python3-venv python3-pip)
elif ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  missing+=(python3-venv python3-pip)
fi
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing system packages: ${missing[*]} (run as root, or install them yourself)" >&2
    exit 1
  fi
  echo "setup: installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

stamp=.venv/.stackplan-installed
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
  touch "$stamp"
fi

if [ "${1:-}" = "--deps" ]; then
  exit 0
fi
export NO_MKDOCS_2_WARNING=1
.venv/bin/stackplan validate designs/
.venv/bin/mkdocs build --strict --site-dir site
echo "setup: site built in site/ (open site/index.html, or run .venv/bin/mkdocs serve)"
