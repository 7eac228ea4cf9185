// The budget section (tables per M-ACT cost variant, horizon, bar chart) and both CSV downloads.
import { csvLines, downloadCsv, expect, openCalculator, test } from "./fixtures.mjs";

const VARIANTS = ["low", "mean", "high"];

async function expectYears(page, first, horizon) {
  const tables = page.locator("#budget-tables table[data-variant]");
  await expect(tables).toHaveCount(3);
  for (const [i, variant] of VARIANTS.entries()) {
    await expect(tables.nth(i)).toHaveAttribute("data-variant", variant);
    const rows = page.locator(`#budget-tables table[data-variant="${variant}"] tbody tr`);
    await expect(rows).toHaveCount(horizon + 1);
    const heads = await rows.locator("th").allInnerTexts();
    const years = Array.from({ length: horizon }, (_, k) => String(first + k));
    expect(heads).toEqual([...years, "Σ"]);
    await expect(rows.last()).toHaveClass("total");
  }
  // One bar per year and variant (the legend's swatches are rects too, without the class).
  await expect(page.locator("#budget-chart rect.bar")).toHaveCount(horizon * 3);
}

test("three variant tables with one row per year plus Σ; the horizon drives them", async ({ page }) => {
  await openCalculator(page);
  await expect(page.locator("#bHorizon")).toHaveValue("3");
  await expectYears(page, 2027, 3);

  await page.locator("#bHorizon").selectOption("5");
  await expectYears(page, 2027, 5);
  expect(new URL(page.url()).searchParams.get("bHorizon")).toBe("5");

  await page.locator("#bHorizon").selectOption("1");
  await expectYears(page, 2027, 1);

  const chart = page.locator("#budget-chart");
  await expect(chart).toHaveAttribute("role", "img");
  expect(await chart.locator("rect").count()).toBeGreaterThan(0);
  // The captions name the M-ACT price of each variant (Rambøll: 78.000 / 104.000 / 121.000).
  await expect(page.locator('#budget-tables table[data-variant="low"] caption')).toContainText("78.000,00 kr.");
  await expect(page.locator('#budget-tables table[data-variant="mean"] caption')).toContainText("104.000,00 kr.");
  await expect(page.locator('#budget-tables table[data-variant="high"] caption')).toContainText("121.000,00 kr.");
});

test("an invalid budget field is flagged and the budget comes back when fixed", async ({ page }) => {
  await openCalculator(page);
  await page.locator("#bCaseload").fill("0");
  await expect(page.locator("#bCaseload")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#bCaseload-error")).toHaveText("Skriv et helt tal mellem 1 og 100000.");
  await expect(page.locator("#budget-summary-error")).toBeVisible();
  await expect(page.locator("#budget-tables table")).toHaveCount(0);
  await page.locator("#bCaseload").fill("24");
  await expect(page.locator("#budget-tables table")).toHaveCount(3);
  await expect(page.locator("#budget-summary-error")).toBeHidden();
});

test("the citizen CSV in English format holds the E2 totals", async ({ page }) => {
  await openCalculator(page);
  const { name, text } = await downloadCsv(page, "csv-citizen-alt");
  expect(name).toBe("refusion-borger.csv");
  expect(text.startsWith("\ufeff")).toBe(false);
  expect(text).not.toContain("\r\n");
  const lines = csvLines(text);
  expect(lines[0]).toBe("section,pathway,item,value");
  expect(lines).toContain("totals,stay,municipal_net,219700.00");
  expect(lines).toContain("totals,stay,gross,299600.00");
  expect(lines).toContain("totals,stay,state_refusion,58500.00");
  expect(lines).toContain("break_even,municipality,night,126");
});

test("the budget CSV in English format has a header and one row per variant and year", async ({ page }) => {
  await openCalculator(page);
  await page.locator("#bHorizon").selectOption("2");
  await expect(page.locator("#budget-chart rect.bar")).toHaveCount(6);
  const { name, text } = await downloadCsv(page, "csv-budget-alt");
  expect(name).toBe("refusion-budget.csv");
  const all = csvLines(text.trimEnd());
  // The budget block, then (after blank lines) the rules, the comparison and the Monte Carlo.
  const blank = all.indexOf("");
  const lines = blank === -1 ? all : all.slice(0, blank);
  expect(lines[0]).toBe("variant,annual_cost,year,gross,citizen_payment,state_refusion,municipal_net,teams,fte,establishment,municipal_effect,present_value");
  expect(lines).toHaveLength(1 + 3 * 2);
  expect(lines.slice(1).map((l) => l.split(",").slice(0, 3).join(","))).toEqual([
    "low,78000,2027", "low,78000,2028",
    "mean,104000,2027", "mean,104000,2028",
    "high,121000,2027", "high,121000,2028",
  ]);
});
