// Benchmark 4: workload W through the WebAssembly build in Node against the same work in Rust.
//
// Two measurements, each against native Rust doing the identical work on identical input:
//  1. CSV: W as CSV text → `evaluateRegisterCsv` (per-year totals and the per-citizen CSV; the
//     whole text read into columns, `register_csv::evaluate_csv_columns`) against native Rust on
//     the same bytes (benches/src/bin/register_csv_native.rs) both ways: the stream
//     `register_csv::evaluate_csv` (the CLI's path; `wasm_share_of_native`) and the same
//     columnar path (`wasm_share_of_native_columns`, like for like).
//  2. Objects: W as an array of JS row objects → `evaluateRegister` → JS result objects (per
//     citizen, citizen-year and year) against `Engine::evaluate_register` on Rust rows
//     (benches/src/bin/register_native.rs). This adds the cost of crossing into and out of JS.
//  3. Compute: `plan` on a plan query whose cohort is W (generate W, evaluate the baseline and
//     the plan; a small result) against `Engine::plan` on the same query
//     (benches/src/bin/plan_native.rs). Nothing large crosses into or out of JS, so this is the
//     engine itself in WebAssembly against the engine native.
// W comes from the wasm build's own `cohort` with the seed the Rust harnesses use, and the
// municipal net must match to the øre.
//
//   bash scripts/build-wasm.sh && node benches/wasm_node.mjs [CITIZENS] [SEED]

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const wasm = await import(pathToFileURL(`${ROOT}target/wasm-node/refusion_wasm.js`).href);

const citizens = Number(process.argv[2] ?? 100000);
const seed = Number(process.argv[3] ?? 1);
const W = { seed, citizens, first_year: 2026, years: 3, stays: { min: 1, max: 6 } };

function best(f, seconds = 5) {
  let bestMs = Infinity;
  let result;
  const start = performance.now();
  for (let runs = 0; runs < 3 || performance.now() - start < seconds * 1000; runs++) {
    const t = performance.now();
    result = f();
    bestMs = Math.min(bestMs, performance.now() - t);
  }
  return [bestMs / 1000, result];
}

function native(bin, args) {
  return JSON.parse(execFileSync('cargo', ['run', '-q', '--release', '-p', 'refusion-benches', '--bin', bin, '--', ...args], {
    cwd: ROOT, encoding: 'utf8',
  }));
}

const { rows, support } = wasm.cohort(W);
const stayCols = ['citizen_id', 'birth_date', 'admitted', 'discharged', 'daily_rate', 'own_payment_per_night'];
const supCols = ['citizen_id', 'method', 'start', 'end', 'annual_cost', 'decided_before_discharge'];
const toCsv = (items, cols) => [cols.join(','), ...items.map((r) => cols.map((c) => String(r[c])).join(','))].join('\n') + '\n';
const stayCsv = toCsv(rows, stayCols);
const supCsv = toCsv(support, supCols);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refusion-w-'));
fs.writeFileSync(path.join(dir, 'w.csv'), stayCsv);
fs.writeFileSync(path.join(dir, 'support.csv'), supCsv);

const [csvSeconds, csvResult] = best(() => wasm.evaluateRegisterCsv(stayCsv, 'statutory', supCsv));
const nativeCsv = native('register_csv_native', [path.join(dir, 'w.csv'), path.join(dir, 'support.csv')]);
fs.rmSync(dir, { recursive: true, force: true });

const [objSeconds, objResult] = best(() => wasm.evaluateRegister(rows, 'statutory', support));
const nativeObj = native('register_native', [String(citizens), String(seed)]);

const PLAN = { cohort: { ...W }, horizon_years: 4, discharge_after_nights: 90, caseload: 20 };
const [planSeconds, planResult] = best(() => wasm.plan(PLAN));
const nativePlan = native('plan_native', [JSON.stringify(PLAN)]);
if (planResult.total_municipal_effect !== nativePlan.total_municipal_effect) {
  throw new Error(`plan: results differ: wasm ${planResult.total_municipal_effect}, native ${nativePlan.total_municipal_effect}`);
}

for (const [what, a, b] of [['csv', csvResult.totals.municipal_net, nativeCsv.municipal_net], ['objects', objResult.totals.municipal_net, nativeObj.municipal_net]]) {
  if (a !== b) throw new Error(`${what}: totals differ: wasm ${a}, native ${b}`);
}
const share = (s, n) => Number(((rows.length / s) / n.stays_per_second).toFixed(3));
const columnsShare = (s, n) => Number(((rows.length / s) / n.columns_stays_per_second).toFixed(3));
console.log(JSON.stringify({
  workload: `W: ${citizens} citizens, ${rows.length} stays, ${support.length} support spells`,
  csv: {
    wasm_seconds: Number(csvSeconds.toFixed(4)),
    native_seconds: nativeCsv.seconds,
    wasm_share_of_native: share(csvSeconds, nativeCsv),
    native_columns_seconds: nativeCsv.columns_seconds,
    wasm_share_of_native_columns: columnsShare(csvSeconds, nativeCsv),
  },
  objects: { wasm_seconds: Number(objSeconds.toFixed(4)), native_seconds: nativeObj.seconds, wasm_share_of_native: share(objSeconds, nativeObj) },
  compute_plan: { wasm_seconds: Number(planSeconds.toFixed(4)), native_seconds: nativePlan.seconds, wasm_share_of_native: Number((nativePlan.seconds / planSeconds).toFixed(3)) },
  target: '>= 0.50',
  municipal_net: objResult.totals.municipal_net,
  wasm_bytes: fs.statSync(`${ROOT}target/wasm-node/refusion_wasm_bg.wasm`).size,
  node: process.version,
}, null, 2));
