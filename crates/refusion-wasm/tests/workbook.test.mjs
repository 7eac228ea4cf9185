// budgetWorkbook, policyComparisonWorkbook and monteCarloWorkbook (src/workbook.rs) in Node: the
// objects `budget`, `budgetPolicyComparison` and `monteCarlo` return, written as .xlsx workbooks
// by refusion-xlsx, in Danish (the default) and English; a bad object is a typed error.
//
// The workbook is read back with a small zip reader (node:zlib inflates the entries): its sheet
// names from xl/workbook.xml, and cell values from the sheets' XML.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { describe, test } from 'node:test';

import { assertRefusionError, loadNodeBuild, repoPath } from './helpers.mjs';

const wasm = await loadNodeBuild();

/** The entries of a zip archive, by name (stored or deflated). */
function unzip(bytes) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let k = 0; k < count; k++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    assert.equal(buf.readUInt32LE(local), 0x04034b50, `local header of ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

const unescape = (s) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The sheet names of a workbook, in order. */
function sheetNames(files) {
  const xml = files.get('xl/workbook.xml');
  assert.ok(xml, 'xl/workbook.xml');
  return [...xml.matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => unescape(m[1]));
}

/** The first sheet's rows: each an array of its cells' texts (shared strings resolved). */
function firstSheetRows(files) {
  const shared = [...(files.get('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    unescape([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
  const xml = files.get('xl/worksheets/sheet1.xml');
  assert.ok(xml, 'xl/worksheets/sheet1.xml');
  return [...xml.matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)].map((row) =>
    [...row[1].matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((c) => {
      const inner = c[2] ?? '';
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      if (/\bt="s"/.test(c[1])) return shared[Number(v)] ?? '';
      if (/\bt="inlineStr"/.test(c[1])) return unescape(/<t[^>]*>([\s\S]*?)<\/t>/.exec(inner)?.[1] ?? '');
      return v === undefined ? '' : unescape(v);
    }));
}

/** A decimal string without trailing zeros after the point ("-1234.50" → "-1234.5"). */
const plain = (d) => (d.includes('.') ? d.replace(/0+$/, '').replace(/\.$/, '') : d);

const QUERY = JSON.parse(fs.readFileSync(repoPath('examples/budget.json'), 'utf8'));
const budget = wasm.budget(QUERY);
const comparison = wasm.budgetPolicyComparison(QUERY, 'reform-2023');
const monteCarlo = wasm.monteCarlo({ budget: QUERY, run: { draws: 50, seed: 7 } });

const CASES = [
  ['budgetWorkbook', budget, ['Oversigt', 'År og betaler', 'Parametre'], ['Overview', 'Years by payer', 'Parameters']],
  ['policyComparisonWorkbook', comparison, ['Oversigt', 'År og betaler', 'Parametre'], ['Overview', 'Years by payer', 'Parameters']],
  ['monteCarloWorkbook', monteCarlo, ['Oversigt', 'Parametre'], ['Overview', 'Parameters']],
];

describe('each result as a workbook', () => {
  for (const [name, result, da, en] of CASES) {
    test(`${name}: an .xlsx in Danish by default and in English`, () => {
      const bytes = wasm[name](result);
      assert.ok(bytes instanceof Uint8Array);
      assert.equal(Buffer.from(bytes.subarray(0, 2)).toString('latin1'), 'PK');
      const names = sheetNames(unzip(bytes));
      assert.equal(names[0], 'Oversigt');
      for (const s of da) assert.ok(names.includes(s), `${s} in ${names}`);
      assert.deepEqual(sheetNames(unzip(wasm[name](result, 'da'))), names, 'da is the default');
      const english = sheetNames(unzip(wasm[name](result, 'en')));
      assert.equal(english.length, names.length);
      for (const s of en) assert.ok(english.includes(s), `${s} in ${english}`);
      // The module keeps working after every call.
      assert.equal(wasm[name](result, null)[0], 0x50);
    });
  }
});

test('the budget workbook states each variant total as a number equal to the engine\'s', () => {
  const rows = firstSheetRows(unzip(wasm.budgetWorkbook(budget, 'en')));
  for (const v of budget.variants) {
    const at = rows.findIndex((r) => r[0] === 'Variant' && r[1] === v.label);
    assert.ok(at >= 0, `variant ${v.label}`);
    const total = rows.slice(at).find((r) => r[0].startsWith('Municipal budget effect in all'));
    assert.ok(total, `total of ${v.label}`);
    assert.equal(plain(total[1]), plain(v.total_municipal_effect), v.label);
  }
});

describe('bad input is a typed error, never a panic', () => {
  test('not an object', () => {
    assertRefusionError(() => wasm.budgetWorkbook(42), 'wrong_type', 'result');
    assertRefusionError(() => wasm.budgetWorkbook(undefined), 'wrong_type', 'result');
    assertRefusionError(() => wasm.policyComparisonWorkbook('statutory'), 'wrong_type', 'comparison');
    assertRefusionError(() => wasm.monteCarloWorkbook([]), 'wrong_type', 'result');
  });

  test('a wrong shape names the field', () => {
    assertRefusionError(() => wasm.budgetWorkbook({}), 'missing_field', 'result.policy');
    assertRefusionError(() => wasm.monteCarloWorkbook({ ...monteCarlo, years: 'no' }), 'wrong_type', 'result.years');
    assertRefusionError(() => wasm.policyComparisonWorkbook({ ...comparison, years: undefined }), 'missing_field', 'comparison.years');
    assertRefusionError(() => wasm.budgetWorkbook({ ...budget, first_year: 'soon' }), 'wrong_type', 'result.first_year');
  });

  test('money as a JS number is float_money', () => {
    const v = budget.variants[0];
    const bad = { ...budget, variants: [{ ...v, annual_cost: 104000.5 }, ...budget.variants.slice(1)] };
    assertRefusionError(() => wasm.budgetWorkbook(bad), 'float_money', 'result.variants[0].annual_cost');
    assertRefusionError(() => wasm.budgetWorkbook({ ...budget, discount_rate: NaN }), 'float_money');
  });

  test('a language that is not da or en', () => {
    assertRefusionError(() => wasm.budgetWorkbook(budget, 'de'), 'invalid_parameter', 'lang');
    assertRefusionError(() => wasm.monteCarloWorkbook(monteCarlo, 7), 'wrong_type', 'lang');
  });

  test('the module keeps working', () => {
    assert.equal(wasm.budgetWorkbook(budget)[1], 0x4b);
  });
});

test('the declarations name the three functions', () => {
  const dts = fs.readFileSync(repoPath('target/wasm-node/refusion_wasm.d.ts'), 'utf8');
  for (const s of [
    'export function budgetWorkbook(result: BudgetResult, lang?: Lang | null): Uint8Array;',
    'export function policyComparisonWorkbook(comparison: PolicyComparison, lang?: Lang | null): Uint8Array;',
    'export function monteCarloWorkbook(result: MonteCarlo, lang?: Lang | null): Uint8Array;',
  ]) {
    assert.ok(dts.includes(s), s);
  }
});
