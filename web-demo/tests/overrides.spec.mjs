// The rules section: the rules come from refusion.policy(), a user can override them, the
// overrides reach every engine call (so the engine's explanation follows them), travel in the
// URL, and "Nulstil" clears them.
import { E2, cell, csvLines, downloadCsv, expect, fillFields, openCalculator, test } from "./fixtures.mjs";

/** A stay admitted in 2023 that starts before the reform date and runs past 1 January 2024. */
const STAY_2023 = { ...E2, admitted: "2023-06-01", planned: "2024-03-01" };

/** The explanation of one pathway ("stay": the first list, "support": the second). */
const explanation = (page, pathway) => page.locator("#trace ol").nth(pathway === "stay" ? 0 : 1);

/** Opens the rules section and returns the override field of `name`. */
async function override(page, name) {
  const details = page.locator("#rules-details");
  if (!(await details.evaluate((d) => d.open))) await page.locator("#rules-details > summary").click();
  return page.locator(`#o-${name}`);
}

test("the rules table shows every parameter of the preset with its rule, value, date and source", async ({ page }) => {
  await openCalculator(page);
  await page.locator("#rules-details > summary").click();
  const reform = page.locator('#rules-table tbody[data-parameter="reform_date"]');
  await expect(reform.locator("td.rule")).toHaveText("R5");
  await expect(reform.locator("td.value")).toHaveText("1. okt. 2023");
  await expect(reform.locator("td.source a")).toHaveAttribute("href", /^https:\/\//);
  // A dated switch is one row per step: the cap is 120 nights, then 90 from 1 April 2026.
  const cap = page.locator('#rules-table tbody[data-parameter="cap_nights"] tr');
  await expect(cap).toHaveCount(2);
  await expect(cap.nth(1).locator("td.from")).toHaveText("1. apr. 2026");
  await expect(cap.nth(1).locator("td.rule")).toHaveText("R3");
  // The preset's description is the engine's, and no note says the rules differ.
  await expect(page.locator("#rules-preset")).toContainText("Regelsæt: Gældende regler.");
  await expect(page.locator("#rules-note")).toBeHidden();
  await expect(page.locator("#overrides-reset")).toBeDisabled();

  await page.locator("#policy").selectOption("pre-reform");
  await expect(page.locator("#rules-preset")).toContainText("Regelsæt: Reglerne før reformen (intet loft).");
  await expect(page.locator('#rules-table tbody[data-parameter="support_refund_rate"] td.value')).toHaveText("0 %");
});

test("a reform date of 2024-01-01 for a stay admitted in 2023: the explanation follows", async ({ page }) => {
  await openCalculator(page);
  await fillFields(page, STAY_2023);
  const stay = explanation(page, "stay");
  await expect(stay).toContainText("før reformen trådte i kraft 1. okt. 2023");
  const refundBefore = await cell(page, "stay", "state_refusion").innerText();

  await (await override(page, "reform_date")).fill("2024-01-01");

  await expect(stay).toContainText("før reformen trådte i kraft 1. jan. 2024");
  await expect(stay).not.toContainText("trådte i kraft 1. okt. 2023");
  // The result follows too: more nights fall before the reform, without a cap.
  await expect(cell(page, "stay", "state_refusion")).not.toHaveText(refundBefore);
  // The page says the rules differ from the preset, above the results as well.
  for (const id of ["#rules-note", "#citizen-rules-note", "#budget-rules-note"]) {
    await expect(page.locator(id)).toBeVisible();
    await expect(page.locator(id)).toContainText("Reglerne afviger fra regelsættet «Gældende regler»");
    await expect(page.locator(id)).toContainText("Reformens ikrafttræden: 1. jan. 2024");
  }
  // The table shows the override as the value, changed on the page.
  const reform = page.locator('#rules-table tbody[data-parameter="reform_date"]');
  await expect(reform.locator("td.value")).toHaveText("1. jan. 2024");
  await expect(reform.locator("td.source")).toHaveText("ændret på siden");
  expect(new URL(page.url()).searchParams.get("o.reform_date")).toBe("2024-01-01");

  // In English the engine's English explanation follows the same override.
  await page.locator("#lang-toggle").click();
  await expect(stay).toContainText("before the reform date 2024-01-01");
});

test("support_refund_years 3: the explanation names a period of 3 years", async ({ page }) => {
  await openCalculator(page);
  const support = explanation(page, "support");
  await expect(support).toContainText("§ 176 a-perioden for bostøtte efter § 85 a i 2 år");

  await (await override(page, "support_refund_years")).fill("3");

  await expect(support).toContainText("i 3 år");
  await expect(support).not.toContainText("i 2 år");
  await expect(support).toContainText("2. jun. 2026–1. jun. 2029");
  await expect(page.locator("#rules-note")).toContainText("År med § 176 a-refusion: 3");
  expect(new URL(page.url()).searchParams.get("o.support_refund_years")).toBe("3");

  // A 2023 discharge before an overridden reform date opens no period at all, and the reason
  // says so, naming the overridden date.
  await fillFields(page, STAY_2023);
  await (await override(page, "reform_date")).fill("2024-01-01");
  await expect(support).toContainText(
    "ingen udskrivning fra § 110 på eller efter reformdatoen 1. jan. 2024 har åbnet en § 176 a-periode",
  );
});

test("the overrides reach the budget and both CSV files", async ({ page }) => {
  await openCalculator(page);
  const mean = page.locator('#budget-tables table[data-variant="mean"]');
  const before = await mean.innerText();
  await (await override(page, "support_refund_years")).fill("1");
  await expect(mean).not.toHaveText(before);

  const budgetLines = csvLines((await downloadCsv(page, "csv-budget-alt")).text);
  expect(budgetLines).toContain("policy,preset,statutory");
  expect(budgetLines).toContain("policy,override.support_refund_years,1");
  // In the Danish file the rules are named in Danish.
  const danishBudget = csvLines((await downloadCsv(page, "csv-budget")).text);
  expect(danishBudget).toContain("Regelsæt;Regelsæt;Gældende regler");
  expect(danishBudget).toContain("Regelsæt;Ændret regel: År med § 176 a-refusion;1");

  const citizenLines = csvLines((await downloadCsv(page, "csv-citizen-alt")).text);
  expect(citizenLines).toContain("policy,,override.support_refund_years,1");
  // The CSV's explanation is the engine's Danish text, as on the page.
  expect(citizenLines.some((l) => l.startsWith("trace,support,") && l.includes("i 1 år"))).toBe(true);
});

test("a percentage and a choice override: typed the Danish way, read by the engine", async ({ page }) => {
  await openCalculator(page);
  await expect(cell(page, "stay", "state_refusion")).toHaveText("58.500,00 kr.");
  await (await override(page, "refund_rate")).fill("40");
  // 90 refunded nights × 40 % × (1,400 − 100) = 46,800.
  await expect(cell(page, "stay", "state_refusion")).toHaveText("46.800,00 kr.");
  await expect(page.locator("#rules-note")).toContainText("Refusionssats, § 110 (%): 40 %");
  await (await override(page, "refund_rate")).fill("37,5");
  await expect(cell(page, "stay", "state_refusion")).toHaveText("43.875,00 kr.");
  await (await override(page, "refund_rate")).fill("abc");
  await expect(page.locator("#o-refund_rate")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#o-refund_rate-error")).toHaveText("Skriv en procent mellem 0 og 100, fx 3,5.");
  await expect(page.locator("#citizen-summary-error")).toBeVisible();
  expect(new URL(page.url()).searchParams.has("o.refund_rate")).toBe(false);
  await (await override(page, "refund_rate")).fill("");
  await expect(cell(page, "stay", "state_refusion")).toHaveText("58.500,00 kr.");

  const mode = await override(page, "window_mode");
  await mode.selectOption("fixed-anniversaries");
  await expect(page.locator('#rules-table tbody[data-parameter="window_mode"] td.source')).toHaveText("ændret på siden");
  expect(new URL(page.url()).searchParams.get("o.window_mode")).toBe("fixed-anniversaries");
});

test("rules the engine refuses together are marked on the field", async ({ page }) => {
  await openCalculator(page);
  // The cap's switch cannot come before the reform's first step.
  await (await override(page, "cap_switch_date")).fill("2020-01-01");
  await expect(page.locator("#o-cap_switch_date")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#o-cap_switch_date-error")).toBeVisible();
  await expect(page.locator("#citizen-summary-error")).toBeVisible();
  await expect(page.locator("#budget-summary-error")).toBeVisible();
  await expect(page.locator("#rules-note")).toBeHidden();
  expect(new URL(page.url()).searchParams.has("o.cap_switch_date")).toBe(false);

  await (await override(page, "cap_switch_date")).fill("2027-01-01");
  await expect(page.locator("#o-cap_switch_date")).not.toHaveAttribute("aria-invalid", /.*/);
  // The switch moved past the stay (1 June 2026 – 1 January 2027): every night has the
  // 120-night cap, so 120 nights are refunded instead of 90.
  await expect(cell(page, "stay", "state_refusion")).toHaveText("78.000,00 kr.");
});

test("Nulstil clears every override, the note and the URL", async ({ page }) => {
  await openCalculator(page, "?o.reform_date=2024-01-01&o.support_refund_years=3&o.window_mode=fixed-anniversaries");
  await expect(page.locator("#rules-details")).toHaveAttribute("open", "");
  await expect(page.locator("#o-reform_date")).toHaveValue("2024-01-01");
  await expect(page.locator("#o-support_refund_years")).toHaveValue("3");
  await expect(page.locator("#o-window_mode")).toHaveValue("fixed-anniversaries");
  await expect(page.locator("#rules-note")).toBeVisible();
  await expect(explanation(page, "support")).toContainText("i 3 år");

  await page.locator("#overrides-reset").click();

  for (const name of ["reform_date", "support_refund_years", "window_mode"]) await expect(page.locator(`#o-${name}`)).toHaveValue("");
  await expect(page.locator("#rules-note")).toBeHidden();
  await expect(page.locator("#citizen-rules-note")).toBeHidden();
  await expect(explanation(page, "support")).toContainText("i 2 år");
  await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");
  expect(new URL(page.url()).search).toBe("");
});

// [what, query, overrides kept, labels named in the notice]
const TAMPERED = [
  ["an impossible reform date", "?o.reform_date=2024-13-01", {}, ["Reformens ikrafttræden"]],
  ["a fractional number of years", "?o.support_refund_years=2.5", {}, ["År med § 176 a-refusion"]],
  ["an unknown choice", "?o.window_mode=<b>x</b>", {}, ["Refusionsvinduer"]],
  ["a switch the engine refuses", "?o.cap_switch_date=2020-01-01&o.support_refund_years=3", { "o.support_refund_years": "3" }, ["Loftet skifter (dato)"]],
  ["unknown and prototype names (ignored)", "?o.__proto__=1&o.constructor=x&o.cap_nights=5&o.reform_date=2024-01-01", { "o.reform_date": "2024-01-01" }, []],
];

for (const [what, query, kept, named] of TAMPERED) {
  test(`a link with ${what} keeps only the valid overrides`, async ({ page }) => {
    await openCalculator(page, query);
    const notice = page.locator("#notice");
    if (named.length === 0) await expect(notice).toBeHidden();
    for (const label of named) {
      await expect(notice).toBeVisible();
      await expect(notice).toContainText(label);
    }
    const params = new URL(page.url()).searchParams;
    expect(Object.fromEntries([...params].filter(([k]) => k.startsWith("o.")))).toEqual(kept);
    await expect(page.locator("#citizen-summary-error")).toBeHidden();
    await expect(page.locator("b")).toHaveCount(0);
  });
}

test("the rules table marks the parameters the chosen policy does not use, in the engine's words", async ({ page }) => {
  await openCalculator(page);
  await page.locator("#rules-details > summary").click();
  const head = (name) => page.locator(`#rules-table tbody[data-parameter="${name}"] th`);
  // The statutory cap goes by date: the age steps are shown but not used.
  await expect(head("cap_nights_by_age")).toContainText("bruges ikke: loftet afhænger af datoen");
  await expect(head("cap_nights")).not.toContainText("bruges ikke");
  await page.locator("#policy").selectOption("age-26");
  await expect(head("cap_nights")).toContainText("bruges ikke: loftet afhænger af alderen");
  await expect(head("cap_nights_by_age")).not.toContainText("bruges ikke");
  await page.locator("#policy").selectOption("pre-reform");
  await expect(head("cap_nights")).toContainText("bruges ikke: intet loft");
  await expect(head("support_refund_years")).toContainText("bruges ikke: ingen refusion af § 85 a");
  await expect(page.locator('#rules-table tbody[data-parameter="cap_nights"] tr.unused')).toHaveCount(2);
});
