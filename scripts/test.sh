#!/usr/bin/env bash
# The README's second command (and what CI runs): install what the tests need, then run the
# linters and the whole test suite. pytest's "no tests collected" (exit 5) is a failure here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh test
bash scripts/install-python.sh test
.venv/bin/ruff check kavosh tests scripts bench
.venv/bin/mypy
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ $status -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit $status
