// Every hand-derived case file in tests/cases/ through the Node build of the wasm package:
// evaluate(scenario) and evaluateText(JSON text) must give exactly the expected figures, and
// bad-input cases must throw a RefusionError with the expected code and field.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertRefusionError, loadCases, loadNodeBuild } from './helpers.mjs';

const wasm = await loadNodeBuild();
const cases = loadCases();
const TOTALS = ['gross', 'citizen_payment', 'state_refusion', 'municipal_net'];
const WINDOW_FIELDS = ['start', 'end', 'nights', 'refunded_nights'];

test('there are at least 50 case files', () => {
  assert.ok(cases.length >= 50, `only ${cases.length} case files in tests/cases/`);
});

/** Asserts a result against the case's `expected` block (everything it states). */
function checkExpected(result, expected, file) {
  // The four totals, exactly, as decimal strings.
  assert.ok(result.totals, `${file}: no totals`);
  for (const k of TOTALS) {
    assert.equal(typeof result.totals[k], 'string', `${file}: totals.${k} is a decimal string`);
  }
  assert.deepEqual(
    Object.fromEntries(TOTALS.map((k) => [k, result.totals[k]])),
    Object.fromEntries(TOTALS.map((k) => [k, expected.totals[k]])),
    `${file}: totals`,
  );
  // Every key in expected.nights.
  for (const [k, v] of Object.entries(expected.nights ?? {})) {
    assert.ok(k in result.nights, `${file}: nights.${k} missing from the result`);
    assert.equal(result.nights[k], v, `${file}: nights.${k}`);
  }
  // Every field of each expected year entry (matched by year).
  for (const y of expected.years ?? []) {
    const got = result.years.find((r) => r.year === y.year);
    assert.ok(got, `${file}: no result year ${y.year} (have ${result.years.map((r) => r.year)})`);
    for (const [k, v] of Object.entries(y)) {
      assert.equal(got[k], v, `${file}: years[${y.year}].${k}`);
    }
  }
  // Windows, in order, when stated.
  if (expected.windows) {
    assert.equal(result.windows.length, expected.windows.length, `${file}: number of windows`);
    expected.windows.forEach((w, i) => {
      for (const k of WINDOW_FIELDS) {
        if (k in w) assert.equal(result.windows[i][k], w[k], `${file}: windows[${i}].${k}`);
      }
    });
  }
}

describe('case files through evaluate()', () => {
  for (const { file, data } of cases) {
    const { scenario, expected } = data;
    test(file, () => {
      assert.ok(scenario && expected, `${file} has scenario and expected`);
      if (expected.error) {
        assertRefusionError(() => wasm.evaluate(scenario), expected.error.code, expected.error.field);
      } else {
        assert.ok(expected.totals, `${file}: expected has totals or error`);
        checkExpected(wasm.evaluate(scenario), expected, file);
      }
    });
  }
});

describe('case files through evaluateText(JSON.stringify(scenario))', () => {
  for (const { file, data } of cases) {
    const { scenario, expected } = data;
    test(file, () => {
      const text = JSON.stringify(scenario);
      if (expected.error) {
        assertRefusionError(() => wasm.evaluateText(text), expected.error.code, expected.error.field);
      } else {
        const result = wasm.evaluateText(text);
        checkExpected(result, expected, file);
        // The text path and the object path agree on everything.
        assert.deepEqual(result, wasm.evaluate(scenario), `${file}: evaluateText = evaluate`);
      }
    });
  }
});
