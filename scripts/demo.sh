#!/usr/bin/env bash
# The README's first command: install everything, ingest the bundled sample archive into a demo
# case, then serve the web UI on 127.0.0.1 and print its address.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh runtime
bash scripts/install-python.sh runtime
case_dir=${KAVOSH_CASE:-demo-case}
.venv/bin/kavosh ingest sample/archive --case "$case_dir"
.venv/bin/kavosh status --case "$case_dir"
exec .venv/bin/kavosh serve --case "$case_dir" --host 127.0.0.1 --port "${KAVOSH_PORT:-8765}"
