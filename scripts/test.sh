#!/usr/bin/env bash
# The one command that runs every test. `.ci/run` calls exactly this.
# It installs what it needs and skips work that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain components"
for c in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
done

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo doc (warnings are errors: broken or private intra-doc links fail)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

step "cargo test (unit, property, case files, hostile inputs, fuzz regressions, CLI, doctests incl. README, catalog and sources, architecture, generated TypeScript types)"
cargo test --workspace

step "hostile workbooks, optimised (the 1,000,000-row sheet takes 80 s unoptimised)"
cargo test -q --release -p refusion-xlsx --test hostile

step "benches: compile only (timings are taken by hand, see benches/README.md)"
cargo build -q -p refusion-benches --all-targets
bash -n benches/run.sh
node --check benches/wasm_node.mjs
python3 -m py_compile benches/pandas_compare.py benches/pandas_statutory.py benches/python_batch.py benches/numpy_peer.py benches/numpy_compare.py

step "python: virtualenv and test packages (.venv)"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r python/requirements-dev.txt

step "python: build the extension into .venv (maturin develop --release)"
(cd python && VIRTUAL_ENV="$PWD/../.venv" ../.venv/bin/maturin develop --release --quiet)

step "LibreOffice Calc, headless (Debian's libreoffice-calc-nogui: the Danish CSV and the written workbooks opened in a real spreadsheet program)"
if ! command -v soffice >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libreoffice-calc-nogui
fi

step "python: pytest (every case file, bad-input matrix, batch API, Arrow, workbooks read and written (openpyxl, LibreOffice), doctests, notebook, Danish CSV in LibreOffice)"
(cd python && ../.venv/bin/python -m pytest -q)

step "python: the stubs (_core.pyi) match the built module (mypy stubtest)"
(cd python && ../.venv/bin/python -m mypy.stubtest refusion._core)

step "wasm: clippy for wasm32 and the build (web-demo/pkg, target/wasm-node)"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
cargo clippy -p refusion-wasm --target wasm32-unknown-unknown -- -D warnings
bash scripts/build-wasm.sh

step "node --test (every case file, bad-input matrix, the --target web artifact)"
node --test crates/refusion-wasm/tests/*.test.mjs

step "browser: Debian chromium and npm packages"
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends chromium
fi
if [ ! -f web-demo/node_modules/.installed ] || [ web-demo/package-lock.json -nt web-demo/node_modules/.installed ]; then
  (cd web-demo && npm ci --no-audit --no-fund && touch node_modules/.installed)
fi

step "browser tests (Playwright driving chromium headless against the page on 127.0.0.1)"
cargo build -q -p refusion-cli
(cd web-demo && ./node_modules/.bin/playwright test)

step "fuzz: every target for 30 s from the committed corpus (nightly, cargo-fuzz; scripts/fuzz.sh)"
bash scripts/fuzz.sh 30

step "all tests passed"
