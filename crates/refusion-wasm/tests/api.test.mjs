// The JS API on figures worked out by hand from the rules (README "Worked examples" and
// "Break-even, precisely"; crates/refusion-core/tests/{break_even,budget,team}.rs). Each
// derivation is written next to its assertions and was checked independently.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';

import { assertRefusionError, e2Scenario, loadNodeBuild, repoPath, WEB_DTS } from './helpers.mjs';

const wasm = await loadNodeBuild();

const totals = (gross, citizen_payment, state_refusion, municipal_net) =>
  ({ gross, citizen_payment, state_refusion, municipal_net });
const pickTotals = (t) => totals(t.gross, t.citizen_payment, t.state_refusion, t.municipal_net);

/** E5: 2026-10-01 → 2027-01-01 at 1400 (own 100), then M-ACT 2027-01-01 → 2029-01-01. */
function e5Scenario() {
  return {
    citizen: { birth_date: '1988-04-20' },
    shelter_stays: [
      { admitted: '2026-10-01', discharged: '2027-01-01', daily_rate: '1400', own_payment_per_night: '100' },
    ],
    home_support: [
      { method: 'm-act', start: '2027-01-01', end: '2029-01-01', annual_cost: '104000', decided_before_discharge: true },
    ],
  };
}

describe('evaluate', () => {
  // E2: June 30 + July 31 + Aug 31 + Sep 30 + Oct 31 + Nov 30 + Dec 31 = 214 nights.
  // gross 214 × 1400 = 299,600; citizen 214 × 100 = 21,400; all nights from 2026-04-01, so cap
  // 90: refusion 90 × 50 % × 1300 = 58,500; net 299,600 − 21,400 − 58,500 = 219,700.
  test('E2: 214 nights, 90 refunded, municipal net 219700.00', () => {
    const r = wasm.evaluate(e2Scenario());
    assert.equal(r.policy, 'statutory');
    assert.deepEqual(pickTotals(r.totals), totals('299600.00', '21400.00', '58500.00', '219700.00'));
    assert.equal(r.nights.shelter_nights, 214);
    assert.equal(r.nights.shelter_refunded_nights, 90);
    // One window: one calendar year from the first night (end exclusive).
    assert.deepEqual(
      r.windows.map(({ start, end, nights, refunded_nights }) => ({ start, end, nights, refunded_nights })),
      [{ start: '2026-06-01', end: '2027-06-01', nights: 214, refunded_nights: 90 }],
    );
    assert.deepEqual(r.years.map((y) => y.year), [2026]);
    assert.ok(r.trace.some((t) => t.rule === 'R3'), 'the trace cites R3');
    assert.ok(r.lines.length > 0);
  });

  // E5: 92 nights (Oct 31 + Nov 30 + Dec 31), 90 refunded: gross 128,800, citizen 9,200,
  // refusion 58,500. M-ACT over 2027 (365 days) + 2028 (366) = 731 days:
  // 104,000 × 731 / 365 = 208,284.9315…, all inside the § 176 a period [2027-01-01, 2029-01-01),
  // refunded 50 % = 104,142.4658….
  // gross 128,800 + 208,284.93 = 337,084.93; refusion 58,500 + 104,142.47 = 162,642.47;
  // net 337,084.93 − 9,200 − 162,642.47 = 165,242.46.
  test('E5: discharge to M-ACT', () => {
    const r = wasm.evaluate(e5Scenario());
    assert.deepEqual(pickTotals(r.totals), totals('337084.93', '9200.00', '162642.47', '165242.46'));
    assert.equal(r.nights.shelter_nights, 92);
    assert.equal(r.nights.shelter_refunded_nights, 90);
    assert.equal(r.nights.support_days, 731);
    assert.equal(r.nights.support_refunded_days, 731);
    // By year: 2026 the stay (net 128,800 − 9,200 − 58,500 = 61,100); 2027: 365 days = 104,000,
    // half refunded; 2028: 366 days = 104,284.93, refunded 52,142.47, net 52,142.46.
    assert.deepEqual(r.years.map((y) => [y.year, ...Object.values(pickTotals(y))]), [
      [2026, '128800.00', '9200.00', '58500.00', '61100.00'],
      [2027, '104000.00', '0.00', '52000.00', '52000.00'],
      [2028, '104284.93', '0.00', '52142.47', '52142.46'],
    ]);
    assert.equal(r.periods.length, 1);
    assert.deepEqual(
      { rule: r.periods[0].rule, discharge: r.periods[0].discharge, start: r.periods[0].start, end: r.periods[0].end },
      { rule: 'R8', discharge: '2027-01-01', start: '2027-01-01', end: '2029-01-01' },
    );
  });

  test('evaluateText gives the same result for JSON and TOML', () => {
    const json = wasm.evaluateText(JSON.stringify(e2Scenario()));
    const toml = wasm.evaluateText([
      '[citizen]', 'birth_date = "1988-04-20"', '',
      '[[shelter_stays]]', 'admitted = "2026-06-01"', 'discharged = "2027-01-01"',
      'daily_rate = "1400"', 'own_payment_per_night = "100"', '',
    ].join('\n'));
    assert.deepEqual(json, wasm.evaluate(e2Scenario()));
    assert.deepEqual(toml, json);
    // In text, integers are accepted for money (a JSON integer is exact).
    const ints = wasm.evaluateText(
      '{"citizen": {"birth_date": "1988-04-20"}, "shelter_stays": [{"admitted": "2026-06-01", '
      + '"discharged": "2027-01-01", "daily_rate": 1400, "own_payment_per_night": 100}]}',
    );
    assert.equal(ints.totals.municipal_net, '219700.00');
  });
});

describe('compare', () => {
  // E2 under pre-reform (E6): all 214 nights refunded: 214 × 650 = 139,100 refusion, net
  // 299,600 − 21,400 − 139,100 = 139,100. B − A: refusion +80,600, municipal net
  // 139,100 − 219,700 = −80,600; gross and citizen unchanged, so the public sector is indifferent.
  test('E2 vs the same scenario under "pre-reform"', () => {
    const e2 = e2Scenario();
    const r = wasm.compare(e2, { ...e2, policy: 'pre-reform' });
    assert.equal(r.a.evaluation.totals.municipal_net, '219700.00');
    assert.equal(r.b.evaluation.totals.municipal_net, '139100.00');
    assert.equal(r.b.evaluation.policy, 'pre-reform');
    assert.deepEqual(pickTotals(r.difference), totals('0.00', '0.00', '80600.00', '-80600.00'));
    assert.equal(r.difference.municipal_net, '-80600.00');
    assert.equal(r.years.length, 1);
    assert.equal(r.years[0].year, 2026);
    assert.deepEqual(pickTotals(r.years[0].difference), pickTotals(r.difference));
    assert.equal(r.cheaper_for_municipality, 'B');
    assert.equal(r.cheaper_for_public_sector, null);
  });

  // A: stay 2026-10-01 → 2029-01-01 instead (92 + 365 + 366 = 823 nights). Windows open
  // 2026-10-01, 2027-10-01 and 2028-10-01 (next-admission, mid-stay), 90 refunded in each:
  // gross 823 × 1400 = 1,152,200; citizen 82,300; refusion 270 × 650 = 175,500;
  // net 894,400. B = E5. B − A: gross 337,084.93 − 1,152,200 = −815,115.07; citizen −73,100;
  // refusion 162,642.47 − 175,500 = −12,857.53; net 165,242.46 − 894,400 = −729,157.54.
  test('E5 vs staying in the shelter until 2029', () => {
    const b = e5Scenario();
    const a = { citizen: b.citizen, shelter_stays: [{ ...b.shelter_stays[0], discharged: '2029-01-01' }] };
    const r = wasm.compare(a, b);
    assert.deepEqual(pickTotals(r.a.evaluation.totals), totals('1152200.00', '82300.00', '175500.00', '894400.00'));
    assert.deepEqual(
      r.a.evaluation.windows.map((w) => [w.start, w.end, w.nights, w.refunded_nights]),
      [['2026-10-01', '2027-10-01', 365, 90], ['2027-10-01', '2028-10-01', 366, 90], ['2028-10-01', '2029-10-01', 92, 90]],
    );
    assert.deepEqual(pickTotals(r.b.evaluation.totals), totals('337084.93', '9200.00', '162642.47', '165242.46'));
    assert.deepEqual(pickTotals(r.difference), totals('-815115.07', '-73100.00', '-12857.53', '-729157.54'));
    // By year (municipal net): 2026 identical; 2027 52,000 − (511,000 − 36,500 − 58,500 = 416,000);
    // 2028 52,142.46 − (512,400 − 36,600 − 58,500 = 417,300).
    assert.deepEqual(r.years.map((y) => [y.year, y.difference.municipal_net]), [
      [2026, '0.00'], [2027, '-364000.00'], [2028, '-365157.54'],
    ]);
    assert.equal(r.cheaper_for_municipality, 'B');
    assert.equal(r.cheaper_for_public_sector, 'B');
  });
});

// Cumulative E2: day 0 nothing; the refunded 90 nights (2026-06-01 … 2026-08-29) cost the
// municipality 650 each = 58,500 by 2026-08-30; then 1,300 a night for 124 nights:
// 58,500 + 161,200 = 219,700 at 2027-01-01.
test('cumulative(E2)', () => {
  const points = wasm.cumulative(e2Scenario());
  assert.deepEqual(points.map((p) => [p.date, p.day, p.municipal_net]), [
    ['2026-06-01', 0, '0.00'],
    ['2026-08-30', 90, '58500.00'],
    ['2027-01-01', 214, '219700.00'],
  ]);
  assert.deepEqual(pickTotals(points[1]), totals('126000.00', '9000.00', '58500.00', '58500.00'));
  assert.deepEqual(pickTotals(points[2]), pickTotals(wasm.evaluate(e2Scenario()).totals));
});

describe('breakEven', () => {
  const query = (extra = {}) => ({
    citizen: { birth_date: '1988-04-20' }, admitted: '2026-06-01',
    daily_rate: '1400', own_payment_per_night: '100',
    support: { method: 'm-act', annual_cost: '104000' }, ...extra,
  });

  // Support pathway: one night (650 municipal, 1,300 public) + 2026-06-02 → 2028-06-01 = 730
  // days of M-ACT = 208,000, half refunded: municipal 104,650, public 209,300.
  // Staying n nights: 58,500 + (n − 90) × 1,300 > 104,650 ⇔ n − 90 > 35.5 ⇔ n = 126, which is
  // night 2026-06-01 + 125 days = 2026-10-04 (stay cost 58,500 + 36 × 1,300 = 105,300).
  // Public: 1,300 n > 209,300 ⇔ n > 161 ⇔ n = 162 = 2026-11-09 (210,600).
  test('default discharge (the morning after the first night): nights 126 and 162', () => {
    const b = wasm.breakEven(query());
    assert.equal(b.admitted, '2026-06-01');
    assert.equal(b.discharge, '2026-06-02');
    assert.equal(b.horizon_end, '2028-06-01');
    assert.deepEqual(pickTotals(b.support_pathway), totals('209400.00', '100.00', '104650.00', '104650.00'));
    assert.deepEqual(b.municipality, { night: 126, date: '2026-10-04', stay_cost: '105300.00', support_cost: '104650.00' });
    assert.deepEqual(b.public_sector, { night: 162, date: '2026-11-09', stay_cost: '210600.00', support_cost: '209300.00' });
    // The curves start at zero and end at the whole-horizon totals.
    assert.equal(b.stay_curve[0].gross, '0.00');
    assert.deepEqual(pickTotals(b.stay_curve.at(-1)), pickTotals(b.stay_whole_horizon));
    assert.deepEqual(pickTotals(b.support_curve.at(-1)), pickTotals(b.support_pathway));
  });

  // Discharge 2026-07-01 after 30 nights (all refunded: 19,500 municipal, 39,000 public), then
  // 2026-07-01 → 2028-06-01 = 365 + 336 = 701 days: 104,000 × 701 / 365 = 199,736.9863…,
  // half refunded. Municipal 19,500 + 99,868.49… = 119,368.49…:
  // 58,500 + (n − 90) × 1,300 > 119,368.49 ⇔ n − 90 ≥ 47 ⇔ n = 137 (2026-10-15, 119,600).
  // Public 39,000 + 199,736.99 = 238,736.99: 1,300 n > 238,736.99 ⇔ n = 184 (2026-12-01).
  test('discharge 2026-07-01: nights 137 and 184', () => {
    const b = wasm.breakEven(query({ discharge: '2026-07-01' }));
    assert.equal(b.discharge, '2026-07-01');
    assert.equal(b.municipality.night, 137);
    assert.equal(b.municipality.date, '2026-10-15');
    assert.equal(b.municipality.stay_cost, '119600.00');
    assert.equal(b.public_sector.night, 184);
    assert.equal(b.public_sector.date, '2026-12-01');
    assert.equal(b.public_sector.stay_cost, '239200.00');
    // Rounded per the README convention: gross 42,000 + 199,736.9863 → 241,736.99; refusion
    // 19,500 + 99,868.4932 → 119,368.49; net taken from the rounded figures.
    assert.deepEqual(pickTotals(b.support_pathway), totals('241736.99', '3000.00', '119368.49', '119368.50'));
  });

  // Not decided before discharge: municipal 650 + 208,000 = 208,650:
  // 58,500 + (n − 90) × 1,300 > 208,650 ⇔ n − 90 ≥ 116 ⇔ n = 206; public unchanged at 162.
  test('support not decided before discharge: nights 206 and 162', () => {
    const b = wasm.breakEven(query({ support: { method: 'm-act', annual_cost: '104000', decided_before_discharge: false } }));
    assert.equal(b.municipality.night, 206);
    assert.equal(b.public_sector.night, 162);
  });
});

describe('team and reference', () => {
  // Staff 2 × 460,000 + 520,000 + 480,000 + 0.5 × 560,000 = 2,200,000; + 180,000 other
  // operating = 2,380,000; / caseload 24 = 99,166.666… → 99,166.67. Establishment 300,000 over
  // 3 years: (2,380,000 + 100,000) / 24 = 103,333.33. (99,166.67 − 104,000) / 104,000 = −4.6 %.
  test('teamCost(undefined): the illustrative team', () => {
    const c = wasm.teamCost(undefined);
    assert.equal(c.staff_cost, '2200000.00');
    assert.equal(c.operating_cost, '2380000.00');
    assert.equal(c.establishment_per_year, '100000.00');
    assert.equal(c.caseload, 24);
    assert.equal(c.operating_per_citizen_year, '99166.67');
    assert.equal(c.total_per_citizen_year, '103333.33');
    assert.equal(c.placement.position, 'within_range');
    assert.equal(c.placement.vs_mean_percent, '-4.6');
    assert.equal(c.illustrative, true);
    assert.deepEqual(c.warnings, []);
    assert.deepEqual(wasm.teamCost(wasm.illustrativeTeam()), c, 'illustrativeTeam() round-trips');
  });

  // A smaller team: 2 FTE × 450,000 / caseload 10 = 90,000; three functions missing → 3 warnings.
  test('teamCost of a one-line model', () => {
    const c = wasm.teamCost({
      caseload: 10,
      staff: [{ role: 'bostøtte', function: 'social-support', fte: '2', annual_salary: '450000' }],
    });
    assert.equal(c.operating_per_citizen_year, '90000.00');
    assert.equal(c.warnings.length, 3);
  });

  // 130,000 > 121,000: above the range, 26,000 = 25.0 % above the mean 104,000.
  test('placeCost against the Rambøll range 78,000–121,000', () => {
    const p = wasm.placeCost('130000');
    assert.equal(p.position, 'above_range');
    assert.equal(p.vs_mean, '26000');
    assert.equal(p.vs_mean_percent, '25.0');
    assert.deepEqual([p.low, p.mean, p.high], ['78000', '104000', '121000']);
    assert.equal(wasm.placeCost('77999').position, 'below_range');
    assert.equal(wasm.placeCost('78000').position, 'within_range');
    assert.equal(wasm.placeCost('121000').position, 'within_range');
    assert.equal(wasm.placeCost('121000.01').position, 'above_range');
  });

  test('references() carries the figures and their sources', () => {
    const r = wasm.references();
    assert.deepEqual([r.m_act.mean, r.m_act.low, r.m_act.high], ['104000', '78000', '121000']);
    assert.equal(r.m_act.price_year, 2022);
    assert.match(r.m_act.price_year_basis, /^assumed: /);
    assert.equal(r.act.mean, '107446');
    assert.equal(r.act.price_year, 2017);
    // The catalog's source ids, each spelled out as the whole source: Rambøll's report (from
    // Social- og Boligstyrelsen) and SØM's cost assessment for M-ACT, VIVE/Rambøll for ACT.
    const cat = wasm.catalog();
    for (const key of ['m_act', 'act']) {
      const ids = cat.reference[key].sources;
      assert.ok(ids.length > 0, key);
      assert.deepEqual(
        r[key].sources,
        ids.map((id) => { const { used_by, ...source } = cat.sources[id]; return source; }),
        key,
      );
      for (const s of r[key].sources) {
        for (const f of ['issuer', 'title', 'url', 'version', 'checked', 'citation']) {
          assert.ok(typeof s[f] === 'string' && s[f].length > 0, `${key}: ${f} of ${s.citation}`);
        }
      }
    }
    assert.deepEqual(cat.reference.m_act.sources, ['ramboll-mact', 'soem-mact']);
    assert.match(r.m_act.sources[0].url, /^https:\/\/www\.sbst\.dk\/udgivelser\/2023\/modning-af-modificeret-act/);
    assert.match(r.m_act.sources[0].citation, /^Rambøll \(2022\)/);
    assert.match(r.m_act.sources[0].quote, /104\.000 kr\. pr\. person pr\. år/);
    assert.match(r.act.sources[0].url, /^https:\/\/www\.sfi\.dk\//);
  });
});

describe('policies', () => {
  test('presets() lists statutory, reform-2023, age-26 and pre-reform with descriptions', () => {
    const p = wasm.presets();
    assert.deepEqual(Object.keys(p).sort(), ['age-26', 'pre-reform', 'reform-2023', 'statutory']);
    for (const v of Object.values(p)) assert.ok(typeof v === 'string' && v.length > 20);
  });

  /** The parameter `name` of a PolicyView. */
  const param = (view, name) => {
    const p = view.parameters.find((x) => x.name === name);
    assert.ok(p, `parameter ${name} in ${view.parameters.map((x) => x.name)}`);
    return p;
  };
  /** The last (current) value of a parameter. */
  const current = (view, name) => param(view, name).steps.at(-1).value;

  test('policy("age-26"): the cap follows age, 120 before 26 and 90 from it', () => {
    const p = wasm.policy('age-26');
    assert.deepEqual(Object.keys(p), ['name', 'preset', 'preset_description', 'overrides', 'parameters']);
    assert.equal(p.name, 'age-26');
    assert.equal(p.preset, 'age-26');
    assert.deepEqual(p.overrides, []);
    assert.match(p.preset_description.en, /120 nights before the citizen's 26th birthday and 90 from it/);
    assert.match(p.preset_description.da, /120 nætter før borgerens 26-års fødselsdag/);
    // Every parameter of the registry, each with its rule, unit, description and sourced steps.
    for (const x of p.parameters) {
      assert.ok(x.rule && x.unit && x.description.da && x.description.en, x.name);
      assert.ok(x.override_names.includes(x.name), x.name);
      assert.ok(x.steps.length > 0, x.name);
      for (const s of x.steps) {
        assert.ok(s.shown.da && s.shown.en && s.rule && s.source && s.citation, `${x.name}: ${JSON.stringify(s)}`);
        assert.ok(('from' in s) !== ('from_age' in s), `${x.name}: from or from_age`);
      }
    }
    const basis = param(p, 'cap_basis');
    assert.equal(basis.unit, 'choice');
    assert.deepEqual(basis.choices, ['date', 'age', 'none']);
    assert.equal(current(p, 'cap_basis'), 'age');
    assert.equal(basis.steps.at(-1).source, 'project-brief-age-26');
    const byAge = param(p, 'cap_nights_by_age');
    assert.equal(byAge.unit, 'nights');
    assert.deepEqual(byAge.override_names, ['cap_nights_by_age', 'cap_switch_age']);
    assert.deepEqual(
      byAge.steps.map((s) => [s.from_age, s.value, s.rule, s.shown.da]),
      [[0, 120, 'age-26', '120'], [26, 90, 'age-26', '90']],
    );
    for (const s of byAge.steps) {
      assert.equal(s.source, 'project-brief-age-26');
      assert.match(s.url, /^https:\/\/www\.sbst\.dk\//);
      assert.ok(!('from' in s));
    }
    // The statutory cap: 120 nights from 1 October 2023 (R2), 90 from 1 April 2026 (R3).
    const statutory = wasm.policy('statutory');
    assert.equal(wasm.policy(undefined).name, 'statutory');
    assert.equal(current(statutory, 'cap_basis'), 'date');
    assert.deepEqual(
      param(statutory, 'cap_nights').steps.map((s) => [s.from, s.value, s.rule, s.shown.en]),
      [['2023-10-01', 120, 'R2', '120'], ['2026-04-01', 90, 'R3', '90']],
    );
    assert.deepEqual(param(statutory, 'refund_rate').steps.at(-1).shown, { da: '50 %', en: '50 %' });
  });

  test('policy with overrides names them and shows the overridden steps', () => {
    const p = wasm.policy({ preset: 'statutory', overrides: { cap_nights: 60 } });
    assert.deepEqual(p.overrides, ['cap_nights']);
    const cap = param(p, 'cap_nights');
    assert.equal(cap.steps.at(-1).value, 60);
    assert.equal(cap.steps.at(-1).source, 'override');
  });
});

// Register: citizen a = E2 (219,700) plus 2027-08-01 → 2027-09-01 (31 nights): the first
// window 2026-06-01 → 2027-06-01 has ended, so 2027-08-01 opens a new one and all 31 are
// refunded: 31 × 1,400 = 43,400 gross, 3,100 citizen, 31 × 650 = 20,150 refusion, 20,150 net;
// a: 219,700 + 20,150 = 239,850. Citizen b = E4: 213 nights at 1,000 (own 0) in 2024, cap
// 120 (before 2026-04-01): 213,000 − 60,000 = 153,000.
test('evaluateRegister: two citizens, three rows', () => {
  const row = (citizen_id, birth_date, admitted, discharged, daily_rate, own_payment_per_night) =>
    ({ citizen_id, birth_date, admitted, discharged, daily_rate, own_payment_per_night });
  const r = wasm.evaluateRegister([
    row('a', '1988-04-20', '2026-06-01', '2027-01-01', '1400', '100'),
    row('b', '1979-11-11', '2024-02-01', '2024-09-01', '1000', '0'),
    row('a', '1988-04-20', '2027-08-01', '2027-09-01', '1400', '100'),
  ], undefined);
  assert.equal(r.policy, 'statutory');
  assert.equal(r.rows, 3);
  const byId = Object.fromEntries(r.citizens.map((c) => [c.citizen_id, c]));
  assert.deepEqual(Object.keys(byId).sort(), ['a', 'b']);
  assert.deepEqual(pickTotals(byId.a), totals('343000.00', '24500.00', '78650.00', '239850.00'));
  assert.deepEqual([byId.a.stays, byId.a.nights, byId.a.refunded_nights], [2, 245, 121]);
  assert.deepEqual(pickTotals(byId.b), totals('213000.00', '0.00', '60000.00', '153000.00'));
  assert.deepEqual([byId.b.stays, byId.b.nights, byId.b.refunded_nights], [1, 213, 120]);
  assert.deepEqual(r.years.map((y) => [y.year, y.municipal_net]), [
    [2024, '153000.00'], [2026, '219700.00'], [2027, '20150.00'],
  ]);
  assert.deepEqual(pickTotals(r.totals), totals('556000.00', '24500.00', '138650.00', '392850.00'));
  // The same rows under pre-reform: every night refunded, for a: 245 × 650 = 159,250 refusion.
  const pre = wasm.evaluateRegister([
    row('a', '1988-04-20', '2026-06-01', '2027-01-01', '1400', '100'),
    row('a', '1988-04-20', '2027-08-01', '2027-09-01', '1400', '100'),
  ], 'pre-reform');
  assert.equal(pre.citizens[0].state_refusion, '159250.00');
});

// 12 citizens in 2027, one on the 1st of each month, every one discharged to support
// (share_discharged 100 %). Status quo: 30 nights at 1,000 (own 0), all
// refunded: 360,000 gross, 180,000 net. Plan: 1 night (1,000, refunded 500) then support at
// 36,500 a year = 100 a day from the 2nd. Support days in 2027: Σ (364 − day-of-year index of
// the 1st) = 12 × 364 − (0+31+59+90+120+151+181+212+243+273+304+334 = 1,998) = 2,370 → 237,000,
// half refunded: plan gross 249,000, refusion 6,000 + 118,500 = 124,500, net 124,500. Effect
// −111,000 gross, −55,500 refusion and net. 2,370 / 365 = 6.49 citizen-years / caseload 10 →
// 1 team (4.5 FTE), established for 50,000: municipal effect −55,500 + 50,000 = −5,500.
test('budget: the hand-worked one-year query', () => {
  const b = wasm.budget({
    first_year: 2027, horizon_years: 1, citizens_per_year: 12, average_stay_nights: 30,
    nights_before_discharge: 1, daily_rate: '1000', own_payment_per_night: '0',
    annual_costs: [{ label: 'x', annual_cost: '36500' }], caseload: 10,
    team_size_fte: '4.5', establishment_cost_per_team: '50000', share_discharged: '1',
  });
  assert.equal(b.first_year, 2027);
  assert.equal(b.share_discharged_percent, 100);
  assert.equal(b.caseload, 10);
  assert.equal(b.horizon_years, 1);
  assert.equal(b.variants.length, 1);
  const v = b.variants[0];
  assert.equal(v.label, 'x');
  assert.equal(v.annual_cost, '36500');
  assert.equal(v.years.length, 1);
  const y = v.years[0];
  assert.equal(y.year, 2027);
  assert.deepEqual(pickTotals(y.baseline), totals('360000.00', '0.00', '180000.00', '180000.00'));
  assert.deepEqual([y.baseline.shelter, y.baseline.support], ['360000.00', '0.00']);
  // 12 citizens × 1 night × 1,000 in shelter; 2,370 support days × 100.
  assert.deepEqual([y.plan.shelter, y.plan.support], ['12000.00', '237000.00']);
  assert.equal(y.present_value, '-5500.00'); // the first year is not discounted
  assert.equal(b.discount_rate, '0.035'); // Finansministeriet's default
  assert.deepEqual(pickTotals(y.plan), totals('249000.00', '0.00', '124500.00', '124500.00'));
  assert.deepEqual(pickTotals(y.effect), totals('-111000.00', '0.00', '-55500.00', '-55500.00'));
  assert.equal(y.support_citizen_years, '6.49');
  assert.deepEqual([y.teams, y.new_teams], [1, 1]);
  assert.equal(y.fte, '4.5');
  assert.equal(y.establishment, '50000.00');
  assert.equal(y.municipal_effect, '-5500.00');
  assert.equal(v.total_municipal_effect, '-5500.00');
  assert.equal(v.total_effect.municipal_net, '-55500.00');
  // 36,500 a citizen-year × 10 citizens at one time ÷ 4.5 FTE = 81,111.11 per FTE.
  assert.equal(v.cost_per_fte, '81111.11');
});

test('budget: every Totals figure is written to the øre, like evaluate()', () => {
  const b = wasm.budget({
    first_year: 2027, horizon_years: 1, citizens_per_year: 12, average_stay_nights: 30,
    daily_rate: '1000', own_payment_per_night: '0', caseload: 10,
  });
  for (const v of b.variants) {
    for (const t of [v.total_effect, ...v.years.flatMap((y) => [y.baseline, y.plan, y.effect])]) {
      for (const x of Object.values(pickTotals(t))) assert.match(x, /^-?\d+\.\d{2}$/, `${v.label}: ${JSON.stringify(t)}`);
    }
  }
});

test('budget: default variants are the Rambøll low, mean and high', () => {
  const b = wasm.budget({
    first_year: 2027, citizens_per_year: 30, average_stay_nights: 200,
    daily_rate: '1400', own_payment_per_night: '100', caseload: 20,
  });
  assert.deepEqual(b.variants.map((v) => [v.label, v.annual_cost]), [['low', '78000'], ['mean', '104000'], ['high', '121000']]);
  assert.equal(b.horizon_years, 3);
  assert.deepEqual(b.variants[1].years.map((y) => y.year), [2027, 2028, 2029]);
  const net = (v) => Number(v.total_municipal_effect); // comparison only, never arithmetic on money
  assert.ok(net(b.variants[0]) < net(b.variants[2]), 'a dearer support costs the municipality more');
});

describe('typed amounts and dates', () => {
  test('parseAmount: Danish and plain amounts, as a plain decimal string', () => {
    assert.equal(wasm.parseAmount('1.234,50'), '1234.50');
    assert.equal(wasm.parseAmount('104 000 kr.'), '104000');
    assert.equal(wasm.parseAmount('1234.50'), '1234.50');
    // English thousands separators are refused, with a message that shows both fixes.
    const e = assertRefusionError(() => wasm.parseAmount('1,234.50'), 'invalid_amount', 'amount');
    assert.match(e.message, /1234\.50/);
    assert.match(e.message, /1\.234,50/);
    assertRefusionError(() => wasm.parseAmount(1234.5), 'wrong_type', 'amount');
  });

  test('parsePercent: a typed percentage as a rate', () => {
    assert.equal(wasm.parsePercent('3,5'), '0.035');
    assert.equal(wasm.parsePercent('50 %'), '0.5');
    assertRefusionError(() => wasm.parsePercent(3.5), 'wrong_type', 'percent');
  });

  test('formatAmount: to the øre, grouped, in Danish or English, with or without the currency', () => {
    assert.equal(wasm.formatAmount('219700', 'da'), '219.700,00');
    assert.equal(wasm.formatAmount('219700', 'en'), '219,700.00');
    assert.equal(wasm.formatAmount('219700', 'da', true), '219.700,00 kr.');
    assert.equal(wasm.formatAmount('219700', 'en', true), 'DKK 219,700.00');
    assert.equal(wasm.formatAmount('219700'), '219.700,00', 'Danish by default');
    assertRefusionError(() => wasm.formatAmount('219700', 'de'), 'invalid_parameter', 'lang');
    assertRefusionError(() => wasm.formatAmount(219700, 'da'), 'wrong_type', 'value');
  });

  test('formatPercent and formatDate', () => {
    assert.equal(wasm.formatPercent('0.035', 'da'), '3,5 %');
    assert.equal(wasm.formatPercent('0.035', 'en'), '3.5 %');
    assert.equal(wasm.formatDate('2023-10-01', 'da'), '1. okt. 2023');
    assert.equal(wasm.formatDate('2023-10-01', 'en'), '1 Oct 2023');
    assertRefusionError(() => wasm.formatDate('2023-02-30', 'da'), 'invalid_date', 'date');
    assertRefusionError(() => wasm.formatDate('2023-10-01', 5), 'wrong_type', 'lang');
  });
});

describe('catalog and defaults', () => {
  test('catalog(): every source says who cites it', () => {
    const c = wasm.catalog();
    assert.deepEqual(Object.keys(c), ['sources', 'rules', 'parameters', 'presets', 'comparisons', 'illustrative', 'reference', 'cohort', 'economics']);
    const ids = Object.keys(c.sources);
    assert.ok(ids.length > 10, `${ids.length} sources`);
    for (const [id, s] of Object.entries(c.sources)) {
      assert.ok(Array.isArray(s.used_by), id);
      assert.ok(s.issuer && s.title && s.citation && s.checked, id);
      for (const u of s.used_by) {
        assert.ok(['parameter', 'rule', 'preset', 'reference', 'cohort', 'economics'].includes(u.kind), `${id}: ${u.kind}`);
        assert.equal(typeof u.name, 'string');
      }
    }
    assert.deepEqual(c.sources['ramboll-mact'].used_by, [{ kind: 'reference', name: 'm_act' }]);
    const sbst = c.sources['sbst-omstilling'].used_by;
    assert.ok(sbst.some((u) => u.kind === 'parameter' && u.name === 'cap_nights'), JSON.stringify(sbst));
    assert.ok(sbst.some((u) => u.kind === 'rule'), JSON.stringify(sbst));
    // Every id the rules, presets and figures cite is a source of the catalog.
    const cited = [
      ...Object.values(c.rules).flatMap((r) => r.sources),
      ...Object.values(c.presets).flatMap((p) => p.sources),
      ...c.reference.m_act.sources, ...c.reference.act.sources, ...c.cohort.sources, ...c.economics.sources,
    ];
    for (const id of cited) assert.ok(id in c.sources, id);
    // The baseline parameters are the statutory policy's.
    assert.deepEqual(c.parameters, wasm.policy('statutory').parameters);
    assert.deepEqual(c.presets['age-26'].overrides, { cap_basis: 'age' });
    assert.deepEqual(c.presets['reform-2023'].overrides, { cap_nights: 120 });
    // Every ready comparison names two presets of the catalog.
    for (const [name, cmp] of Object.entries(c.comparisons)) {
      assert.ok(cmp.base in c.presets && cmp.policy in c.presets, name);
    }
    assert.deepEqual([c.illustrative.share_discharged_range.low, c.illustrative.share_discharged_range.high], [50, 90]);
    assert.equal(c.economics.discount_rate, '0.035');
  });

  test('defaults(): the figures a front end fills in, each with its source', () => {
    const d = wasm.defaults();
    const c = wasm.catalog();
    const source = (id) => c.sources[id];
    assert.deepEqual([d.m_act.mean, d.m_act.low, d.m_act.high], ['104000', '78000', '121000']);
    assert.equal(d.m_act.price_year, 2022);
    assert.equal(d.m_act.citation, source('ramboll-mact').citation);
    assert.equal(d.m_act.url, source('ramboll-mact').url);
    assert.equal(d.act.mean, '107446');
    assert.ok(!('low' in d.act) && !('high' in d.act), 'ACT is a point figure');
    assert.equal(d.act.citation, source(c.reference.act.sources[0]).citation);
    assert.deepEqual(d.discount_rate.value, '0.035');
    assert.deepEqual(d.discount_rate.shown, { da: '3,5 %', en: '3.5 %' });
    assert.equal(d.discount_rate.citation, source(c.economics.sources[0]).citation);
    assert.equal(d.support_years.value, 2);
    assert.deepEqual(d.support_years.shown, { da: '2 år', en: '2 years' });
    assert.match(d.own_payment.value, /^\d+(\.\d+)?$/);
    assert.equal(
      d.own_payment.citation,
      source(wasm.policy('statutory').parameters.find((p) => p.name === 'own_payment_reference').steps.at(-1).source).citation,
    );
    assert.ok(d.amount_rule.da && d.amount_rule.en);
    assert.deepEqual(d.presets.map((p) => p.name), ['age-26', 'pre-reform', 'reform-2023', 'statutory']);
    for (const p of d.presets) {
      assert.equal(p.description.en, wasm.presets()[p.name]);
      assert.ok(p.title.da && p.title.en, p.name);
    }
    assert.equal(d.presets.find((p) => p.name === 'statutory').title.da, 'Gældende regler');
    // The ready comparisons: what the 2026 step costs, what the whole reform cost.
    assert.deepEqual(d.comparisons.map((x) => [x.name, x.policy, x.base]), [
      ['reform', 'statutory', 'pre-reform'],
      ['step-2026', 'statutory', 'reform-2023'],
    ]);
    // The defaults no source gives, each labelled illustrative.
    const illustrative = Object.fromEntries(d.illustrative.map((i) => [i.name, i]));
    assert.deepEqual(
      ['team_size_fte', 'caseload', 'establishment_cost_per_team', 'share_discharged'].map((n) => illustrative[n]?.value),
      ['4.5', '24', '300000', '0.7'],
    );
    for (const i of d.illustrative) assert.match(i.basis.da, /^illustrativ/, i.name);
  });
});

describe('metadata and types', () => {
  test('errorCodes() lists the 17 stable codes of the ErrorCode type', () => {
    const codes = wasm.errorCodes();
    assert.equal(codes.length, 17);
    assert.equal(new Set(codes).size, 17);
    assert.deepEqual(codes, [
      'syntax', 'missing_field', 'unknown_field', 'wrong_type', 'float_money', 'invalid_amount',
      'negative_amount', 'invalid_date', 'date_order', 'overlap', 'unknown_policy',
      'unknown_parameter', 'invalid_parameter', 'overflow', 'limit', 'inconsistent_register',
      'conflicting_fields',
    ]);
    // …and exactly the members of the ErrorCode union in the shipped .d.ts.
    const dts = fs.readFileSync(repoPath(WEB_DTS), 'utf8');
    const union = dts.match(/export type ErrorCode =([^;]*);/);
    assert.ok(union, 'ErrorCode type in the .d.ts');
    assert.deepEqual([...union[1].matchAll(/"([a-z_]+)"/g)].map((m) => m[1]).sort(), [...codes].sort());
  });

  test('version() is 0.1.0', () => {
    assert.equal(wasm.version(), '0.1.0');
  });

  test('web-demo/pkg/refusion_wasm.d.ts declares typed functions, none with `: any`', () => {
    const dts = fs.readFileSync(repoPath(WEB_DTS), 'utf8');
    // The package carries the declarations generated from the Rust types, as checked in.
    const generated = fs.readFileSync(repoPath('crates/refusion-wasm/src/types.d.ts'), 'utf8');
    assert.ok(dts.includes(generated), 'the .d.ts carries src/types.d.ts (rebuild: bash scripts/build-wasm.sh)');
    for (const signature of [
      'export function evaluate(scenario: Scenario): Evaluation;',
      'export function policy(spec?: PolicySpec | null): PolicyView;',
      'export function catalog(): Catalog;',
      'export function defaults(): Defaults;',
      'export function references(): References;',
      'export function parseAmount(text: string): string;',
      'export function parsePercent(text: string): string;',
      'export function formatAmount(value: Decimal, lang?: Lang | null, currency?: boolean | null, whole_kroner?: boolean | null): string;',
      'export function formatPercent(value: Decimal, lang?: Lang | null): string;',
      'export function formatDate(iso: IsoDate, lang?: Lang | null): string;',
    ]) {
      assert.ok(dts.includes(signature), signature);
    }
    const fnLines = dts.split('\n').filter((l) => /^\s*export function /.test(l));
    const names = fnLines.map((l) => l.match(/export function (\w+)/)[1]);
    for (const name of [
      'evaluate', 'evaluateText', 'compare', 'cumulative', 'breakEven', 'illustrativeTeam',
      'teamCost', 'placeCost', 'references', 'presets', 'policy', 'evaluateRegister', 'budget',
      'errorCodes', 'version', 'catalog', 'defaults', 'parseAmount', 'parsePercent', 'formatAmount',
      'formatPercent', 'formatDate', 'evaluateRegisterCsv', 'cohort', 'plan', 'monteCarlo', 'tornado',
    ]) {
      assert.ok(names.includes(name), `export function ${name} is declared`);
    }
    const untyped = fnLines.filter((l) => /:\s*any\b/.test(l));
    assert.deepEqual(untyped, [], 'no `: any` in an export function line');
    // Money and dates are typed as the decimal-string and date aliases, never `number`.
    assert.match(dts, /\n {4}daily_rate: Decimal,\n/);
    assert.match(dts, /\n {4}birth_date: IsoDate,\n/);
    assert.ok(!/\bbigint\b/.test(dts), 'no bigint: counts are JS numbers');
    for (const type of [
      'Scenario', 'Evaluation', 'RefusionError', 'BreakEvenQuery', 'BudgetQuery', 'StayRow', 'Catalog',
      'Defaults', 'PolicyView', 'ParameterView', 'StepView', 'References', 'Source', 'TraceEntry', 'Totals',
      'Decimal', 'IsoDate', 'Lang', 'Policy', 'RegisterCsvResult', 'Cohort',
    ]) {
      assert.match(dts, new RegExp(`export (interface|type) ${type}\\b`), `${type} is declared`);
    }
  });
});
