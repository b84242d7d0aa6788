#!/usr/bin/env bash
# Install the Debian packages Kavosh needs. Usage: scripts/install-system.sh [runtime|test]
#   runtime: what a reporter's machine needs to ingest, OCR and serve.
#   test:    runtime plus the browser the UI tests drive.
set -euo pipefail
profile=${1:-runtime}

runtime=(
  python3 python3-venv python3-pip      # the interpreter, if the machine has none newer
  tesseract-ocr tesseract-ocr-fas tesseract-ocr-ara tesseract-ocr-eng   # OCR (Persian, Arabic, English)
  libreoffice-writer-nogui              # reads legacy .doc and .rtf files
  libreoffice-calc-nogui                # reads legacy .xls files
  libreoffice-impress-nogui             # reads legacy .ppt files
  libraqm0 libfribidi0                  # correct Persian shaping when Pillow draws text
  fonts-noto-core fonts-farsiweb fonts-dejavu-core   # Persian (and Latin) fonts for page images, the sample and tests
  poppler-utils
)
test_only=(
  chromium                              # the real browser the UI tests drive (via Playwright)
  ghostscript                           # rewrites PDFs the way print and "optimise" tools do (PDF tests)
  wamerican-small                       # the source of the shipped English word list (a test remakes it)
)

packages=("${runtime[@]}")
[ "$profile" = test ] && packages+=("${test_only[@]}")

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
