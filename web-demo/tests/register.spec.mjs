// The register section ("Jeres register"): a register file and its support table evaluated in a
// Web Worker, the year table (checked against the CLI), the chart, the citizens table (sorting,
// paging, search), one citizen's explanation, the downloads, the errors with their row and
// column, the page's responsiveness while it works, and the layout at 390 and 1,280 px.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
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
