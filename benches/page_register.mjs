// Benchmark: the calculator page's register section in headless Chromium — from the file
// chosen to the year table shown, for a register file given on the command line (and its
// optional support table). Not a timed test: it prints the figures.
//
// Each run opens the page in a fresh browser context (no cache, a new worker), waits for the
// engine, chooses the file(s) and waits for the first row of the year table. Two figures per run:
//   page: the page's own measure, from the file input's change event to the year table rendered
//         (register.js writes it to #register-section[data-years-ms]); it includes starting the
//         worker and its engine, reading the file, evaluating and building the year table;
//   wall: from just before Playwright sets the file to the table seen by Playwright.
// The median of the runs is the figure to report (target: under 3 s on W's 100,000 citizens).
//
//   cargo build --release -p refusion-cli
//   target/release/refusion cohort --workload-w --citizens 100000 --out /tmp/w.csv --support-out /tmp/w_support.csv
//   bash scripts/build-wasm.sh
//   node benches/page_register.mjs /tmp/w.csv [--support /tmp/w_support.csv] [--runs 5]
//
// playwright-core comes from web-demo/node_modules (npm ci in web-demo/); the browser is
// Debian's /usr/bin/chromium. web-demo/ is served by a small static server on 127.0.0.1.

import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = path.join(ROOT, 'web-demo');

function args() {
  const argv = process.argv.slice(2);
  const out = { register: null, support: null, runs: 5 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--support') out.support = path.resolve(argv[++i]);
    else if (a === '--runs') out.runs = Number(argv[++i]);
    else if (!out.register) out.register = path.resolve(a);
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!out.register) {
    console.error('usage: node benches/page_register.mjs REGISTER [--support SUPPORT] [--runs N]');
    process.exit(2);
  }
  for (const f of [out.register, out.support].filter(Boolean)) {
    if (!fs.existsSync(f)) throw new Error(`${f} does not exist`);
  }
  if (!fs.existsSync(path.join(WEB, 'pkg/refusion_wasm_bg.wasm'))) {
    throw new Error('web-demo/pkg is missing; build it first: bash scripts/build-wasm.sh');
  }
  return out;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** A static server for web-demo/ (GET only, no directory listings, nothing outside it). */
function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const file = path.normalize(path.join(WEB, decodeURIComponent(url.pathname)));
    if (req.method !== 'GET' || !file.startsWith(WEB + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  const opts = args();
  const require = createRequire(path.join(WEB, 'package.json'));
  const { chromium } = require('playwright-core');
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const size = fs.statSync(opts.register).size + (opts.support ? fs.statSync(opts.support).size : 0);
  console.log(`register: ${opts.register}${opts.support ? ` + ${opts.support}` : ''} (${(size / 1048576).toFixed(1)} MB), ${opts.runs} runs`);
  const page_ms = [];
  const wall_ms = [];
  try {
    for (let run = 1; run <= opts.runs; run++) {
      const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${base}/index.html`);
      await page.waitForSelector('#register-section[data-ready="1"]', { timeout: 60_000 });
      if (opts.support) await page.locator('#reg-support').setInputFiles(opts.support);
      const t0 = performance.now();
      await page.locator('#reg-file').setInputFiles(opts.register);
      await page.waitForFunction(() => {
        const s = document.getElementById('register-section');
        return s.dataset.yearsMs !== undefined || s.dataset.state === 'error';
      }, null, { timeout: 120_000, polling: 'raf' });
      const wall = performance.now() - t0;
      const shown = await page.evaluate(() => {
        const s = document.getElementById('register-section');
        return {
          state: s.dataset.state,
          years: document.querySelectorAll('#reg-years tbody tr').length,
          ms: Number(s.dataset.yearsMs),
          evaluate: Number(s.dataset.evaluateMs),
          error: document.getElementById('reg-error').textContent,
          claim: document.querySelector('#reg-years tr.total td[data-key="state_refusion"]')?.dataset.value,
        };
      });
      if (shown.state === 'error' || errors.length) throw new Error(`run ${run}: ${shown.error} ${errors.join('; ')}`);
      page_ms.push(shown.ms);
      wall_ms.push(wall);
      console.log(`run ${run}: page ${shown.ms.toFixed(0)} ms (engine ${shown.evaluate.toFixed(0)} ms), wall ${wall.toFixed(0)} ms; ${shown.years - 1} years, refund claim ${shown.claim}`);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`median of ${opts.runs}: file chosen → year table shown ${median(page_ms).toFixed(0)} ms (page), ${median(wall_ms).toFixed(0)} ms (wall)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
