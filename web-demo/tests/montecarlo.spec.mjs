// The budget section's Monte Carlo band: the same seed gives the same figures as the Rust CLI.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CLI, REPO, csvLines, downloadCsv, expect, openCalculator, test } from "./fixtures.mjs";

/**
 * The page's default budget query, as app.js builds it (annual costs come from the draws; the
 * share, the team size and the citizens a team supports at one time are the engine's
 * illustrative defaults).
 */
const QUERY = {
  budget: {
    policy: "statutory", citizens_per_year: 20, share_discharged: "0.7", average_stay_nights: 180, daily_rate: "1400",
    own_payment_per_night: "100", team_size_fte: "4.5", caseload: 24,
    establishment_cost_per_team: "300000", first_year: 2027, horizon_years: 3,
    discount_rate: "0.035", nights_before_discharge: 1,
  },
  run: { draws: 1000, seed: 1 },
};

function cliMonteCarlo(query) {
  if (!existsSync(CLI)) execFileSync("cargo", ["build", "-q", "-p", "refusion-cli"], { cwd: REPO, stdio: "inherit" });
  const dir = mkdtempSync(path.join(tmpdir(), "refusion-"));
  try {
    const file = path.join(dir, "q.json");
    writeFileSync(file, JSON.stringify(query));
    return JSON.parse(execFileSync(CLI, ["monte-carlo", file, "--json"], { encoding: "utf8" }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Monte Carlo block of the budget CSV (English format): { year: [p5, p50, p95] }. */
async function csvBand(page) {
  const lines = csvLines((await downloadCsv(page, "csv-budget-alt")).text.trimEnd());
  const start = lines.indexOf("monte_carlo,draws,seed,year,p5,p50,p95,min,max");
  expect(start).toBeGreaterThan(0);
  const out = {};
  for (const line of lines.slice(start + 1)) {
    const [, , , year, p5, p50, p95] = line.split(",");
    out[year] = [p5, p50, p95];
  }
  return out;
}

const rows = (page) => page.locator("#mc-table tbody tr");

test("the band per year equals `refusion monte-carlo` for the same query and seed", async ({ page }) => {
  await openCalculator(page);
  await expect(rows(page)).toHaveCount(4);
  await expect(page.locator("#mc-status")).toContainText("1000 træk (startværdi 1)");
  const cli = cliMonteCarlo(QUERY);
  const expected = Object.fromEntries([...cli.years.map((y) => [String(y.year), [y.p5, y.p50, y.p95]]), ["total", [cli.total.p5, cli.total.p50, cli.total.p95]]]);
  expect(await csvBand(page)).toEqual(expected);
  // The table shows the same figures, in Danish format, P5 ≤ P50 ≤ P95.
  const heads = await rows(page).locator("th").allInnerTexts();
  expect(heads).toEqual(["2027", "2028", "2029", "Σ"]);
  for (const y of cli.years) {
    const r = rows(page).filter({ has: page.locator("th", { hasText: String(y.year) }) });
    const cells = await r.locator("td").allInnerTexts();
    const dk = (v) => Number(v.replace(/\./g, "").replace(",", ".").replace(/[^\d.-]/g, "").replace(/^-?/, (m) => m));
    const [p5, p50, p95] = cells.map((c) => dk(c.replace("−", "-")));
    expect(p5).toBeLessThanOrEqual(p50);
    expect(p50).toBeLessThanOrEqual(p95);
  }
  // The fan chart: a shaded band and the median line.
  await expect(page.locator("#mc-chart .band")).toHaveCount(1);
  await expect(page.locator("#mc-chart path.series")).toHaveCount(1);
  await expect(page.locator("#mc-chart")).toHaveAttribute("role", "img");
});

test("a new seed or fewer draws changes the band; the URL keeps them", async ({ page }) => {
  await openCalculator(page);
  await expect(rows(page)).toHaveCount(4);
  const before = await csvBand(page);
  await page.locator("#bSeed").fill("7");
  await page.locator("#bDraws").fill("200");
  await expect(page.locator("#mc-status")).toContainText("200 træk (startværdi 7)");
  const after = await csvBand(page);
  expect(after).not.toEqual(before);
  expect(after).toEqual(Object.fromEntries(Object.entries((() => {
    const cli = cliMonteCarlo({ ...QUERY, run: { draws: 200, seed: 7 } });
    return Object.fromEntries([...cli.years.map((y) => [String(y.year), [y.p5, y.p50, y.p95]]), ["total", [cli.total.p5, cli.total.p50, cli.total.p95]]]);
  })())));
  const params = new URL(page.url()).searchParams;
  expect([params.get("bSeed"), params.get("bDraws")]).toEqual(["7", "200"]);
});

test("invalid draws are flagged and the band is cleared; a discount rate changes present values only", async ({ page }) => {
  await openCalculator(page);
  await expect(rows(page)).toHaveCount(4);
  await page.locator("#bDraws").fill("0");
  await expect(page.locator("#bDraws-error")).toContainText("Skriv et helt tal mellem 1 og 10000.");
  await expect(rows(page)).toHaveCount(0);
  await page.locator("#bDraws").fill("1000");
  await expect(rows(page)).toHaveCount(4);
  const mean = page.locator('#budget-tables table[data-variant="mean"] tbody tr').first().locator("td");
  const first = await mean.allInnerTexts();
  await page.locator("#bDiscount").fill("0");
  // With 0 % the present value of every year (the last column) equals its municipal effect.
  const rowsMean = page.locator('#budget-tables table[data-variant="mean"] tbody tr');
  for (let i = 0; i < 3; i++) {
    const cells = await rowsMean.nth(i).locator("td").allInnerTexts();
    expect(cells[8]).toBe(cells[7]);
  }
  expect((await mean.allInnerTexts()).slice(0, 8)).toEqual(first.slice(0, 8));
  await page.locator("#bDiscount").fill("3,5");
  await expect(page.locator("#bDiscount-error")).toHaveText("");
});
