// The error contract of docs/errors.md, walked through the WebAssembly package in Node.
//
// Every hostile input of tests/hostile/*.json gives its documented error (a thrown Error with
// name "RefusionError" and the documented `code` and `field`) or its documented, exact
// acceptance. Then the JavaScript-only values: NaN, ±Infinity, numbers, BigInt, undefined,
// boxed numbers, symbols. Nothing may throw anything else (a WebAssembly trap would be a
// RuntimeError), and the module keeps working after every error.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';

import { assertRefusionError, e2Scenario, loadNodeBuild, repoPath, thrownBy } from './helpers.mjs';

const wasm = await loadNodeBuild();
const PAYERS = ['gross', 'citizen_payment', 'state_refusion', 'municipal_net'];

/** The rows of the table under `## The error table` in docs/errors.md, by code. */
function table() {
  const text = fs.readFileSync(repoPath('docs/errors.md'), 'utf8');
  const section = text.split('## The error table')[1];
  const rows = section.split('\n').filter((l) => l.startsWith('|')).slice(2);
  const out = new Map();
  for (const line of rows) {
    const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim().replace(/^`|`$/g, ''));
    if (cells.length < 7) break;
    out.set(cells[0], { rust: cells[3], cli: cells[4], python: cells[5], js: cells[6] });
  }
  return out;
}

function inputs() {
  return ['scenarios.json', 'registers.json', 'queries.json'].flatMap((f) =>
    JSON.parse(fs.readFileSync(repoPath(`tests/hostile/${f}`), 'utf8')).inputs.map((i) => ({ ...i, file: f })));
}

const bytesOf = (i) => (i.hex !== undefined ? Uint8Array.from(Buffer.from(i.hex, 'hex')) : i.text);

function isoPlus(days) {
  const d = new Date(Date.UTC(2026, 5, 1) + days * 86400000);
  return d.toISOString().slice(0, 10);
}

/** The generated register of registers.json, as CSV text or as row objects. */
function generatedCsv(citizens, each) {
  const pairs = Array.from({ length: each }, (_, j) => [isoPlus(2 * j), isoPlus(2 * j + 1)]);
  const parts = ['citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night'];
  for (let k = 0; k < citizens; k++) {
    const id = `C${String(k).padStart(7, '0')}`;
    for (const [a, d] of pairs) parts.push(`${id},1980-01-01,${a},${d},1000,0`);
  }
  return `${parts.join('\n')}\n`;
}

function generatedRows(citizens, each) {
  const pairs = Array.from({ length: each }, (_, j) => [isoPlus(2 * j), isoPlus(2 * j + 1)]);
  const rows = [];
  for (let k = 0; k < citizens; k++) {
    const citizen_id = `C${String(k).padStart(7, '0')}`;
    for (const [admitted, discharged] of pairs) {
      rows.push({ citizen_id, birth_date: '1980-01-01', admitted, discharged, daily_rate: '1000', own_payment_per_night: '0' });
    }
  }
  return rows;
}

function generatedScenario(n) {
  const day = (k) => new Date(Date.UTC(2000, 0, 1) + k * 86400000).toISOString().slice(0, 10);
  const stays = Array.from({ length: n }, (_, j) => ({
    admitted: day(2 * j), discharged: day(2 * j + 1), daily_rate: '1000', own_payment_per_night: '0',
  }));
  return JSON.stringify({ citizen: { birth_date: '1980-01-01' }, shelter_stays: stays });
}

/** Runs one hostile input through the JS API; returns the totals object (or null). */
function run(i) {
  switch (i.target) {
    case 'scenario':
    case 'scenario_toml': {
      const text = i.generate?.stays ? generatedScenario(i.generate.stays) : bytesOf(i);
      return wasm.evaluateText(text, i.target === 'scenario' ? 'json' : 'toml').totals;
    }
    case 'register_csv': {
      const text = i.generate ? generatedCsv(i.generate.citizens, i.generate.stays_each) : bytesOf(i);
      return wasm.evaluateRegisterCsv(text, 'statutory', i.support).totals;
    }
    case 'register_rows': {
      const rows = i.generate ? generatedRows(i.generate.citizens, i.generate.stays_each) : i.rows;
      return wasm.evaluateRegister(rows, 'statutory', i.support).totals;
    }
    case 'plan':
      return wasm.plan(i.query).total_effect;
    case 'monte_carlo':
      wasm.monteCarlo(i.query);
      return null;
    case 'budget':
      wasm.budget(i.query);
      return null;
    default:
      throw new Error(`unknown target ${i.target}`);
  }
}

const TABLE = table();

describe('every hostile input gets its documented answer', () => {
  for (const i of inputs()) {
    test(`${i.file}/${i.id}: ${i.what}`, () => {
      if (i.expect.ok) {
        const totals = run(i);
        if (totals) assert.deepEqual(PAYERS.map((k) => totals[k]), PAYERS.map((k) => i.expect.ok[k]));
      } else {
        assert.ok(TABLE.has(i.expect.code), `${i.expect.code} is in the table`);
        const e = assertRefusionError(() => run(i), TABLE.get(i.expect.code).js, i.expect.field);
        assert.ok(e.message.length > 0);
      }
      // The module still works after every answer.
      assert.equal(wasm.evaluate(e2Scenario()).totals.municipal_net, '219700.00');
    });
  }
});

test('the error table lists every code of the engine with its JS code', () => {
  assert.deepEqual([...TABLE.keys()], [...wasm.errorCodes(), 'internal']);
  for (const [code, row] of TABLE) assert.equal(row.js, code);
  const covered = new Set(inputs().map((i) => i.expect.code).filter(Boolean));
  for (const code of wasm.errorCodes()) assert.ok(covered.has(code), `a hostile input gives ${code}`);
});

const withRate = (value) => {
  const s = e2Scenario();
  s.shelter_stays[0].daily_rate = value;
  return s;
};

describe('JavaScript values where money belongs', () => {
  const cases = [
    ['NaN', NaN, 'float_money'],
    ['Infinity', Infinity, 'float_money'],
    ['-Infinity', -Infinity, 'float_money'],
    ['a whole number (a binary float in JS)', 1400, 'float_money'],
    ['a fraction', 1400.5, 'float_money'],
    ['-0', -0, 'float_money'],
    ['a BigInt', 1400n, 'wrong_type'],
    ['a boxed Number (JSON makes it a number)', new Number(1400), 'float_money'],
    ['true', true, 'wrong_type'],
    ['null', null, 'wrong_type'],
    ['an object', { kr: 1400 }, 'wrong_type'],
    ['an array', ['1400'], 'wrong_type'],
    ['undefined (the field is absent)', undefined, 'missing_field'],
    ['a symbol (the field is absent)', Symbol('x'), 'missing_field'],
    ['"1.400" (ambiguous)', '1.400', 'invalid_amount'],
    ['"1.234,50" (Danish, outside a CSV)', '1.234,50', 'invalid_amount'],
    ['"NaN"', 'NaN', 'invalid_amount'],
    ['"1e3"', '1e3', 'invalid_amount'],
    ['10^15 as text', '1000000000000000', 'invalid_amount'],
  ];
  for (const [what, value, code] of cases) {
    test(`${what} → ${code}`, () => {
      assertRefusionError(() => wasm.evaluate(withRate(value)), code, 'shelter_stays[0].daily_rate');
    });
  }
  test('a lone surrogate (not Unicode text) → syntax', () => {
    assertRefusionError(() => wasm.evaluate(withRate('14\uD800')), 'syntax');
  });
  test('"1400.000" and "1400" are accepted', () => {
    assert.equal(wasm.evaluate(withRate('1400.000')).totals.municipal_net, '219700.00');
    assert.equal(wasm.evaluate(withRate('1400')).totals.municipal_net, '219700.00');
  });
});

describe('JavaScript values where a whole input belongs', () => {
  const cases = [
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'statutory'],
    ['an array', []],
    ['a function', () => 1],
  ];
  for (const [what, value] of cases) {
    test(`evaluate(${what}) throws a RefusionError`, () => {
      const e = thrownBy(() => wasm.evaluate(value));
      assert.equal(e.name, 'RefusionError', String(e));
      assert.ok(wasm.errorCodes().includes(e.code), e.code);
    });
  }
  test('a cyclic object', () => {
    const s = e2Scenario();
    s.self = s;
    const e = thrownBy(() => wasm.evaluate(s));
    assert.equal(e.name, 'RefusionError', String(e));
  });
  test('a getter that throws', () => {
    const s = e2Scenario();
    Object.defineProperty(s.shelter_stays[0], 'daily_rate', { enumerable: true, get() { throw new Error('boom'); } });
    const e = thrownBy(() => wasm.evaluate(s));
    assert.equal(e.name, 'RefusionError', String(e));
  });
  test('evaluateText with an unknown format', () => {
    assertRefusionError(() => wasm.evaluateText('{}', 'yaml'), 'invalid_parameter', 'format');
  });
});
