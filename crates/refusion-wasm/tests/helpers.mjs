// Shared helpers for the Node test suite of the refusion WebAssembly package.
//
// Not a test file itself (the runner is given `*.test.mjs`). Every path is resolved relative
// to this file, so the suite runs from any working directory.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (this file lives in crates/refusion-wasm/tests/). */
export const ROOT_URL = new URL('../../../', import.meta.url);

/** An absolute filesystem path for a path relative to the repository root. */
export function repoPath(rel) {
  return fileURLToPath(new URL(rel, ROOT_URL));
}

function requireBuilt(rel) {
  const p = repoPath(rel);
  if (!fs.existsSync(p)) {
    throw new Error(`${rel} is missing; build it first: bash scripts/build-wasm.sh`);
  }
  return p;
}

const require = createRequire(import.meta.url);

/** The Node build (an ES module, --target experimental-nodejs-module): target/wasm-node. */
export async function loadNodeBuild() {
  return import(pathToFileURL(requireBuilt('target/wasm-node/refusion_wasm.js')).href);
}

/** Path of the --target web artifact's JS module and its wasm binary (what the page loads). */
export const WEB_JS = 'web-demo/pkg/refusion_wasm.js';
export const WEB_WASM = 'web-demo/pkg/refusion_wasm_bg.wasm';
export const WEB_DTS = 'web-demo/pkg/refusion_wasm.d.ts';

/** Imports and synchronously initialises the --target web artifact. */
export async function loadWebBuild() {
  requireBuilt(WEB_JS);
  const wasm = requireBuilt(WEB_WASM);
  const mod = await import(new URL(WEB_JS, ROOT_URL).href);
  mod.initSync({ module: fs.readFileSync(wasm) });
  return mod;
}

/** Every case file in tests/cases/, sorted by name: [{ file, data }]. */
export function loadCases() {
  const dir = repoPath('tests/cases/');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, data: JSON.parse(fs.readFileSync(dir + file, 'utf8')) }));
}

/** Runs `fn` and returns what it threw (fails if it returned). */
export function thrownBy(fn) {
  try {
    const value = fn();
    assert.fail(`expected a throw, got ${JSON.stringify(value)?.slice(0, 200)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    return e;
  }
}

/**
 * Asserts that `fn` throws a RefusionError: a JS Error with name "RefusionError", the given
 * stable `code` and `field`, and (when the field is not empty) a message naming the field.
 */
export function assertRefusionError(fn, code, field) {
  const e = thrownBy(fn);
  assert.ok(e instanceof Error, `not an Error: ${String(e)}`);
  assert.equal(e.name, 'RefusionError', `name of ${e}`);
  assert.equal(e.code, code, `code of: ${e.message}`);
  if (field !== undefined) {
    assert.equal(e.field, field, `field of: ${e.message}`);
    if (field !== '') assert.ok(e.message.includes(field), `message names ${field}: ${e.message}`);
  }
  assert.equal(typeof e.message, 'string');
  return e;
}

/** Worked example E2: born 1988-04-20, 2026-06-01 → 2027-01-01 at 1400 (own 100). */
export function e2Scenario() {
  return {
    citizen: { birth_date: '1988-04-20' },
    shelter_stays: [
      { admitted: '2026-06-01', discharged: '2027-01-01', daily_rate: '1400', own_payment_per_night: '100' },
    ],
  };
}
