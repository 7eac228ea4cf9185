#!/usr/bin/env bash
# Builds the WebAssembly package: web-demo/pkg (ES module for the page, --target web) and
# target/wasm-node (ES module for Node, --target experimental-nodejs-module). Installs the wasm target and the exact wasm-bindgen CLI
# that Cargo.lock pins, when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
WB=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB" ]; then
  cargo install wasm-bindgen-cli --version "$WB" --force
fi

cargo build -p refusion-wasm --target wasm32-unknown-unknown --profile wasm
rm -rf web-demo/pkg target/wasm-node
WASM=target/wasm32-unknown-unknown/wasm/refusion_wasm.wasm
FLAGS=(--remove-name-section --remove-producers-section)
wasm-bindgen "$WASM" --target web "${FLAGS[@]}" --out-dir web-demo/pkg
wasm-bindgen "$WASM" --target experimental-nodejs-module "${FLAGS[@]}" --out-dir target/wasm-node
echo '{"type":"module"}' > target/wasm-node/package.json

raw=$(stat -c %s web-demo/pkg/refusion_wasm_bg.wasm)
gz=$(gzip -9c web-demo/pkg/refusion_wasm_bg.wasm | wc -c)
echo "wasm: $raw bytes raw, $gz bytes gzipped (web-demo/pkg/refusion_wasm_bg.wasm)"
