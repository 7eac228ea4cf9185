#!/usr/bin/env bash
# Builds the WebAssembly package and serves the budget calculator on http://127.0.0.1:PORT/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-wasm.sh
PORT="${PORT:-8000}"
echo
echo "The budget calculator: http://127.0.0.1:${PORT}/   (Ctrl-C stops the server)"
cd web-demo && exec python3 -m http.server "$PORT" --bind 127.0.0.1
