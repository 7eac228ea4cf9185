// Registers, cohorts, plans, Monte Carlo and tornado from JS. The seeded results must be
// identical to the Rust CLI's (and so to Python's, which tests the same against the CLI).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import { assertRefusionError, loadNodeBuild, repoPath } from './helpers.mjs';

const wasm = await loadNodeBuild();

const CLI = repoPath('target/debug/refusion');
const haveCli = fs.existsSync(CLI);
const skipCli = haveCli ? false : 'build the CLI first: cargo build -p refusion-cli';

/** Runs the CLI on `query` written to a temporary file and parses its JSON output. */
function cli(command, query, ...args) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refusion-'));
  const file = path.join(dir, 'q.json');
  fs.writeFileSync(file, JSON.stringify(query));
  try {
    return JSON.parse(execFileSync(CLI, [command, file, '--json', ...args], { encoding: 'utf8' }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const PLAN = {
  cohort: { seed: 5, citizens: 120, first_year: 2026, years: 1 },
  horizon_years: 3, discharge_after_nights: 90, share_discharged: '0.7',
  caseload: 20, establishment_cost_per_team: '300000',
};
const MC = { plan: PLAN, run: { draws: 40, seed: 42 } };

describe('seeded results are identical to Rust', () => {
  test('monteCarlo equals `refusion monte-carlo --json`', { skip: skipCli }, () => {
    const mc = wasm.monteCarlo(MC);
    assert.deepStrictEqual(mc, cli('monte-carlo', MC));
    assert.deepStrictEqual(mc, wasm.monteCarlo(MC), 'the same seed gives the same result');
    assert.notDeepStrictEqual(mc, wasm.monteCarlo({ ...MC, run: { draws: 40, seed: 43 } }));
    assert.deepEqual(mc.years.map((y) => y.year), [2026, 2027, 2028]);
    assert.equal(mc.draws, 40);
  });

  test('monteCarlo on a budget equals the CLI, and parallel: false changes nothing', { skip: skipCli }, () => {
    const q = {
      budget: { first_year: 2027, citizens_per_year: 30, average_stay_nights: 200, daily_rate: '1400',
        own_payment_per_night: '100', caseload: 20 },
      run: { draws: 60, seed: 9 },
    };
    const mc = wasm.monteCarlo(q);
    assert.deepStrictEqual(mc, cli('monte-carlo', q));
    assert.deepStrictEqual(mc, cli('monte-carlo', { ...q, run: { ...q.run, parallel: false } }));
  });

  test('tornado and plan equal the CLI', { skip: skipCli }, () => {
    assert.deepStrictEqual(wasm.tornado(MC), cli('tornado', MC));
    assert.deepStrictEqual(wasm.plan(PLAN), cli('plan', PLAN));
  });

  test('cohort equals `refusion cohort` (CSV), row for row', { skip: skipCli }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refusion-'));
    try {
      const out = path.join(dir, 'w.csv');
      const sup = path.join(dir, 's.csv');
      execFileSync(CLI, ['cohort', '--citizens', '300', '--seed', '11', '--years', '2', '--out', out, '--support-out', sup]);
      const c = wasm.cohort({ seed: 11, citizens: 300, years: 2 });
      const csv = fs.readFileSync(out, 'utf8').trim().split('\n');
      const header = csv[0].split(',');
      const rows = csv.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i], v])));
      assert.deepStrictEqual(c.rows, rows);
      const supCsv = fs.readFileSync(sup, 'utf8').trim().split('\n');
      assert.equal(c.support.length, supCsv.length - 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('evaluateRegister with support', () => {
  // E5 (domain.md §5): 92 nights at 1,400 (own 100), 90 refunded; then M-ACT for 731 days at
  // 104,000 a year decided before discharge: 337,084.93 / 9,200.00 / 162,642.47 / 165,242.46.
  // Citizen b: 10 nights at 1,400 (own 100), all refunded: 14,000 / 1,000 / 6,500 / 6,500.
  const rows = [
    { citizen_id: 'e5', birth_date: '1988-04-20', admitted: '2026-10-01', discharged: '2027-01-01', daily_rate: '1400', own_payment_per_night: '100' },
    { citizen_id: 'b', birth_date: '1979-11-11', admitted: '2026-06-01', discharged: '2026-06-11', daily_rate: '1400', own_payment_per_night: '100' },
  ];
  const support = [
    { citizen_id: 'e5', method: 'm-act', start: '2027-01-01', end: '2029-01-01', annual_cost: '104000', decided_before_discharge: true },
  ];

  test('E5 and a short stay, per citizen and per year', () => {
    const r = wasm.evaluateRegister(rows, undefined, support);
    const [e5, b] = r.citizens;
    assert.deepEqual([e5.citizen_id, e5.gross, e5.citizen_payment, e5.state_refusion, e5.municipal_net],
      ['e5', '337084.93', '9200.00', '162642.47', '165242.46']);
    assert.deepEqual([e5.nights, e5.refunded_nights, e5.support_days], [92, 90, 731]);
    assert.deepEqual([b.gross, b.citizen_payment, b.state_refusion, b.municipal_net],
      ['14000.00', '1000.00', '6500.00', '6500.00']);
    const y2028 = r.years.find((y) => y.year === 2028);
    assert.equal(y2028.gross, '104284.93'); // 104,000 × 366 / 365 = 104,284.9315…
  });

  test('the fast and the strict reader agree; unusual rows get the strict error', () => {
    const fast = wasm.evaluateRegister(rows, 'statutory', support);
    // An inherited property makes the rows non-plain for the fast path; the strict reader ignores it.
    const proto = { toString() { return 'row'; } };
    const slow = wasm.evaluateRegister(rows.map((r) => Object.assign(Object.create(proto), r)), 'statutory', support);
    assert.deepStrictEqual(fast, slow);
    assertRefusionError(() => wasm.evaluateRegister([{ ...rows[0], colour: 'red' }]), 'unknown_field', 'rows[0].colour');
    assertRefusionError(() => wasm.evaluateRegister([{ ...rows[0], daily_rate: 1400 }]), 'float_money', 'rows[0].daily_rate');
    assertRefusionError(() => wasm.evaluateRegister([rows[0], { ...rows[1], admitted: '2026-13-01' }]), 'invalid_date', 'rows[1].admitted');
    // A line break in an id takes the strict path, which keeps the id as it is.
    assert.equal(wasm.evaluateRegister([{ ...rows[0], citizen_id: 'a\nb' }]).citizens[0].citizen_id, 'a\nb');
    assertRefusionError(() => wasm.evaluateRegister(rows, undefined, [{ ...support[0], citizen_id: 'nobody' }]), 'inconsistent_register', 'support[0].citizen_id');
    assertRefusionError(() => wasm.evaluateRegister(rows, undefined, [{ ...support[0], decided_before_discharge: 'yes' }]), 'wrong_type', 'support[0].decided_before_discharge');
    assertRefusionError(() => wasm.evaluateRegister(rows, undefined, { not: 'an array' }), 'wrong_type', 'support');
  });

  test('an empty register gives zeros', () => {
    const r = wasm.evaluateRegister([]);
    assert.equal(r.rows, 0);
    assert.deepEqual(r.citizens, []);
    assert.equal(r.totals.gross, '0.00');
  });
});

describe('bad queries name the field', () => {
  test('plans, Monte Carlo, tornado and cohorts', () => {
    assertRefusionError(() => wasm.plan({ ...PLAN, caseload: 0 }), 'invalid_parameter', 'caseload');
    assertRefusionError(() => wasm.plan({ ...PLAN, support_annual_cost: 104000.5 }), 'float_money', 'support_annual_cost');
    assertRefusionError(() => wasm.plan({ ...PLAN, horizon_years: 11 }), 'limit', 'horizon_years');
    assertRefusionError(() => wasm.monteCarlo({ ...MC, run: { draws: 0 } }), 'limit', 'run.draws');
    assertRefusionError(() => wasm.monteCarlo({ ...MC, run: { seed: 2 ** 53 } }), 'limit', 'run.seed');
    assertRefusionError(() => wasm.monteCarlo({ run: {} }), 'missing_field', 'plan');
    assertRefusionError(() => wasm.tornado({ ...MC, run: { uncertain: { support_cost: { low: '5', mode: '4', high: '6' } } } }), 'invalid_parameter', 'run.uncertain.support_cost');
    assertRefusionError(() => wasm.cohort({ citizens: 0 }), 'limit', 'citizens');
    assertRefusionError(() => wasm.cohort('many'), 'wrong_type', 'spec');
  });
});

describe('evaluateRegisterCsv', () => {
  // examples/register.csv: E1, E4 and E5 written the Danish way (";", "1.400,00"), with E5's
  // M-ACT support. By year (hand-worked in crates/refusion-cli/tests/cli.rs): 2024 153,000 net;
  // 2026 212,800 / 15,200 / 97,500 / 100,100; 2027 104,000 / 0 / 52,000 / 52,000;
  // 2028 104,284.93 / 0 / 52,142.47 / 52,142.46; total net 357,242.46.
  test('the shipped example CSV gives the worked examples by year, and the per-citizen CSV', () => {
    const text = fs.readFileSync(repoPath('examples/register.csv'), 'utf8');
    const support = fs.readFileSync(repoPath('examples/register_support.csv'), 'utf8');
    const r = wasm.evaluateRegisterCsv(text, 'statutory', support);
    assert.equal(r.rows, 3);
    assert.equal(r.citizens, 3);
    assert.deepEqual(r.years.map((y) => [y.year, y.gross, y.citizen_payment, y.state_refusion, y.municipal_net]), [
      [2024, '213000.00', '0.00', '60000.00', '153000.00'],
      [2026, '212800.00', '15200.00', '97500.00', '100100.00'],
      [2027, '104000.00', '0.00', '52000.00', '52000.00'],
      [2028, '104284.93', '0.00', '52142.47', '52142.46'],
    ]);
    assert.equal(r.totals.municipal_net, '357242.46');
    assert.deepEqual(r.citizens_csv.trim().split('\n'), [
      'citizen_id,stays,nights,refunded_nights,support_days,gross,citizen_payment,state_refusion,municipal_net',
      'E1,1,60,60,0,84000.00,6000.00,39000.00,39000.00',
      'E4,1,213,120,0,213000.00,0.00,60000.00,153000.00',
      'E5,1,92,90,731,337084.93,9200.00,162642.47,165242.46',
    ]);
  });

  test('CSV errors name the line; non-text input is refused', () => {
    const header = 'citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night\n';
    assertRefusionError(() => wasm.evaluateRegisterCsv(`${header}a,1980-01-01,2026-01-01,2026-01-10,"1,234.50",0\n`), 'invalid_amount', 'line 2, daily_rate');
    assertRefusionError(() => wasm.evaluateRegisterCsv('citizen,birth_date\n'), 'unknown_field');
    assertRefusionError(() => wasm.evaluateRegisterCsv([header]), 'wrong_type', 'register');
    // The same register as rows gives the same totals.
    const rows = [{ citizen_id: 'a', birth_date: '1980-01-01', admitted: '2026-01-01', discharged: '2026-01-11', daily_rate: '1234.50', own_payment_per_night: '0' }];
    const csv = wasm.evaluateRegisterCsv(`${header}a,1980-01-01,2026-01-01,2026-01-11,"1.234,50",0\n`);
    assert.deepStrictEqual(csv.totals, wasm.evaluateRegister(rows).totals);
  });
});
