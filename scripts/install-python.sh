#!/usr/bin/env bash
# Create .venv (if needed) and install Kavosh into it. Usage: scripts/install-python.sh [runtime|test]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-runtime}
python=${PYTHON:-python3}
"$python" -c 'import sys; assert sys.version_info >= (3, 11), "Kavosh needs Python 3.11 or newer"'
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$profile" = test ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q -e .
fi
