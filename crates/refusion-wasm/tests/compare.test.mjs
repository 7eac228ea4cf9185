// Two rule sets on the same citizens (budgetPolicyComparison, compareRegisterCsv) and CSV in
// both dialects (writeCsv, columnLabels). Every figure is derived by hand in the comments.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertRefusionError, e2Scenario, loadNodeBuild } from './helpers.mjs';

const wasm = await loadNodeBuild();

const pick = (t) => [t.gross, t.citizen_payment, t.state_refusion, t.municipal_net];

// E2: one stay 2026-06-01 → 2027-01-01 (214 nights) at 1,400 a night, own payment 100: a
// refunded night is 50 % × (1,400 − 100) = 650. Gross 214 × 1,400 = 299,600, own payment
// 21,400. The rules in force refund 90 nights (the cap for nights from 1 April 2026):
// 58,500.00, net 299,600 − 21,400 − 58,500 = 219,700.00. reform-2023 refunds 120 nights:
// 78,000.00, net 200,200.00. So the 2026 step costs the municipality 30 × 650 = 19,500.00.
const E2_CSV = [
  'citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night',
  'E2,1988-04-20,2026-06-01,2027-01-01,1400,100',
  '',
].join('\n');

describe('compareRegisterCsv', () => {
  test('E2 under the rules in force against reform-2023: the 2026 step costs 19,500.00', () => {
    const c = wasm.compareRegisterCsv(E2_CSV, undefined, 'statutory', 'reform-2023');
    assert.equal(c.base, 'reform-2023');
    assert.equal(c.policy, 'statutory');
    assert.deepEqual(pick(c.policy_totals), ['299600.00', '21400.00', '58500.00', '219700.00']);
    assert.deepEqual(pick(c.base_totals), ['299600.00', '21400.00', '78000.00', '200200.00']);
    // policy − base: the municipality pays 19,500 more, the state refunds 19,500 less.
    assert.deepEqual(pick(c.difference), ['0.00', '0.00', '-19500.00', '19500.00']);
    assert.deepEqual(c.years.map((y) => [y.year, y.difference.municipal_net]), [[2026, '19500.00']]);
  });

  test('the same as evaluating the register under each policy; Danish CSV and bytes are read too', () => {
    const danish = '\ufeffcitizen_id;birth_date;admitted;discharged;daily_rate;own_payment_per_night\r\nE2;1988-04-20;2026-06-01;2027-01-01;1.400,00;100,00\r\n';
    const bytes = new TextEncoder().encode(danish);
    const c = wasm.compareRegisterCsv(bytes, null, { preset: 'statutory', overrides: {} }, 'reform-2023');
    assert.deepEqual(pick(c.difference), ['0.00', '0.00', '-19500.00', '19500.00']);
    // The whole reform (E2 before it: 214 nights × 650 = 139,100 refunded, no cap).
    const r = wasm.compareRegisterCsv(E2_CSV, undefined, undefined, 'pre-reform');
    assert.equal(r.policy, 'statutory');
    assert.deepEqual(pick(r.base_totals), ['299600.00', '21400.00', '139100.00', '139100.00']);
    assert.deepEqual(pick(r.difference), ['0.00', '0.00', '-80600.00', '80600.00']);
  });

  test('bad input names the field', () => {
    assertRefusionError(() => wasm.compareRegisterCsv(E2_CSV, undefined, 'statutory'), 'missing_field', 'base');
    assertRefusionError(() => wasm.compareRegisterCsv(E2_CSV, undefined, 'statutory', 'nope'), 'unknown_policy', 'base.policy');
    assertRefusionError(() => wasm.compareRegisterCsv(E2_CSV, undefined, 'statutory', 42), 'wrong_type', 'base');
    assertRefusionError(() => wasm.compareRegisterCsv(['x'], undefined, 'statutory', 'reform-2023'), 'wrong_type', 'register');
  });
});

describe('budgetPolicyComparison', () => {
  // 12 citizens in 2027, one admitted on the 1st of each month, each staying 120 nights at
  // 1,400 (own 100). Nights in 2027: January–September 9 × 120 = 1,080; October 92, November
  // 61, December 31: 1,264 nights, gross 1,769,600.00, own payment 126,400.00.
  // reform-2023 (cap 120) refunds every one of them: 1,264 × 650 = 821,600.00, net 821,600.00.
  // The rules in force (cap 90): January–October 90 each (October's 90th night is 29 December),
  // November 61, December 31: 992 × 650 = 644,800.00, net 998,400.00. Difference 176,800.00.
  const query = {
    policy: 'statutory', citizens_per_year: 12, average_stay_nights: 120,
    daily_rate: '1400', own_payment_per_night: '100', first_year: 2027, horizon_years: 1,
  };

  test('the status quo under the rules in force against reform-2023, by year', () => {
    const c = wasm.budgetPolicyComparison(query, 'reform-2023');
    assert.equal(c.base, 'reform-2023');
    assert.equal(c.policy, 'statutory');
    assert.equal(c.years.length, 1);
    const [y] = c.years;
    assert.equal(y.year, 2027);
    assert.deepEqual(pick(y.base), ['1769600.00', '126400.00', '821600.00', '821600.00']);
    assert.deepEqual(pick(y.policy), ['1769600.00', '126400.00', '644800.00', '998400.00']);
    assert.deepEqual(pick(y.difference), ['0.00', '0.00', '-176800.00', '176800.00']);
    assert.deepEqual(pick(c.difference), pick(y.difference));
    // The share discharged belongs to the plan, not to the status quo.
    assert.deepStrictEqual(wasm.budgetPolicyComparison({ ...query, share_discharged: '0.5' }, 'reform-2023'), c);
  });

  test('a base given as an object, and errors', () => {
    const c = wasm.budgetPolicyComparison(query, { preset: 'reform-2023', overrides: {} });
    assert.equal(c.difference.municipal_net, '176800.00');
    assertRefusionError(() => wasm.budgetPolicyComparison(query), 'missing_field', 'base');
    assertRefusionError(() => wasm.budgetPolicyComparison(query, 'nope'), 'unknown_policy', 'base.policy');
    assertRefusionError(() => wasm.budgetPolicyComparison({ ...query, daily_rate: 1400 }, 'reform-2023'), 'float_money', 'daily_rate');
    assertRefusionError(() => wasm.budgetPolicyComparison('x', 'reform-2023'), 'wrong_type', 'query');
  });
});

describe('writeCsv', () => {
  const header = ['section', 'pathway', 'item', 'value'];
  const rows = [
    ['totals', 'stay', 'municipal_net', '219700.00'],
    ['totals', 'stay', 'state_refusion', '-19500.00'],
    ['label', '', '', '=HYPERLINK("x"), "q"'],
  ];

  test('da: BOM, semicolons, decimal commas, Danish headers, CRLF', () => {
    const text = wasm.writeCsv(header, rows, 'da');
    assert.ok(text.startsWith('\ufeff'), 'starts with the BOM');
    const lines = text.slice(1).split('\r\n');
    assert.equal(lines[0], 'Del;Forløb;Post;Værdi');
    assert.equal(lines[1], 'totals;stay;municipal_net;219700,00');
    assert.equal(lines[2], 'totals;stay;state_refusion;-19500,00');
    // A formula is guarded with a leading apostrophe, and quoted.
    assert.equal(lines[3], 'label;;;"\'=HYPERLINK(""x""), ""q"""');
    assert.equal(lines[4], '');
  });

  test('en (the default): commas, decimal points, the keys, no BOM', () => {
    const text = wasm.writeCsv(header, rows, 'en');
    assert.equal(text, wasm.writeCsv(header, rows));
    assert.deepEqual(text.split('\n'), [
      'section,pathway,item,value',
      'totals,stay,municipal_net,219700.00',
      'totals,stay,state_refusion,-19500.00',
      'label,,,"\'=HYPERLINK(""x""), ""q"""',
      '',
    ]);
    // No header: only the rows; an empty row is an empty line.
    assert.equal(wasm.writeCsv([], [['a'], [], ['1.5']], 'da'), '\ufeffa\r\n\r\n1,5\r\n');
  });

  test('cells must be strings; an unknown dialect is refused', () => {
    assertRefusionError(() => wasm.writeCsv(header, [['a', 1]], 'da'), 'wrong_type', 'rows[0][1]');
    assertRefusionError(() => wasm.writeCsv(header, 'x', 'da'), 'wrong_type', 'rows');
    assertRefusionError(() => wasm.writeCsv('section', rows, 'da'), 'wrong_type', 'header');
    assertRefusionError(() => wasm.writeCsv(header, rows, 'de'), 'invalid_parameter', 'dialect');
  });

  test('columnLabels gives every key once, in both languages', () => {
    const labels = wasm.columnLabels();
    const byKey = Object.fromEntries(labels.map((l) => [l.key, l]));
    assert.equal(Object.keys(byKey).length, labels.length);
    assert.deepEqual(byKey.municipal_net, { key: 'municipal_net', da: 'Kommunens nettoudgift (kr.)', en: 'Municipal net cost (DKK)' });
    assert.equal(byKey.fte.da, 'Årsværk');
  });
});

describe('the engine behind the page: E2 under both presets', () => {
  test('compare() of E2 under reform-2023 and the rules in force: B − A', () => {
    const e2 = e2Scenario();
    const c = wasm.compare({ ...e2, policy: 'reform-2023' }, { ...e2, policy: 'statutory' });
    assert.deepEqual(pick(c.a.evaluation.totals), ['299600.00', '21400.00', '78000.00', '200200.00']);
    assert.deepEqual(pick(c.b.evaluation.totals), ['299600.00', '21400.00', '58500.00', '219700.00']);
    assert.equal(c.difference.municipal_net, '19500.00');
    assert.equal(c.difference.state_refusion, '-19500.00');
  });
});
