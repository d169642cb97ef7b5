#!/usr/bin/env bash
# Set up tei-cables in ./.venv on a Debian machine (Python >= 3.11).
#   ./setup.sh          the toolkit
#   ./setup.sh --test   the toolkit and what the tests need
# As root it installs the Debian packages it needs itself (apt-get); otherwise it says which.
set -euo pipefail
cd "$(dirname "$0")"
extras=""
if [ "${1:-}" = "--test" ]; then extras="[test]"; fi

python3 - <<'PY' || { echo "setup.sh: Python 3.11 or newer is needed (python3 is $(python3 --version 2>&1))" >&2; exit 1; }
import sys
sys.exit(sys.version_info < (3, 11))
PY

if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-pip >/dev/null
  else
    echo "setup.sh: Python's venv module is missing: run 'sudo apt-get install python3-venv'" >&2
    exit 1
  fi
fi

# The tests compare schema/tei-cables.xsd with what trang makes of the ODD, and the RELAX NG
# verdicts with jing's (`tei schema build` needs trang too; `tei validate` needs neither):
# install them when we can, else those tests skip.
if [ -n "$extras" ] && ! { command -v trang && command -v jing; } >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends trang jing >/dev/null
  else
    echo "setup.sh: trang or jing is missing: the tests that need them will skip" \
      "('sudo apt-get install trang jing')" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extras}"
echo "setup.sh: ready: .venv/bin/tei ($(.venv/bin/tei --version))"
