// The --target web artifact (web-demo/pkg, the ES module the browser page loads), initialised
// with initSync from its own .wasm file, gives exactly the Node build's results on every case
// file and on the other entry points: the artifact the page uses is the one the suite tests.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';

import {
  e2Scenario,
  loadCases,
  loadNodeBuild,
  loadWebBuild,
  repoPath,
  thrownBy,
  WEB_WASM,
} from './helpers.mjs';

const node = await loadNodeBuild();
const cases = loadCases();
const web = await loadWebBuild();

/** Runs `call` on both builds; both return deep-equal results or throw the same error. */
function same(call, label) {
  let nodeResult;
  let nodeError;
  try {
    nodeResult = call(node);
  } catch (e) {
    nodeError = e;
  }
  if (nodeError) {
    const webError = thrownBy(() => call(web));
    assert.ok(webError instanceof Error, `${label}: web threw a non-Error`);
    assert.equal(webError.name, 'RefusionError', `${label}: ${webError}`);
    assert.equal(nodeError.name, 'RefusionError', `${label}: ${nodeError}`);
    assert.equal(webError.code, nodeError.code, `${label}: code`);
    assert.equal(webError.field, nodeError.field, `${label}: field`);
    assert.equal(webError.message, nodeError.message, `${label}: message`);
    return nodeError;
  }
  const webResult = call(web);
  assert.deepStrictEqual(webResult, nodeResult, `${label}: web result = node result`);
  return nodeResult;
}

test('the web artifact is an ES module exporting initSync and the whole API', () => {
  for (const name of [
    'initSync', 'evaluate', 'evaluateText', 'compare', 'cumulative', 'breakEven',
    'illustrativeTeam', 'teamCost', 'placeCost', 'references', 'presets', 'policy',
    'evaluateRegister', 'budget', 'errorCodes', 'version',
  ]) {
    assert.equal(typeof web[name], 'function', `web export ${name}`);
  }
  assert.equal(typeof web.default, 'function', 'the default export (async init) exists');
  assert.equal(web.version(), node.version());
});

test('the web and node builds wrap the same wasm binary', () => {
  const webBytes = fs.readFileSync(repoPath(WEB_WASM));
  const nodeBytes = fs.readFileSync(repoPath('target/wasm-node/refusion_wasm_bg.wasm'));
  assert.ok(webBytes.length > 0);
  assert.ok(webBytes.equals(nodeBytes), 'web-demo/pkg and target/wasm-node wasm differ: rebuild');
});

describe('every case file: web result deepStrictEqual node result', () => {
  for (const { file, data } of cases) {
    test(file, () => {
      const r = same((m) => m.evaluate(data.scenario), file);
      if (data.expected.error) {
        assert.ok(r instanceof Error, `${file} should fail`);
        assert.equal(r.code, data.expected.error.code);
        assert.equal(r.field, data.expected.error.field);
      } else {
        assert.equal(r.totals.municipal_net, data.expected.totals.municipal_net, file);
      }
      same((m) => m.evaluateText(JSON.stringify(data.scenario)), `${file} (text)`);
    });
  }
});

test('the other entry points agree between the builds', () => {
  const e2 = e2Scenario();
  const breakEvenQuery = {
    citizen: { birth_date: '1988-04-20' }, admitted: '2026-06-01',
    daily_rate: '1400', own_payment_per_night: '100',
    support: { method: 'm-act', annual_cost: '104000' },
  };
  same((m) => m.compare(e2, { ...e2, policy: 'pre-reform' }), 'compare');
  same((m) => m.cumulative(e2), 'cumulative');
  same((m) => m.breakEven(breakEvenQuery), 'breakEven');
  same((m) => m.breakEven({ ...breakEvenQuery, discharge: '2026-07-01' }), 'breakEven later');
  same((m) => m.illustrativeTeam(), 'illustrativeTeam');
  same((m) => m.teamCost(undefined), 'teamCost');
  same((m) => m.placeCost('130000'), 'placeCost');
  same((m) => m.placeCost(104000), 'placeCost number');
  same((m) => m.references(), 'references');
  same((m) => m.presets(), 'presets');
  same((m) => m.policy('age-26'), 'policy');
  same((m) => m.policy('age26'), 'policy unknown');
  same((m) => m.evaluateRegister([
    { citizen_id: 'a', birth_date: '1988-04-20', admitted: '2026-06-01', discharged: '2027-01-01',
      daily_rate: '1400', own_payment_per_night: '100' },
  ], undefined), 'evaluateRegister');
  same((m) => m.budget({
    first_year: 2027, citizens_per_year: 30, average_stay_nights: 200,
    daily_rate: '1400', own_payment_per_night: '100', caseload: 20,
  }), 'budget');
  same((m) => m.errorCodes(), 'errorCodes');
  same((m) => m.evaluate({ ...e2, shelter_stays: [{ ...e2.shelter_stays[0], daily_rate: NaN }] }), 'NaN');
  same((m) => m.evaluate({ ...e2, shelter_stays: [{ ...e2.shelter_stays[0], daily_rate: 10n }] }), 'BigInt');
});
