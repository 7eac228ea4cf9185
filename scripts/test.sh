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

step "cargo test (unit, property, case files, CLI, doctests incl. README)"
cargo test --workspace

step "python: virtualenv and test packages (.venv)"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r python/requirements-dev.txt

step "python: build the extension into .venv (maturin develop --release)"
(cd python && VIRTUAL_ENV="$PWD/../.venv" ../.venv/bin/maturin develop --release --quiet)

step "python: pytest (every case file, bad-input matrix, batch API, doctests, notebook)"
(cd python && ../.venv/bin/python -m pytest -q)

step "all tests passed"
