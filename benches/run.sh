#!/usr/bin/env bash
# One command per benchmark (see benches/README.md):
#   bash benches/run.sh engine        # 1. engine vs the night-by-night reference on W (criterion)
#   bash benches/run.sh pandas        # 2. engine via Python vs an honest pandas/numpy version
#   bash benches/run.sh numpy-peer    #    the engine via Python vs a strong interval-based numpy peer
#   bash benches/run.sh python        # 3. W through the Python batch API vs native
#   bash benches/run.sh wasm          # 4. W through WebAssembly in Node vs native
#   bash benches/run.sh monte-carlo   # 5. Monte Carlo 1,000 draws x 1,000 citizens, and scaling
#   bash benches/run.sh register      #    the register paths (rows, every core, CSV stream)
#   bash benches/run.sh cli-memory    #    `refusion register` on a generated 100,000-citizen file
#   bash benches/run.sh xlsx          #    W as .xlsx against W as CSV through `refusion register`
#   bash benches/run.sh page          #    W in the page's register section (headless Chromium)
#   bash benches/run.sh all
# It builds what a benchmark needs first (the release extension into .venv, the wasm package).
set -euo pipefail
cd "$(dirname "$0")/.."

python_ready() {
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -r python/requirements-dev.txt
  (cd python && VIRTUAL_ENV="$PWD/../.venv" ../.venv/bin/maturin develop --release --quiet)
}

run() {
  case "$1" in
    engine) cargo bench -p refusion-benches --bench engine_w ;;
    pandas) python_ready && .venv/bin/python benches/pandas_compare.py ;;
    python) python_ready && .venv/bin/python benches/python_batch.py ;;
    numpy-peer) python_ready && .venv/bin/python benches/numpy_compare.py ;;
    wasm) bash scripts/build-wasm.sh && node benches/wasm_node.mjs ;;
    monte-carlo) cargo bench -p refusion-benches --bench monte_carlo ;;
    register) cargo bench -p refusion-benches --bench register ;;
    cli-memory)
      cargo build -q --release -p refusion-cli
      dir=$(mktemp -d)
      target/release/refusion cohort --citizens 100000 --seed 1 --workload-w \
        --out "$dir/w.csv" --support-out "$dir/support.csv"
      for args in "$dir/w.csv" "$dir/w.csv --support $dir/support.csv"; do
        # shellcheck disable=SC2086
        /usr/bin/time -f "refusion register $args: %e s, max RSS %M KiB" \
          target/release/refusion register $args --json > /dev/null
      done
      rm -rf "$dir" ;;
    xlsx)
      cargo build -q --release -p refusion-cli -p refusion-benches --bins
      dir=$(mktemp -d)
      target/release/refusion cohort --citizens 100000 --seed 1 --workload-w \
        --out "$dir/w.csv" --support-out "$dir/support.csv"
      # The same register as an analyst's workbooks: dates as date cells, amounts as numbers.
      target/release/register_xlsx "$dir/w.csv" "$dir/w.xlsx" "$dir/support.csv" "$dir/support.xlsx"
      target/release/xlsx_cells_probe "$dir/w.xlsx"
      for round in 1 2 3 4 5; do
        for f in csv xlsx; do
          /usr/bin/time -f "round $round, W as $f with support: %e s, max RSS %M KiB" \
            target/release/refusion register "$dir/w.$f" --support "$dir/support.$f" --json > "$dir/out.$f.json"
        done
      done
      cmp "$dir/out.csv.json" "$dir/out.xlsx.json" && echo "the two results are identical"
      rm -rf "$dir" ;;
    page)
      bash scripts/build-wasm.sh
      cargo build -q --release -p refusion-cli -p refusion-benches --bins
      dir=$(mktemp -d)
      target/release/refusion cohort --citizens 100000 --seed 1 --workload-w \
        --out "$dir/w.csv" --support-out "$dir/support.csv"
      target/release/register_xlsx "$dir/w.csv" "$dir/w.xlsx" "$dir/support.csv" "$dir/support.xlsx"
      node benches/page_register.mjs "$dir/w.csv" --support "$dir/support.csv"
      node benches/page_register.mjs "$dir/w.xlsx" --support "$dir/support.xlsx"
      rm -rf "$dir" ;;
    all) for b in engine pandas numpy-peer python wasm monte-carlo register cli-memory xlsx page; do run "$b"; done ;;
    *) echo "unknown benchmark '$1'; see the top of benches/run.sh" >&2; exit 2 ;;
  esac
}

run "${1:-all}"
