#!/usr/bin/env bash
# System packages samverkan needs at run time and in its tests, installed with apt-get if missing
# (Debian/Ubuntu, as root; elsewhere it says what is missing). Called by `make install` and `.ci/run`.
#   tesseract-ocr + -swe + -osd: OCR of scanned pages (Swedish model, orientation detection), docs/ocr.md
#   fonts-dejavu-core: the TrueType font the OCR tests typeset their scans with
#   poppler-utils, chromium: PDF and browser tests
set -euo pipefail

need=()
tessdata_has() { for d in /usr/share/tesseract-ocr/*/tessdata; do [ -f "$d/$1.traineddata" ] && return 0; done; return 1; }
command -v tesseract >/dev/null || need+=(tesseract-ocr)
tessdata_has swe || need+=(tesseract-ocr-swe)
tessdata_has osd || need+=(tesseract-ocr-osd)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || need+=(fonts-dejavu-core)
if [ "${1:-}" = "--with-test-tools" ]; then
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  [ -x /usr/bin/chromium ] || need+=(chromium)  # browser tests of the web interface (never downloaded by Playwright)
fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "samverkan: missing system packages: ${need[*]} (install them, e.g. apt-get install ${need[*]})" >&2
  exit 0  # not fatal: without Tesseract a scanned document is an error that says what to install
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
