// Decisions through the JS API: `decided_on` beside `decided_before_discharge` on § 85 a and
// § 107 spells, their conflict (`conflicting_fields`), route 2 of § 176 a stk. 1 nr. 2 (worked
// examples E7 and E8 of domain.md §6), and registers whose support rows carry only a date.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertRefusionError, loadNodeBuild } from './helpers.mjs';

const wasm = await loadNodeBuild();

const TOTALS = ['gross', 'citizen_payment', 'state_refusion', 'municipal_net'];
const pickTotals = (t) => Object.fromEntries(TOTALS.map((k) => [k, t[k]]));
const totals = (gross, citizen_payment, state_refusion, municipal_net) =>
  ({ gross, citizen_payment, state_refusion, municipal_net });

/**
 * E7/E8: § 110 2026-01-01 → 2026-03-01 (59 nights at 1,000, own 0: 59,000, all refunded,
 * 29,500), § 107 from `temporaryStart` to 2026-06-01 at 800 (not decided: no refund), and M-ACT
 * 2026-06-01 → 2027-06-01 at 36,500 a year (365 days at 100 = 36,500), not decided before the
 * discharge.
 */
function routeTwoScenario(temporaryStart) {
  return {
    policy: 'statutory',
    citizen: { birth_date: '1990-05-05' },
    shelter_stays: [
      { admitted: '2026-01-01', discharged: '2026-03-01', daily_rate: '1000', own_payment_per_night: '0' },
    ],
    temporary_housing: [
      { start: temporaryStart, end: '2026-06-01', daily_rate: '800', own_payment_per_night: '0', decided_before_discharge: false },
    ],
    home_support: [
      { method: 'm-act', start: '2026-06-01', end: '2027-06-01', annual_cost: '36500', decided_before_discharge: false },
    ],
  };
}

const supportEntries = (r, kind) => r.trace.filter((e) => e.kind === kind && e.facts?.support);

describe('route 2 (§ 176 a stk. 1 nr. 2) through evaluate()', () => {
  // E7: the § 107 stay starts on the discharge date (92 nights, 73,600), the support starts on
  // its end: all 365 support days are refunded at 50 % = 18,250.
  // gross 59,000 + 73,600 + 36,500 = 169,100; refusion 29,500 + 18,250 = 47,750; net 121,350.
  test('E7: straight from the discharge into § 107, support decided after it', () => {
    const r = wasm.evaluate(routeTwoScenario('2026-03-01'));
    assert.deepEqual(pickTotals(r.totals), totals('169100.00', '0.00', '47750.00', '121350.00'));
    assert.equal(r.nights.temporary_housing_nights, 92);
    assert.equal(r.nights.temporary_housing_refunded_nights, 0);
    assert.equal(r.nights.support_days, 365);
    assert.equal(r.nights.support_refunded_days, 365);
    const refunded = supportEntries(r, 'support_refunded');
    assert.ok(refunded.length > 0, 'a support_refunded trace entry');
    for (const e of refunded) {
      assert.deepEqual(e.facts.route, {
        route: 'after_temporary', temporary: 0, discharge: '2026-03-01', temporary_end: '2026-06-01',
      });
    }
    assert.equal(supportEntries(r, 'support_not_decided').length, 0);
  });

  // E8: the § 107 stay starts the day after the discharge (91 nights, 72,800): not straight
  // from it, so no route 2 and no support refund.
  // gross 59,000 + 72,800 + 36,500 = 168,300; refusion 29,500; net 138,800.
  test('E8: a § 107 stay from the day after the discharge is not route 2', () => {
    const r = wasm.evaluate(routeTwoScenario('2026-03-02'));
    assert.deepEqual(pickTotals(r.totals), totals('168300.00', '0.00', '29500.00', '138800.00'));
    assert.equal(r.nights.support_days, 365);
    assert.equal(r.nights.support_refunded_days, 0);
    assert.equal(supportEntries(r, 'support_refunded').length, 0);
    const refused = supportEntries(r, 'support_not_decided');
    assert.ok(refused.length > 0, 'a support_not_decided trace entry');
    for (const e of refused) assert.equal(e.facts.route, undefined);
  });

  test('the Danish explanation of a route-2 line names stk. 1, nr. 2 and the § 107 stay', () => {
    const r = wasm.evaluate(routeTwoScenario('2026-03-01'));
    const [line] = supportEntries(r, 'support_refunded');
    assert.match(line.text_da, /stk\. 1, nr\. 2/);
    assert.match(line.text_da, /§ 107/);
    assert.match(line.text_da, /besluttet efter det ophold/);
    // English too, with the statute's own numbering.
    assert.match(line.text, /route 2 \(§ 176 a stk\. 1 nr\. 2\)/);
    // A route-1 line names nr. 1 instead.
    const decided = routeTwoScenario('2026-03-01');
    decided.home_support[0].decided_before_discharge = true;
    const [route1] = supportEntries(wasm.evaluate(decided), 'support_refunded');
    assert.equal(route1.facts.route.route, 'before_discharge');
    assert.match(route1.text_da, /stk\. 1, nr\. 1/);
    assert.doesNotMatch(route1.text_da, /nr\. 2/);
  });

  test('E7 and E8 agree between evaluate() and evaluateText()', () => {
    for (const start of ['2026-03-01', '2026-03-02']) {
      const s = routeTwoScenario(start);
      assert.deepEqual(wasm.evaluateText(JSON.stringify(s)), wasm.evaluate(s));
    }
  });
});

/** E2 (§ 110 2026-06-01 → 2027-01-01 at 1,400, own 100) with M-ACT from the discharge. */
function e2WithSupport(decision) {
  return {
    citizen: { birth_date: '1988-04-20' },
    shelter_stays: [
      { admitted: '2026-06-01', discharged: '2027-01-01', daily_rate: '1400', own_payment_per_night: '100' },
    ],
    home_support: [
      { method: 'm-act', start: '2027-01-01', end: '2029-01-01', annual_cost: '36500', ...decision },
    ],
  };
}

describe('decided_on beside decided_before_discharge', () => {
  // The support: 731 days (2028 is a leap year) at 100 = 73,100, half refunded = 36,550 when
  // decided.
  test('decided_on on the discharge date counts as decided before it; the day after does not', () => {
    const before = wasm.evaluate(e2WithSupport({ decided_before_discharge: true }));
    const after = wasm.evaluate(e2WithSupport({ decided_before_discharge: false }));
    assert.equal(Number(before.totals.state_refusion) - Number(after.totals.state_refusion), 36550);
    assert.deepEqual(wasm.evaluate(e2WithSupport({ decided_on: '2027-01-01' })).totals, before.totals);
    assert.deepEqual(wasm.evaluate(e2WithSupport({ decided_on: '2026-12-01' })).totals, before.totals);
    assert.deepEqual(wasm.evaluate(e2WithSupport({ decided_on: '2027-01-02' })).totals, after.totals);
    // Both given and agreeing is fine.
    assert.deepEqual(
      wasm.evaluate(e2WithSupport({ decided_before_discharge: false, decided_on: '2027-01-02' })).totals,
      after.totals,
    );
  });

  test('both given and disagreeing is conflicting_fields at home_support[0].decided_on', () => {
    const e = assertRefusionError(
      () => wasm.evaluate(e2WithSupport({ decided_before_discharge: true, decided_on: '2027-02-01' })),
      'conflicting_fields',
      'home_support[0].decided_on',
    );
    assert.match(e.message, /decided_before_discharge/);
    assertRefusionError(
      () => wasm.evaluate(e2WithSupport({ decided_before_discharge: false, decided_on: '2027-01-01' })),
      'conflicting_fields',
      'home_support[0].decided_on',
    );
    // The text path says the same.
    assertRefusionError(
      () => wasm.evaluateText(JSON.stringify(e2WithSupport({ decided_before_discharge: true, decided_on: '2027-02-01' }))),
      'conflicting_fields',
      'home_support[0].decided_on',
    );
  });

  test('the same for a § 107 stay: temporary_housing[0].decided_on', () => {
    const s = routeTwoScenario('2026-03-01');
    s.temporary_housing[0] = { ...s.temporary_housing[0], decided_before_discharge: true, decided_on: '2026-03-02' };
    assertRefusionError(() => wasm.evaluate(s), 'conflicting_fields', 'temporary_housing[0].decided_on');
  });

  test('neither field is missing_field at home_support[0].decided_before_discharge', () => {
    assertRefusionError(
      () => wasm.evaluate(e2WithSupport({})),
      'missing_field',
      'home_support[0].decided_before_discharge',
    );
  });

  test('a decided_on that is not a date is invalid_date at its field', () => {
    assertRefusionError(
      () => wasm.evaluate(e2WithSupport({ decided_on: '2027-02-30' })),
      'invalid_date',
      'home_support[0].decided_on',
    );
  });

  test('conflicting_fields is one of errorCodes()', () => {
    assert.ok(wasm.errorCodes().includes('conflicting_fields'));
  });
});

describe('registers whose support rows carry only decided_on', () => {
  const stay = (citizen_id, admitted, discharged) => ({
    citizen_id, birth_date: '1988-04-20', admitted, discharged, daily_rate: '1400', own_payment_per_night: '100',
  });
  const rows = [stay('a', '2026-06-01', '2027-01-01'), stay('b', '2026-06-01', '2027-01-01')];
  const support = (decision) => [
    { citizen_id: 'a', method: 'm-act', start: '2027-01-01', end: '2029-01-01', annual_cost: '36500', ...decision },
    { citizen_id: 'b', method: 'act', start: '2027-01-01', end: '2029-01-01', annual_cost: '36500', ...decision },
  ];

  test('evaluateRegister: decided_on rows give what the boolean rows give', () => {
    const byBoolean = wasm.evaluateRegister(rows, 'statutory', support({ decided_before_discharge: true }));
    const byDate = wasm.evaluateRegister(rows, 'statutory', support({ decided_on: '2027-01-01' }));
    assert.deepEqual(pickTotals(byDate.totals), pickTotals(byBoolean.totals));
    assert.deepEqual(byDate.citizens, byBoolean.citizens);
    assert.deepEqual(byDate.years, byBoolean.years);
    // Each citizen as one scenario through evaluate(): the same totals.
    const one = wasm.evaluate(e2WithSupport({ decided_on: '2027-01-01' }));
    for (const c of byDate.citizens) assert.deepEqual(pickTotals(c), pickTotals(one.totals));
    assert.equal(byDate.citizens[0].support_days, 731);

    const late = wasm.evaluateRegister(rows, 'statutory', support({ decided_on: '2027-01-02' }));
    const no = wasm.evaluateRegister(rows, 'statutory', support({ decided_before_discharge: false }));
    assert.deepEqual(pickTotals(late.totals), pickTotals(no.totals));
    // Two citizens, 36,550 each of support refund lost by a decision one day late.
    assert.equal(Number(byDate.totals.state_refusion) - Number(late.totals.state_refusion), 73100);
  });

  test('evaluateRegister: rows mixing the boolean and the date', () => {
    const mixed = [
      { ...support({})[0], decided_before_discharge: true },
      { ...support({})[1], decided_on: '2027-01-01' },
    ];
    const r = wasm.evaluateRegister(rows, 'statutory', mixed);
    const all = wasm.evaluateRegister(rows, 'statutory', support({ decided_before_discharge: true }));
    assert.deepEqual(pickTotals(r.totals), pickTotals(all.totals));
  });

  test('evaluateRegister: a support row that disagrees with itself is conflicting_fields', () => {
    const e = assertRefusionError(
      () => wasm.evaluateRegister(rows, 'statutory', support({ decided_before_discharge: true, decided_on: '2027-02-01' })),
      'conflicting_fields',
    );
    assert.match(e.field, /decided_on/);
  });

  test('evaluateRegisterCsv: a support file with only a decided_on column', () => {
    const stays = [
      'citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night',
      'a,1988-04-20,2026-06-01,2027-01-01,1400,100',
      'b,1988-04-20,2026-06-01,2027-01-01,1400,100',
    ].join('\n');
    const csv = (decided) => [
      'citizen_id,method,start,end,annual_cost,decided_on',
      `a,m-act,2027-01-01,2029-01-01,36500,${decided}`,
      `b,act,2027-01-01,2029-01-01,36500,${decided}`,
    ].join('\n');
    const onTime = wasm.evaluateRegisterCsv(stays, 'statutory', csv('2027-01-01'));
    const objects = wasm.evaluateRegister(rows, 'statutory', support({ decided_on: '2027-01-01' }));
    assert.deepEqual(pickTotals(onTime.totals), pickTotals(objects.totals));
    const late = wasm.evaluateRegisterCsv(stays, 'statutory', csv('2027-01-02'));
    assert.equal(Number(onTime.totals.state_refusion) - Number(late.totals.state_refusion), 73100);
  });
});
