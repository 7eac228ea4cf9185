// The rule sets side by side: the budget's own rule set (independent of the citizen's), the
// engine's ready comparisons ("what does the 2026 step cost?", "what did the whole reform
// cost?") on the budget's citizens, and the 2026 step for the one citizen. Every figure the
// tests expect is derived by hand in the comments.
import { cell, csvLines, downloadCsv, expect, openCalculator, test } from "./fixtures.mjs";

/** The plain titles of the engine's presets, as the selects list them. */
const TITLES = [
  "Gældende regler",
  "Reglerne fra 2023 uden 2026-trinnet (120 nætter)",
  "Reglerne før reformen (intet loft)",
  "Læsning efter alder (mundtlig kilde, ikke de skrevne regler)",
];

/** The cells of a row of the comparison table, keyed by column. */
async function comparisonRow(page, head) {
  const row = page.locator("#compare-table tbody tr").filter({ has: page.locator("th", { hasText: head }) });
  const out = {};
  for (const key of ["base", "policy", "difference", "state"]) out[key] = await row.locator(`td[data-key="${key}"]`).innerText();
  return out;
}

test("the budget has its own rule set, with the engine's plain titles; the citizen's select does not move it", async ({ page }) => {
  await openCalculator(page);
  for (const id of ["policy", "bPolicy"]) {
    expect(await page.locator(`#${id} option`).allInnerTexts()).toEqual(TITLES);
  }
  await expect(page.locator("#bPolicy")).toHaveValue("statutory");
  // The reading by age is described in the engine's words: not backed by the written rules.
  await expect(page.locator("#policy-help")).toContainText("En læsning af en mundtlig kilde, som de skrevne regler ikke bakker op");

  const budget = page.locator("#budget-tables");
  const before = await budget.innerText();
  await page.locator("#policy").selectOption("pre-reform");
  await expect(cell(page, "stay", "state_refusion")).not.toHaveText("58.500,00 kr.");
  expect(await budget.innerText()).toBe(before);

  // The budget's own select changes the budget, and only the budget.
  const citizen = await page.locator("#split-table tbody").innerText();
  await page.locator("#bPolicy").selectOption("reform-2023");
  await expect(budget).not.toHaveText(before);
  await expect(page.locator("#bPolicy-hint")).toContainText("som om 2026-trinnet ikke var kommet");
  expect(await page.locator("#split-table tbody").innerText()).toBe(citizen);
  await expect(page.locator("#rules-preset")).toContainText("Budgettet bruger regelsættet «Reglerne fra 2023 uden 2026-trinnet (120 nætter)»");
  const params = new URL(page.url()).searchParams;
  expect([params.get("policy"), params.get("bPolicy")]).toEqual(["pre-reform", "reform-2023"]);

  // Back to the rules in force: the budget is as it was.
  await page.locator("#bPolicy").selectOption("statutory");
  await expect.poll(() => budget.innerText()).toBe(before);
  expect(new URL(page.url()).searchParams.has("bPolicy")).toBe(false);
});

// 12 eligible citizens in 2027 (one admitted on the 1st of each month), each staying 120 nights
// at 1,400 a night with an own payment of 100: a refunded night is 50 % × 1,300 = 650. Nights in
// 2027: January–September 9 × 120 = 1,080, October 92, November 61, December 31: 1,264.
// Under reform-2023 (cap 120) every night is refunded: 1,264 × 650 = 821,600 refunded; net =
// 1,264 × 1,400 − 1,264 × 100 − 821,600 = 821,600.00. Under the rules in force (cap 90):
// January–October 90 each (October's 90th night is 29 December), November 61, December 31:
// 992 × 650 = 644,800 refunded; net 1,643,200 − 644,800 = 998,400.00. Difference 176,800.00.
// Before the reform (no cap) all 1,264 nights are refunded too: the same 821,600.00.
const TWELVE = "?bCitizens=12&bStay=120&bHorizon=1&bFirst=2027";

test("the ready comparison of the 2026 step: the status quo under both rule sets, by year, with the sign stated", async ({ page }) => {
  await openCalculator(page, TWELVE);
  await expect(page.locator("#bCompare")).toHaveValue("step-2026");
  expect(await page.locator("#bCompare option").allInnerTexts()).toEqual([
    "Hvad koster 2026-trinnet (120 → 90 nætter)?",
    "Hvad kostede hele reformen?",
    "Ingen sammenligning",
  ]);
  const box = page.locator("#budget-compare");
  await expect(box).toBeVisible();
  await expect(page.locator("#compare-heading")).toHaveText("Hvad koster 2026-trinnet (120 → 90 nætter)?");
  await expect(page.locator("#th-compare-base")).toHaveText("Kommunens nettoudgift under «Reglerne fra 2023 uden 2026-trinnet (120 nætter)»");
  await expect(page.locator("#th-compare-policy")).toHaveText("Kommunens nettoudgift under «Gældende regler»");
  expect(await page.locator("#compare-table tbody th").allInnerTexts()).toEqual(["2027", "Σ"]);
  const expected = { base: "821.600,00", policy: "998.400,00", difference: "176.800,00", state: "-176.800,00" };
  expect(await comparisonRow(page, "2027")).toEqual(expected);
  expect(await comparisonRow(page, "Σ")).toEqual(expected);
  // One sentence on the sign.
  await expect(page.locator("#compare-signs")).toContainText("Forskel = «Gældende regler» minus «Reglerne fra 2023 uden 2026-trinnet (120 nætter)»");
  await expect(page.locator("#compare-signs")).toContainText("plus det, ændringen koster kommunen ekstra");
  // The comparison does not depend on the share discharged (it is about today's stays).
  await page.locator("#bShare").fill("40");
  await expect(page.locator("#mc-story")).toContainText("40 %");
  expect(await comparisonRow(page, "Σ")).toEqual(expected);

  // The whole reform: against no cap at all, every one of the 1,264 nights is refunded too.
  await page.locator("#bCompare").selectOption("reform");
  await expect(page.locator("#compare-heading")).toHaveText("Hvad kostede hele reformen?");
  await expect(page.locator("#th-compare-base")).toHaveText("Kommunens nettoudgift under «Reglerne før reformen (intet loft)»");
  expect(await comparisonRow(page, "Σ")).toEqual(expected);
  expect(new URL(page.url()).searchParams.get("bCompare")).toBe("reform");

  // The comparison goes into both CSV files.
  const english = csvLines((await downloadCsv(page, "csv-budget-alt")).text);
  expect(english).toContain("year,policy,base,base_municipal_net,policy_municipal_net,difference_municipal_net,difference_state_refusion");
  expect(english).toContain("2027,statutory,pre-reform,821600.00,998400.00,176800.00,-176800.00");
  const danish = csvLines((await downloadCsv(page, "csv-budget")).text);
  expect(danish).toContain("I alt;Gældende regler;Reglerne før reformen (intet loft);821600,00;998400,00;176800,00;-176800,00");

  // No comparison: the section goes away, and the link says so.
  await page.locator("#bCompare").selectOption("");
  await expect(box).toBeHidden();
  expect(new URL(page.url()).searchParams.get("bCompare")).toBe("");
  await expect(page.locator("#bCompare-hint")).toContainText("Vælg et spørgsmål");
});

test("the ready comparison uses the two rule sets as they are, and says so when the rules are changed", async ({ page }) => {
  await openCalculator(page, `${TWELVE}&o.refund_rate=40`);
  await expect(page.locator("#compare-note")).toBeVisible();
  await expect(page.locator("#compare-note")).toContainText("bruger de to regelsæt, som de er");
  expect(await comparisonRow(page, "Σ")).toEqual({ base: "821.600,00", policy: "998.400,00", difference: "176.800,00", state: "-176.800,00" });
});

// E2: 214 nights at 1,400 (own payment 100), a refunded night 650. The rules in force refund 90
// nights (58,500.00; net 219,700.00), reform-2023 120 nights (78,000.00; net 200,200.00): the
// 2026 step costs the municipality 30 × 650 = 19,500.00. Discharged to support after one night,
// the single night is refunded under both: no difference.
test("the 2026 step for the one citizen, by the engine: 19.500,00 kr. for E2", async ({ page }) => {
  await openCalculator(page);
  await expect(page.locator("#step-heading")).toHaveText("Hvad koster 2026-trinnet for denne borger?");
  await expect(page.locator("#th-step-base")).toHaveText("Reglerne fra 2023 uden 2026-trinnet (120 nætter)");
  await expect(page.locator("#th-step-policy")).toHaveText("Gældende regler");
  const row = async (id) => page.locator(`#step-table tr[data-row="${id}"] td`).allInnerTexts();
  expect(await row("stay-refund")).toEqual(["78.000,00 kr.", "58.500,00 kr.", "-19.500,00 kr."]);
  expect(await row("stay-net")).toEqual(["200.200,00 kr.", "219.700,00 kr.", "19.500,00 kr."]);
  const support = await row("support-net");
  expect(support[0]).toBe(support[1]);
  expect(support[2]).toBe("0,00 kr.");
  await expect(page.locator("#step-summary")).toContainText("koster trinnet fra 120 til 90 nætter kommunen 19.500,00 kr.");
  await expect(page.locator("#step-note")).toContainText("Forskel = «Gældende regler» minus «Reglerne fra 2023 uden 2026-trinnet (120 nætter)»");
  // It does not follow the citizen's chosen rule set: it always compares the two.
  await page.locator("#policy").selectOption("pre-reform");
  expect(await row("stay-net")).toEqual(["200.200,00 kr.", "219.700,00 kr.", "19.500,00 kr."]);

  await page.locator("#lang-toggle").click();
  await expect(page.locator("#step-heading")).toHaveText("What does the 2026 step cost for this citizen?");
  await expect(page.locator("#th-step-policy")).toHaveText("The rules in force");
  expect(await row("stay-net")).toEqual(["DKK 200,200.00", "DKK 219,700.00", "DKK 19,500.00"]);
});
