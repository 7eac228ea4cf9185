// The register section ("Jeres register"): a register file and its support table evaluated in a
// Web Worker, the year table (checked against the CLI), the chart, the citizens table (sorting,
// paging, search), one citizen's explanation, the downloads, the errors with their row and
// column, the page's responsiveness while it works, and the layout at 390 and 1,280 px.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, REPO, csvLines, expect, openCalculator, test } from "./fixtures.mjs";

const REGISTER = `${REPO}examples/register.csv`;
const SUPPORT = `${REPO}examples/register_support.csv`;
const REGISTER_XLSX = `${REPO}examples/register.xlsx`;
const SUPPORT_XLSX = `${REPO}examples/register_support.xlsx`;
const KEYS = ["gross", "citizen_payment", "state_refusion", "municipal_net"];

/** The CLI's register result (`--json`): years and totals as decimal strings. */
function cliRegister(file, support) {
  const args = ["register", file, ...(support ? ["--support", support] : []), "--json"];
  return JSON.parse(execFileSync(CLI, args, { cwd: REPO, encoding: "utf8" }));
}

/** Opens the page, waits for the engine and the register section. */
async function openRegister(page) {
  await openCalculator(page);
  await expect(page.locator("#register-section")).toHaveAttribute("data-ready", "1");
}

/** Chooses the files and waits until the evaluation is done. */
async function evaluateFiles(page, stays, support) {
  if (support) await page.locator("#reg-support").setInputFiles(support);
  await page.locator("#reg-file").setInputFiles(stays);
  await expect(page.locator("#register-section")).toHaveAttribute("data-state", "done", { timeout: 20_000 });
}

/** The year table as the page holds it: [{year, gross, …}] and the total row (decimal strings). */
async function pageYears(page) {
  return page.locator("#reg-years tbody tr").evaluateAll((rows) => rows.map((tr) => {
    const out = { year: tr.querySelector("th").textContent };
    for (const td of tr.querySelectorAll("td")) out[td.dataset.key] = td.dataset.value;
    return out;
  }));
}

/** A temporary cohort register written by the CLI: [register, support]. */
function cohort(citizens, seed = 1) {
  const dir = mkdtempSync(join(tmpdir(), "refusion-register-"));
  const out = join(dir, "register.csv");
  const support = join(dir, "support.csv");
  execFileSync(CLI, ["cohort", "--citizens", String(citizens), "--seed", String(seed), "--out", out, "--support-out", support], { cwd: REPO });
  return [out, support];
}

async function expectYearsAsCli(page, cli) {
  const rows = await pageYears(page);
  expect(rows.slice(0, -1)).toEqual(cli.years.map((y) => ({ year: String(y.year), ...Object.fromEntries(KEYS.map((k) => [k, y[k]])) })));
  expect(rows.at(-1)).toEqual({ year: "I alt", ...Object.fromEntries(KEYS.map((k) => [k, cli.totals[k]])) });
}

test("the year table of examples/register.csv with its support equals the CLI's, with the refund claim per year", async ({ page }) => {
  await openRegister(page);
  await expect(page.locator("#register-results")).toBeHidden();
  await evaluateFiles(page, REGISTER, SUPPORT);
  const cli = cliRegister("examples/register.csv", "examples/register_support.csv");
  await expectYearsAsCli(page, cli);
  // The worked examples by year (crates/refusion-cli/tests/cli.rs): 2026's refund claim 97,500.
  const claim = page.locator('#reg-years tbody tr:has(th:text-is("2026")) td[data-key="state_refusion"]');
  await expect(claim).toHaveText("97.500,00");
  await expect(page.locator("#reg-years thead th").nth(3)).toHaveText("Refusionskrav (statens refusion)");
  await expect(page.locator("#reg-summary")).toContainText("Refusionskrav i alt: 261.642,47 kr.");
  // The chart: one bar per year and payer shown, with a text alternative.
  await expect(page.locator("#reg-chart rect.bar")).toHaveCount(cli.years.length * 3);
  await expect(page.locator("#reg-chart")).toHaveAttribute("role", "img");
  await expect(page.locator("#reg-citizens tbody tr")).toHaveCount(3);
  await expect(page.locator("#reg-page")).toHaveText("Side 1 af 1 · 3 borgere");

  // In English the same figures, English words.
  await page.locator("#lang-toggle").click();
  await expect(page.locator("#reg-years thead th").nth(3)).toHaveText("Refund claim (state refund)");
  await expect(claim).toHaveText("97,500.00");
  await expect(page.locator("#reg-years tbody tr.total th")).toHaveText("Total");
});

test("the XLSX register and support table give the CLI's year table too", async ({ page }) => {
  test.skip(!existsSync(REGISTER_XLSX) || !existsSync(SUPPORT_XLSX), "examples/register.xlsx and examples/register_support.xlsx are not in the repository yet");
  await openRegister(page);
  await evaluateFiles(page, REGISTER_XLSX, SUPPORT_XLSX);
  await expectYearsAsCli(page, cliRegister("examples/register.xlsx", "examples/register_support.xlsx"));
  // The same figures as the CSV files.
  await expectYearsAsCli(page, cliRegister("examples/register.csv", "examples/register_support.csv"));
});

test("the ODS register gives the CLI's year table too", async ({ page }) => {
  const ods = `${REPO}examples/register.ods`;
  const odsSupport = `${REPO}examples/register_support.ods`;
  test.skip(!existsSync(ods) || !existsSync(odsSupport), "examples/register.ods is not in the repository yet");
  await openRegister(page);
  await evaluateFiles(page, ods, odsSupport);
  await expectYearsAsCli(page, cliRegister("examples/register.csv", "examples/register_support.csv"));
});

/** The values of one column of the shown page, as the page holds them (data-value). */
const columnValues = (page, key) =>
  page.locator(`#reg-citizens tbody td[data-key="${key}"]`).evaluateAll((tds) => tds.map((td) => td.dataset.value));
const shownIds = (page) => page.locator("#reg-citizens tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.id));

test("the citizens table: 50 a page, sorted by every column both ways, searched by id", async ({ page }) => {
  const [register, support] = cohort(120, 7);
  await openRegister(page);
  await evaluateFiles(page, register, support);
  const count = Number(await page.locator("#reg-page").getAttribute("data-total"));
  expect(count).toBeGreaterThan(100);
  const pages = Math.ceil(count / 50);
  await expect(page.locator("#reg-citizens tbody tr")).toHaveCount(50);
  await expect(page.locator("#reg-page")).toHaveText(`Side 1 af ${pages} · ${count} borgere`);
  await expect(page.locator("#reg-prev")).toBeDisabled();

  // Paging: through to the last page, which holds the rest.
  const first = await shownIds(page);
  await page.locator("#reg-next").click();
  await expect(page.locator("#reg-page")).toHaveAttribute("data-page", "2");
  const second = await shownIds(page);
  expect(second.filter((id) => first.includes(id))).toEqual([]);
  for (let p = 3; p <= pages; p += 1) await page.locator("#reg-next").click();
  await expect(page.locator("#reg-page")).toHaveAttribute("data-page", String(pages));
  await expect(page.locator("#reg-citizens tbody tr")).toHaveCount(count - 50 * (pages - 1));
  await expect(page.locator("#reg-next")).toBeDisabled();

  // Sorting: every column, ascending then descending, across the first two pages; money
  // compared exactly (BigInt øre), ids in Danish order with numbers read as numbers.
  const ore = (v) => BigInt(v.replace(".", ""));
  const collator = new Intl.Collator("da", { numeric: true });
  const keys = ["id", "stays", "nights", "refunded_nights", "support_days", "gross", "citizen_payment", "state_refusion", "municipal_net"];
  for (const key of keys) {
    for (const dir of ["asc", "desc"]) {
      const head = page.locator(`#reg-citizens thead button[data-key="${key}"]`);
      await head.click();
      await expect(page.locator("#reg-citizens")).toHaveAttribute("data-sort", `${key}:${dir}`);
      await expect(page.locator(`#reg-citizens thead th[data-key="${key}"]`)).toHaveAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
      await expect(page.locator("#reg-page")).toHaveAttribute("data-page", "1");
      let values = key === "id" ? await shownIds(page) : await columnValues(page, key);
      await page.locator("#reg-next").click();
      await expect(page.locator("#reg-page")).toHaveAttribute("data-page", "2");
      values = values.concat(key === "id" ? await shownIds(page) : await columnValues(page, key));
      expect(values).toHaveLength(100);
      const cmp = key === "id"
        ? (a, b) => collator.compare(a, b)
        : ["gross", "citizen_payment", "state_refusion", "municipal_net"].includes(key)
          ? (a, b) => (ore(a) < ore(b) ? -1 : ore(a) > ore(b) ? 1 : 0)
          : (a, b) => Number(a) - Number(b);
      for (let i = 1; i < values.length; i += 1) {
        const c = cmp(values[i - 1], values[i]);
        expect(dir === "asc" ? c <= 0 : c >= 0, `${key} ${dir} at ${i}: ${values[i - 1]} then ${values[i]}`).toBe(true);
      }
      // Back to the first page for the next click (a new sort starts on page 1 anyway).
    }
  }

  // Search: the ids that contain the text, on page 1; none, with a message.
  await page.locator('#reg-citizens thead button[data-key="id"]').click();
  const someId = (await shownIds(page))[0];
  const needle = someId.slice(-3);
  await page.locator("#reg-search").fill(needle);
  await expect(page.locator("#reg-page")).not.toHaveAttribute("data-total", String(count));
  const found = await shownIds(page);
  expect(found.length).toBeGreaterThan(0);
  for (const id of found) expect(id.toLowerCase()).toContain(needle.toLowerCase());
  expect(found).toContain(someId);
  await page.locator("#reg-search").fill("ingen-borger-hedder-sådan");
  await expect(page.locator("#reg-page")).toHaveAttribute("data-total", "0");
  await expect(page.locator("#reg-nomatch")).toBeVisible();
  await expect(page.locator("#reg-nomatch")).toHaveText("Ingen borger har et id med den tekst.");
  await page.locator("#reg-search").fill("");
  await expect(page.locator("#reg-page")).toHaveAttribute("data-total", String(count));
  await expect(page.locator("#reg-nomatch")).toBeHidden();
});

test("clicking a citizen shows the engine's explanation, in the page's language", async ({ page }) => {
  await openRegister(page);
  await evaluateFiles(page, REGISTER, SUPPORT);
  await expect(page.locator("#reg-explain-hint")).toHaveText("Vælg en borger i tabellen for at se, hvordan der er regnet.");
  await page.locator('#reg-citizens tbody tr[data-id="E5"] button.citizen').click();
  const box = page.locator("#reg-explain");
  await expect(box.locator("h3")).toHaveText("Sådan er der regnet for borger E5");
  await expect(page.locator('#reg-citizens tbody tr[data-id="E5"]')).toHaveClass("selected");
  // E5's totals as the citizens table has them (337,084.93 gross, 162,642.47 refund).
  await expect(box.locator("p").last()).toHaveText("Samlet udgift 337.084,93 kr., egenbetaling 9.200,00 kr., statens refusion 162.642,47 kr., kommunens nettoudgift 165.242,46 kr.");
  const items = box.locator("ol li");
  expect(await items.count()).toBeGreaterThan(2);
  // The engine's Danish text: the 90-night cap of 2026 and the § 85 a support.
  const danish = (await items.allTextContents()).join(" ");
  expect(danish).toMatch(/nætter/);
  expect(danish).toMatch(/§ 85 a/);
  await page.locator("#lang-toggle").click();
  await expect(box.locator("h3")).toHaveText("How it was calculated for citizen E5");
  expect((await items.allTextContents()).join(" ")).toMatch(/nights/);
  // A click anywhere on a row explains that citizen; the button closes it.
  await page.locator('#reg-citizens tbody tr[data-id="E1"] td[data-key="nights"]').click();
  await expect(box.locator("h3")).toHaveText("How it was calculated for citizen E1");
  await page.locator("#reg-explain-close").click();
  await expect(box.locator("h3")).toHaveCount(0);
  await expect(page.locator("#reg-explain-hint")).toBeVisible();
});

/** Clicks a download button; the file's name and bytes. */
async function download(page, id) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.locator(`#${id}`).click()]);
  return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
}

test("the downloads: CSV of the years and the citizens (Danish dialect on the Danish page) and the XLSX workbook", async ({ page }) => {
  await openRegister(page);
  await evaluateFiles(page, REGISTER, SUPPORT);
  const years = await download(page, "reg-csv-years");
  expect(years.name).toBe("refusion-register-aar.csv");
  const yl = csvLines(years.bytes.toString("utf8"));
  expect(yl[0]).toBe("\ufeffÅr;Bruttoudgift (kr.);Borgerens egenbetaling (kr.);Statens refusion (kr.);Kommunens nettoudgift (kr.)");
  expect(yl).toContain("2026;212800,00;15200,00;97500,00;100100,00");
  expect(yl).toContain("2028;104284,93;0,00;52142,47;52142,46");
  expect(yl).toContain("I alt;634084,93;15200,00;261642,47;357242,46");
  const citizens = await download(page, "reg-csv-citizens");
  expect(citizens.name).toBe("refusion-register-borgere.csv");
  const cl = csvLines(citizens.bytes.toString("utf8"));
  expect(cl[0].startsWith("\ufeffBorger-id;")).toBe(true);
  expect(cl).toContain("E5;1;92;90;731;337084,93;9200,00;162642,47;165242,46");

  // In English: the plain dialect.
  await page.locator("#lang-toggle").click();
  await expect(page.locator("#reg-csv-years")).toHaveText("Download years as CSV");
  const en = csvLines((await download(page, "reg-csv-years")).bytes.toString("utf8"));
  expect(en[0]).toBe("year,gross,citizen_payment,state_refusion,municipal_net");
  expect(en).toContain("total,634084.93,15200.00,261642.47,357242.46");
  await page.locator("#lang-toggle").click();

  // The workbook, with the selected citizen's explanation.
  await page.locator('#reg-citizens tbody tr[data-id="E5"] button.citizen').click();
  await expect(page.locator("#reg-explain h3")).toHaveText("Sådan er der regnet for borger E5");
  await expect(page.locator("#reg-xlsx")).toHaveText("Hent XLSX (med forklaringen for E5)");
  const pending = await page.evaluate(async () => {
    const m = await import("./pkg/refusion_wasm.js");
    try {
      m.evaluateRegisterFile(new TextEncoder().encode("citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night\na,1980-01-01,2026-01-01,2026-01-02,1,0\n"), null, "statutory").workbook("da");
      return false;
    } catch (e) {
      return /not built yet/.test(String(e.message));
    }
  });
  test.skip(pending, "the workbook writer (refusion_xlsx::write::register_workbook) is not built yet");
  const xlsx = await download(page, "reg-xlsx");
  expect(xlsx.name).toBe("refusion-register.xlsx");
  expect(xlsx.bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  await expect(page.locator("#reg-download-error")).toBeHidden();
});

const HEADER = "citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night";

/** A file in a temporary directory. */
function tempFile(name, text) {
  const dir = mkdtempSync(join(tmpdir(), "refusion-bad-"));
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

test("an error in the file names its row and column, in the page's language", async ({ page }) => {
  await openRegister(page);
  const bad = tempFile("bad.csv", `${HEADER}\na,1980-01-01,2026-01-01,2026-01-10,1000,0\nb,1980-01-01,2026-01-01,2026-01-10,tusind,0\n`);
  await page.locator("#reg-file").setInputFiles(bad);
  await expect(page.locator("#register-section")).toHaveAttribute("data-state", "error");
  const error = page.locator("#reg-error");
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute("data-field", "line 3, daily_rate");
  await expect(error.locator(".reg-error-text")).toContainText("Fejl i registret, linje 3, kolonne daily_rate: ");
  await expect(error.locator(".reg-error-text")).toContainText("(Beregningsmotoren: \"tusind\" is not an amount");
  await expect(page.locator("#register-results")).toBeHidden();
  await page.locator("#lang-toggle").click();
  await expect(error.locator(".reg-error-text")).toContainText("Error in the register, line 3, column daily_rate: \"tusind\" is not an amount");
  await page.locator("#lang-toggle").click();

  // A support table's error names the support table.
  const support = tempFile("support.csv", "citizen_id,method,start,end,annual_cost,decided_before_discharge\nE5,m-act,2027-13-01,2029-01-01,104000,ja\n");
  await page.locator("#reg-support").setInputFiles(support);
  await page.locator("#reg-file").setInputFiles(REGISTER);
  await expect(page.locator("#register-section")).toHaveAttribute("data-state", "error");
  await expect(error.locator(".reg-error-text")).toContainText("Fejl i støttetabellen, linje 2, kolonne start: ");

  // A good file afterwards clears the error.
  await page.locator("#reg-support").setInputFiles(SUPPORT);
  await expect(page.locator("#register-section")).toHaveAttribute("data-state", "done");
  await expect(error).toBeHidden();
});

test("the workbook's errors name the sheet, row and column", async ({ page }) => {
  await openRegister(page);
  // The rendering of every kind of `field` the engine writes.
  const shown = await page.evaluate(async () => {
    const { whereOf } = await import("./register.js");
    const { TEXT } = await import("./i18n.js");
    const fields = ["line 5, daily_rate", "line 5", "line 1, column 3", "support line 4, start", "support row 2, citizen_id", 'sheet "Ark1", row 5, column E (daily_rate)', 'sheet "Ark1", row 5', 'support sheet "Støtte", row 4, column C (start)'];
    return ["da", "en"].map((l) => fields.map((f) => whereOf(f, TEXT[l].register)));
  });
  expect(shown[0]).toEqual([
    "Fejl i registret, linje 5, kolonne daily_rate",
    "Fejl i registret, linje 5",
    "Fejl i registret, linje 1, kolonne 3",
    "Fejl i støttetabellen, linje 4, kolonne start",
    "Fejl i støttetabellen, række 2, kolonne citizen_id",
    "Fejl i registret, ark »Ark1«, række 5, kolonne E (daily_rate)",
    "Fejl i registret, ark »Ark1«, række 5",
    "Fejl i støttetabellen, ark »Støtte«, række 4, kolonne C (start)",
  ]);
  expect(shown[1][5]).toBe("Error in the register, sheet “Ark1”, row 5, column E (daily_rate)");
});

test("the page answers while a large register is evaluated, with a progress bar", async ({ page }) => {
  test.setTimeout(120_000);
  const [register, support] = cohort(20000, 3);
  await openRegister(page);
  // A heartbeat on the main thread: the longest gap between two ticks while the worker runs.
  await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    window.__beat = setInterval(() => {
      const now = performance.now();
      if (document.getElementById("register-section").dataset.state === "running") window.__gaps.push(now - last);
      last = now;
    }, 20);
  });
  await page.locator("#reg-support").setInputFiles(support);
  await page.locator("#reg-file").setInputFiles(register);
  await expect(page.locator("#register-section")).toHaveAttribute("data-state", "running");
  await expect(page.locator("#reg-progress")).toBeVisible();
  // The page takes input while it works: the label field of the citizen section.
  await page.locator("#label").fill("Imens");
  await expect(page.locator("#page-label")).toHaveText("Imens");
  await expect(page.locator("#register-section")).toHaveAttribute("data-state", "done", { timeout: 60_000 });
  await expect(page.locator("#reg-progress-box")).toBeHidden();
  const gaps = await page.evaluate(() => {
    clearInterval(window.__beat);
    return window.__gaps;
  });
  expect(gaps.length).toBeGreaterThan(0);
  expect(Math.max(...gaps), "the longest pause of the main thread (ms)").toBeLessThan(250);
  // The figures are the CLI's for the same files.
  const cli = cliRegister(register, support);
  await expectYearsAsCli(page, cli);
});

/** Layout rules for the register section: no sideways page scroll, tables inside the card. */
function registerLayoutProblems() {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`the page is ${document.documentElement.scrollWidth} px wide in ${window.innerWidth}`);
  const card = document.getElementById("register-section").getBoundingClientRect();
  for (const el of document.querySelectorAll("#register-section table, #register-section svg.chart, #register-section .reg-pager, #register-section .reg-downloads, #register-section input, #register-section select")) {
    const box = (el.closest(".scroll") ?? el).getBoundingClientRect();
    if (box.width === 0) continue;
    if (box.right > card.right + 0.5 || box.left < card.left - 0.5) problems.push(`${el.id || el.className || el.tagName} (${Math.round(box.left)}–${Math.round(box.right)}) leaves the card (${Math.round(card.left)}–${Math.round(card.right)})`);
  }
  const svg = document.getElementById("reg-chart");
  const frame = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll("text")].map((t) => t.getBoundingClientRect());
  for (const t of texts) if (t.left < frame.left - 0.5 || t.right > frame.right + 0.5) problems.push("a chart label is cut off");
  return problems;
}

for (const [width, height] of [[390, 844], [1280, 900]]) {
  test(`at ${width} px the register section holds, with results and an explanation (screenshot)`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height });
    await openRegister(page);
    await evaluateFiles(page, REGISTER, SUPPORT);
    await page.locator('#reg-citizens tbody tr[data-id="E5"] button.citizen').click();
    await expect(page.locator("#reg-explain h3")).toBeVisible();
    expect(await page.evaluate(registerLayoutProblems)).toEqual([]);
    await page.evaluate(() => document.activeElement?.blur());
    const out = testInfo.outputPath(`register-${width}.png`);
    await page.locator("#register-section").screenshot({ path: out });
    await testInfo.attach(`register-${width}`, { path: out, contentType: "image/png" });
    if (process.env.REGISTER_SHOTS) {
      mkdirSync(process.env.REGISTER_SHOTS, { recursive: true });
      await page.locator("#register-section").screenshot({ path: join(process.env.REGISTER_SHOTS, `register-${width}.png`) });
    }
    // UPDATE_SCREENSHOT=1 also refreshes the README's picture of the section.
    if (process.env.UPDATE_SCREENSHOT === "1" && width === 1280) {
      mkdirSync(`${REPO}docs`, { recursive: true });
      await page.locator("#register-section").screenshot({ path: `${REPO}docs/register.png` });
    }
    await page.locator("#lang-toggle").click();
    await expect(page.locator("#reg-explain h3")).toHaveText("How it was calculated for citizen E5");
    expect(await page.evaluate(registerLayoutProblems)).toEqual([]);
  });
}

test("on paper the register's tables, chart and explanation print; the file fields, search and pager do not", async ({ page }) => {
  await openRegister(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("#register-section")).toBeHidden();
  await page.emulateMedia({ media: "screen" });
  await evaluateFiles(page, REGISTER, SUPPORT);
  await page.locator('#reg-citizens tbody tr[data-id="E5"] button.citizen').click();
  await expect(page.locator("#reg-explain h3")).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("#register-section")).toBeVisible();
  await expect(page.locator("#register-form")).toBeHidden();
  await expect(page.locator("#reg-years")).toBeVisible();
  await expect(page.locator("#reg-chart")).toBeVisible();
  await expect(page.locator("#reg-citizens thead button.sort").first()).toBeVisible();
  await expect(page.locator("#reg-search")).toBeHidden();
  await expect(page.locator("#reg-next")).toBeHidden();
  await expect(page.locator("#reg-xlsx")).toBeHidden();
  await expect(page.locator("#reg-explain ol")).toBeVisible();
});

test("axe finds no violations in the register section with results, in Danish and English", async ({ page }) => {
  const AXE = `${REPO}web-demo/node_modules/axe-core/axe.min.js`;
  await openRegister(page);
  await evaluateFiles(page, REGISTER, SUPPORT);
  await page.locator('#reg-citizens tbody tr[data-id="E5"] button.citizen').click();
  await expect(page.locator("#reg-explain h3")).toBeVisible();
  await page.addScriptTag({ content: await readFile(AXE, "utf8") });
  const run = () => page.evaluate(() => window.axe.run(document.getElementById("register-section"), { runOnly: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] }))
    .then((r) => r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`));
  expect(await run()).toEqual([]);
  await page.locator("#lang-toggle").click();
  await expect(page.locator("#reg-explain h3")).toHaveText("How it was calculated for citizen E5");
  expect(await run()).toEqual([]);
});

test("a register dropped on its field is evaluated like a chosen one", async ({ page }) => {
  await openRegister(page);
  const text = readFileSync(REGISTER, "utf8");
  await page.evaluate((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], "dropped.csv", { type: "text/csv" }));
    const zone = document.getElementById("reg-file-drop");
    zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, text);
  await expect(page.locator("#register-section")).toHaveAttribute("data-state", "done");
  await expect(page.locator("#reg-file-chosen")).toHaveText("Valgt: dropped.csv (226 byte)");
  // Without the support table: E4 and the stays of E1 and E5 (60,000 + 97,500 refund claim).
  await expect(page.locator('#reg-years tr.total td[data-key="state_refusion"]')).toHaveAttribute("data-value", "157500.00");
});
