// The state lives in the URL: a shared link reproduces fields and results; a tampered link
// falls back to the defaults with a notice, never runs injected markup.
import { DEFAULTS, cell, expect, fieldValues, fillFields, openCalculator, test } from "./fixtures.mjs";

/** Everything a reader sees as a result, as text. */
async function results(page) {
  return {
    split: await page.locator("#split-table tbody").innerText(),
    night: await page.locator("#breakeven").getAttribute("data-night"),
    breakeven: await page.locator("#breakeven").innerText(),
    budget: await page.locator("#budget-tables").innerText(),
    bars: await page.locator("#budget-chart rect.bar").count(),
  };
}

test("a changed state survives the URL round trip into a fresh page", async ({ page, context }) => {
  await openCalculator(page);
  const before = await results(page);
  await fillFields(page, {
    birth: "1995-03-15",
    admitted: "2026-02-01",
    planned: "2026-11-15",
    rate: "1250,50",
    own: "90",
    method: "act",
    annual: "95.000",
    nightsBefore: "10",
    policy: "age-26",
    bCitizens: "35",
    bStay: "200",
    bRate: "1300",
    bFirst: "2028",
    bHorizon: "4",
  });
  await page.locator("#decided").uncheck();
  await page.locator("#lang-toggle").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("#budget-tables table[data-variant=mean] tbody tr")).toHaveCount(5);

  const values = await fieldValues(page);
  const shown = await results(page);
  expect(shown.split).not.toBe(before.split);
  expect(shown.budget).not.toBe(before.budget);

  const url = page.url();
  const params = new URL(url).searchParams;
  expect(params.get("policy")).toBe("age-26");
  expect(params.get("decided")).toBe("0");
  expect(params.get("bHorizon")).toBe("4");
  expect(params.get("lang")).toBe("en");

  const fresh = await context.newPage();
  await openCalculator(fresh, new URL(url).search);
  await expect(fresh.locator("#notice")).toBeHidden();
  await expect(fresh.locator("html")).toHaveAttribute("lang", "en");
  expect(await fieldValues(fresh)).toEqual(values);
  expect(await results(fresh)).toEqual(shown);
  expect(fresh.url()).toBe(url);
  await fresh.close();
});

// [what, query, valid values that survive, label named in the notice (null: no notice)]
const TAMPERED = [
  ["a non-amount rate", "?rate=abc", {}, "Døgntakst (kr.)"],
  ["markup in the policy", `?policy=${encodeURIComponent("<img src=x onerror=alert(1)>")}`, {}, "Regelsæt"],
  ["raw markup in the policy", "?policy=<img src=x onerror=alert(1)>", {}, "Regelsæt"],
  ["markup in a valid-looking field", `?rate=1500&own=${encodeURIComponent('"><script>alert(1)</script>')}`, { rate: "1500" }, "Egenbetaling pr. døgn (kr.)"],
  ["an unknown language", "?lang=xx", {}, "lang"],
  ["an impossible date", "?birth=2026-02-30", {}, "Fødselsdato"],
  ["an unknown parameter (ignored, e.g. tracking)", "?rate=1500&utm_source=x", { rate: "1500" }, null],
  ["a horizon out of range", "?bHorizon=11", {}, "Horisont (år, 1–10)"],
  ["zero Monte Carlo draws", "?bDraws=0", {}, "Antal træk (1–10.000)"],
  ["a negative seed", "?bSeed=-1", {}, "Startværdi for lodtrækningen"],
  ["a share above 100 %", "?bShare=150", {}, "Andel, der udskrives til støtte (%)"],
  ["a share with decimals", "?bShare=70,5", {}, "Andel, der udskrives til støtte (%)"],
  ["an unknown budget rule set", "?bPolicy=nope", {}, "Regelsæt for budgettet"],
  ["an unknown comparison", "?bCompare=everything", {}, "Sammenlign regelsæt"],
  ["valid budget choices", "?bPolicy=reform-2023&bCompare=reform&bShare=55", { bPolicy: "reform-2023", bCompare: "reform", bShare: "55" }, null],
  ["a discount rate above 100 %", "?bDiscount=150", {}, "Diskonteringsrente (%)"],
];

for (const [what, query, kept, named] of TAMPERED) {
  test(`a tampered link (${what}) keeps only valid values, with a notice`, async ({ page }) => {
    await openCalculator(page, query);
    const notice = page.locator("#notice");
    if (named === null) {
      await expect(notice).toBeHidden();
    } else {
      await expect(notice).toBeVisible();
      await expect(notice).toContainText("Linket indeholdt ugyldige værdier for:");
      await expect(notice).toContainText(named);
    }
    await expect(page.locator("html")).toHaveAttribute("lang", "da");
    expect(await fieldValues(page)).toEqual({ ...DEFAULTS, decided: "1", ...kept });
    if (Object.keys(kept).length === 0) {
      await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");
    }
    // The injected text never becomes markup, and the URL keeps only the valid values.
    await expect(page.locator("header img, main img, img")).toHaveCount(0);
    await expect(page.locator("main script, header script")).toHaveCount(0);
    const expected = new URLSearchParams(kept).toString();
    expect(new URL(page.url()).search).toBe(expected ? `?${expected}` : "");
    // Give an injected onerror handler time to fire (the fixture fails on any dialog).
    await page.waitForTimeout(150);
  });
}

test("an invalid field value is never written to the URL", async ({ page }) => {
  await openCalculator(page, "?rate=1500");
  await page.fill("#rate", "abc");
  await expect(page.locator("#rate-error")).toBeVisible();
  expect(new URL(page.url()).searchParams.has("rate")).toBe(false);
  await page.fill("#rate", "1600");
  expect(new URL(page.url()).searchParams.get("rate")).toBe("1600");
});
