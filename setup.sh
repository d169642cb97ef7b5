#!/usr/bin/env bash
# Set up tei-cables in ./.venv on a Debian machine (Python >= 3.11).
#   ./setup.sh          the toolkit (and what building the edition needs)
#   ./setup.sh --test   the toolkit and what the tests need
# As root it installs the Debian packages it needs itself (apt-get); otherwise it says which.
set -euo pipefail
cd "$(dirname "$0")"
extras=""
test_setup=0
# --test: also the manual (docs extra), which the tests build with mkdocs --strict
if [ "${1:-}" = "--test" ]; then extras="[test,docs]"; test_setup=1; fi

python3 - <<'PY' || { echo "setup.sh: Python 3.11 or newer is needed (python3 is $(python3 --version 2>&1))" >&2; exit 1; }
import sys
sys.exit(sys.version_info < (3, 11))
PY

# Debian packages: what the toolkit needs, then what only the tests need.
# The PDF edition (WeasyPrint): Pango and HarfBuzz to shape and subset text (without
# libharfbuzz-subset0 WeasyPrint falls back to fontTools and is about 50 times slower), Noto
# Serif CJK JP for the Japanese and Noto Serif / Noto Sans for the English (the fonts the
# print stylesheet names). The tests read the PDF back with poppler-utils.
debs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk
      fonts-noto-core)
# The tests read the PDF back with poppler-utils; chromium: the browser tests (driven by
# Playwright, whose node driver needs libatomic1, which a minimal Debian lacks); fonts-noto-cjk (above): Japanese in screenshots; trang and jing (Java): the
# tests compare schema/tei-cables.xsd with what trang makes of the ODD, and the RELAX NG
# errors with jing's (`tei schema build` needs trang too; `tei validate` needs neither).
test_debs=(poppler-utils chromium libatomic1 trang jing)
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then debs+=(python3-venv python3-pip); fi
if [ "$test_setup" = 1 ]; then debs+=("${test_debs[@]}"); fi

missing=()
for deb in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q "install ok installed" || missing+=("$deb")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup.sh: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  else
    echo "setup.sh: Debian packages are missing: run 'sudo apt-get install ${missing[*]}'" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extras}"
echo "setup.sh: ready: .venv/bin/tei ($(.venv/bin/tei --version))"
