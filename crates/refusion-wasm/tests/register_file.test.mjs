// evaluateRegisterFile and RegisterRun (src/register_file.rs) in Node: the shipped example
// register (examples/register.csv with examples/register_support.csv — and the same register as
// .xlsx and .ods) evaluated once, then its year table, citizens, explanation, CSV files and
// workbook, and its errors.
//
// The figures are the worked examples E1, E4 and E5 by year (domain.md §5; the CLI test
// register_on_the_shipped_example_gives_the_worked_examples_by_year derives them):
//   2024: E4 — 213 nights at 1,000 = 213,000; 120 refunded nights at 50 % = 60,000; net 153,000.
//   2026: E1 (60 nights at 1,400 = 84,000, own 6,000, refund 50 % × 60 × 1,300 = 39,000) and E5's
//         stay (92 nights = 128,800, own 9,200; 90 refunded at 650 = 58,500): 212,800 / 15,200 /
//         97,500 / net 100,100.
//   2027: 365 days of M-ACT at 104,000 a year = 104,000, half refunded: 52,000.
//   2028: 366 days = 104,284.9315… → 104,284.93; refund 52,142.4657… → 52,142.47; net 52,142.46.
//   Total: 634,084.93 / 15,200.00 / 261,642.47 / 357,242.46.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import { assertRefusionError, loadNodeBuild, repoPath } from './helpers.mjs';

const wasm = await loadNodeBuild();
const read = (rel) => new Uint8Array(fs.readFileSync(repoPath(rel)));
const STAYS = read('examples/register.csv');
const SUPPORT = read('examples/register_support.csv');

const YEARS = [
  { year: 2024, gross: '213000.00', citizen_payment: '0.00', state_refusion: '60000.00', municipal_net: '153000.00' },
  { year: 2026, gross: '212800.00', citizen_payment: '15200.00', state_refusion: '97500.00', municipal_net: '100100.00' },
  { year: 2027, gross: '104000.00', citizen_payment: '0.00', state_refusion: '52000.00', municipal_net: '52000.00' },
  { year: 2028, gross: '104284.93', citizen_payment: '0.00', state_refusion: '52142.47', municipal_net: '52142.46' },
];
const TOTALS = { gross: '634084.93', citizen_payment: '15200.00', state_refusion: '261642.47', municipal_net: '357242.46' };

test('the example register: the year-by-payer table and totals, worked out by hand', () => {
  const run = wasm.evaluateRegisterFile(STAYS, SUPPORT, 'statutory');
  try {
    assert.equal(run.policy, 'statutory');
    assert.equal(run.citizenCount, 3);
    assert.deepEqual(run.years(), { policy: 'statutory', rows: 3, citizens: 3, years: YEARS, totals: TOTALS });
  } finally {
    run.free();
  }
});

test('the same register as .xlsx and .ods gives the same table', (t) => {
  for (const ext of ['xlsx', 'ods']) {
    const file = `examples/register.${ext}`;
    const support = `examples/register_support.${ext}`;
    if (!fs.existsSync(repoPath(file)) || !fs.existsSync(repoPath(support))) {
      t.diagnostic(`${file} is missing; skipped`);
      continue;
    }
    const run = wasm.evaluateRegisterFile(read(file), read(support), 'statutory');
    assert.deepEqual(run.years().years, YEARS, ext);
    assert.deepEqual(run.years().totals, TOTALS, ext);
    run.free();
  }
});

test('without the support table only the stays count; a policy object is taken too', () => {
  const run = wasm.evaluateRegisterFile(STAYS, undefined, { preset: 'statutory' });
  const y = run.years();
  assert.deepEqual(y.years.map((r) => r.year), [2024, 2026]);
  assert.equal(y.totals.state_refusion, '157500.00'); // 60,000 + 97,500
  run.free();
  // Before the reform there is no cap: E4's 213 nights are all refunded (106,500).
  const pre = wasm.evaluateRegisterFile(STAYS, null, 'pre-reform');
  assert.equal(pre.years().years[0].state_refusion, '106500.00');
  pre.free();
});

test('the citizens as columns: ids, counts, and money in øre as BigInt (exact)', () => {
  const run = wasm.evaluateRegisterFile(STAYS, SUPPORT, 'statutory');
  const c = run.citizens();
  assert.equal(c.count, 3);
  assert.deepEqual(c.ids, ['E1', 'E4', 'E5']);
  assert.ok(c.gross_ore instanceof BigInt64Array);
  assert.deepEqual([...c.stays], [1, 1, 1]);
  assert.deepEqual([...c.nights], [60, 213, 92]);
  assert.deepEqual([...c.refunded_nights], [60, 120, 90]);
  assert.deepEqual([...c.support_days], [0, 0, 731]);
  assert.deepEqual([...c.gross_ore], [8400000n, 21300000n, 33708493n]);
  assert.deepEqual([...c.citizen_payment_ore], [600000n, 0n, 920000n]);
  assert.deepEqual([...c.state_refusion_ore], [3900000n, 6000000n, 16264247n]);
  assert.deepEqual([...c.municipal_net_ore], [3900000n, 15300000n, 16524246n]);
  // The citizens add up to the totals, to the øre.
  const sum = (col) => [...col].reduce((a, b) => a + b, 0n);
  assert.equal(sum(c.state_refusion_ore), 26164247n);
  assert.equal(sum(c.municipal_net_ore), 35724246n);
  run.free();
});

test("explain(id): the engine's evaluation of one citizen, with the explanation in both languages", () => {
  const run = wasm.evaluateRegisterFile(STAYS, SUPPORT, 'statutory');
  const e = run.explain('E5');
  assert.deepEqual(e.totals, { gross: '337084.93', citizen_payment: '9200.00', state_refusion: '162642.47', municipal_net: '165242.46' });
  assert.ok(e.trace.length > 2);
  for (const entry of e.trace) {
    assert.equal(typeof entry.text, 'string');
    assert.equal(typeof entry.text_da, 'string');
  }
  assert.ok(e.trace.some((x) => x.kind === 'shelter_cap_reached'), 'E5 reaches the 90-night cap');
  assertRefusionError(() => run.explain('E9'), 'invalid_parameter', 'id');
  assertRefusionError(() => run.explain(5), 'wrong_type', 'id');
  run.free();
});

test('yearsCsv and citizensCsv: the Danish dialect by default, the plain one on request', () => {
  const run = wasm.evaluateRegisterFile(STAYS, SUPPORT, 'statutory');
  const da = run.yearsCsv();
  assert.ok(da.startsWith('\ufeffÅr;Bruttoudgift (kr.);'));
  assert.ok(da.includes('\r\n2026;212800,00;15200,00;97500,00;100100,00\r\n'));
  assert.ok(da.includes('I alt;634084,93;15200,00;261642,47;357242,46'));
  assert.equal(
    run.yearsCsv('en'),
    'year,gross,citizen_payment,state_refusion,municipal_net\n'
      + '2024,213000.00,0.00,60000.00,153000.00\n2026,212800.00,15200.00,97500.00,100100.00\n'
      + '2027,104000.00,0.00,52000.00,52000.00\n2028,104284.93,0.00,52142.47,52142.46\n'
      + 'total,634084.93,15200.00,261642.47,357242.46\n',
  );
  const citizens = run.citizensCsv('en').split('\n');
  assert.equal(citizens[0], 'citizen_id,stays,nights,refunded_nights,support_days,gross,citizen_payment,state_refusion,municipal_net');
  assert.equal(citizens[3], 'E5,1,92,90,731,337084.93,9200.00,162642.47,165242.46');
  assert.ok(run.citizensCsv('da').includes('E5;1;92;90;731;337084,93;9200,00;162642,47;165242,46'));
  assertRefusionError(() => run.yearsCsv('de'), 'invalid_parameter');
  run.free();
});

test('workbook(lang, id): an .xlsx (a zip, "PK"), or the writer\'s error while it is being built', () => {
  const run = wasm.evaluateRegisterFile(STAYS, SUPPORT, 'statutory');
  let bytes;
  try {
    bytes = run.workbook('da', 'E5');
  } catch (e) {
    assert.equal(e.name, 'RefusionError');
    assert.match(e.message, /not built yet/);
    run.free();
    return;
  }
  assert.ok(bytes instanceof Uint8Array);
  assert.equal(Buffer.from(bytes.subarray(0, 2)).toString('latin1'), 'PK');
  assert.ok(run.workbook('en') instanceof Uint8Array);
  assertRefusionError(() => run.workbook('da', 'E9'), 'invalid_parameter', 'id');
  run.free();
});

test('errors name the line and column, and nothing else is thrown', () => {
  const header = 'citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night\n';
  const bytes = (s) => new TextEncoder().encode(s);
  assertRefusionError(
    () => wasm.evaluateRegisterFile(bytes(`${header}a,1980-01-01,2026-01-01,2026-01-10,1000,0\nb,1980-01-01,2026-01-01,2026-01-10,abc,0\n`), null, 'statutory'),
    'invalid_amount',
    'line 3, daily_rate',
  );
  assertRefusionError(
    () => wasm.evaluateRegisterFile(STAYS, bytes('citizen_id,method,start,end,annual_cost,decided_before_discharge\nE5,m-act,2027-13-01,2029-01-01,104000,ja\n'), 'statutory'),
    'invalid_date',
    'support line 2, start',
  );
  assertRefusionError(() => wasm.evaluateRegisterFile(STAYS, null, 'no-such-rules'), 'unknown_policy');
  assertRefusionError(() => wasm.evaluateRegisterFile(STAYS, null, undefined), 'missing_field', 'policy');
  assertRefusionError(() => wasm.evaluateRegisterFile(42, null, 'statutory'), 'wrong_type', 'register');
  // The module keeps working.
  const run = wasm.evaluateRegisterFile(STAYS, SUPPORT, 'statutory');
  assert.equal(run.years().totals.municipal_net, '357242.46');
  run.free();
});

test('the declarations name the class and its shapes', () => {
  const dts = fs.readFileSync(repoPath('target/wasm-node/refusion_wasm.d.ts'), 'utf8');
  assert.match(dts, /export function evaluateRegisterFile\(stays: Uint8Array, support: Uint8Array \| null \| undefined, policy: PolicySpec\): RegisterRun;/);
  for (const s of ['export class RegisterRun', 'years(): RegisterYears;', 'citizens(): RegisterCitizenColumns;', 'explain(id: string): Evaluation;', 'export interface RegisterYears', 'export interface RegisterCitizenColumns', 'gross_ore: BigInt64Array;']) {
    assert.ok(dts.includes(s), s);
  }
});

// Every hostile workbook of tests/hostile/workbooks.json that must be refused is refused here
// with its code, and its field starting as the table says (the CLI and Rust walk it too).
test('hostile workbooks are refused with their code and cell', () => {
  const table = JSON.parse(fs.readFileSync(repoPath('tests/hostile/workbooks.json'), 'utf8'));
  let n = 0;
  for (const w of table.workbooks) {
    if (!w.code) continue;
    const bytes = read(`tests/hostile/workbooks/${w.file}`);
    const e = assertRefusionError(() => wasm.evaluateRegisterFile(bytes, undefined, 'statutory'), w.code);
    assert.ok(e.field.startsWith(w.field), `${w.file}: field ${e.field}`);
    n += 1;
  }
  assert.equal(n, 10);
});
