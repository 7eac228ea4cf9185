// Text a user types, or that arrives in the URL, is shown as text and never becomes markup or
// runs; a tampered URL cannot break the page. The fixture fails a test on any console error,
// uncaught exception or dialog, so an injected `alert(1)` would fail it too.
import { DEFAULTS, cell, csvLines, downloadCsv, expect, fieldValues, openCalculator, test } from "./fixtures.mjs";

const PAYLOADS = [
  `<img src=x onerror="window.__xss=(window.__xss||0)+1">`,
  `"><svg onload="window.__xss=(window.__xss||0)+1">`,
  `<script>window.__xss=(window.__xss||0)+1</script>`,
  `</p><iframe src="javascript:window.parent.__xss=1"></iframe>`,
];

/** Nothing injected: no element the payloads would create, and no handler ran. */
async function expectInert(page) {
  // Give an injected handler time to fire.
  await page.waitForTimeout(200);
  await expect(page.locator("img, iframe, svg[onload], main script, header script")).toHaveCount(0);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
}

for (const payload of PAYLOADS) {
  test(`a label typed as ${payload.slice(0, 24)}… is shown as text`, async ({ page }) => {
    await openCalculator(page);
    await page.fill("#label", payload);
    const shown = page.locator("#page-label");
    await expect(shown).toBeVisible();
    await expect(shown).toHaveText(payload);
    expect(await page.title()).toBe(`${payload} — Refusionsberegner — refusion`);
    // The result is computed as before, and the label travels in the URL as text.
    await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");
    expect(new URL(page.url()).searchParams.get("label")).toBe(payload);
    await expectInert(page);
  });

  test(`a label in the URL as ${payload.slice(0, 24)}… is shown as text`, async ({ page }) => {
    await openCalculator(page, `?label=${encodeURIComponent(payload)}`);
    await expect(page.locator("#label")).toHaveValue(payload);
    await expect(page.locator("#page-label")).toHaveText(payload);
    await expect(page.locator("#notice")).toBeHidden();
    await expectInert(page);
  });
}

test("a label is a text cell in the CSV, and a formula is neutralised, in both formats", async ({ page }) => {
  await openCalculator(page);
  await page.fill("#label", '=HYPERLINK("http://example.invalid","x"), "quoted"');
  const english = csvLines((await downloadCsv(page, "csv-citizen-alt")).text);
  expect(english[0]).toBe("section,pathway,item,value");
  // Quoted as one cell; the leading apostrophe stops a spreadsheet running it as a formula.
  expect(english[1]).toBe(`label,,,"'=HYPERLINK(""http://example.invalid"",""x""), ""quoted"""`);
  const danish = csvLines((await downloadCsv(page, "csv-citizen")).text);
  expect(danish[0]).toBe("\ufeffDel;Forløb;Post;Værdi");
  expect(danish[1]).toBe(`Navn;;;"'=HYPERLINK(""http://example.invalid"",""x""), ""quoted"""`);
  // The same in the budget file, and a label that is only a formula character.
  for (const [label, cell] of [["@SUM(A1:A9)", "'@SUM(A1:A9)"], ["+45 12345678", "'+45 12345678"], ["-2+3", "'-2+3"]]) {
    await page.fill("#label", label);
    expect(csvLines((await downloadCsv(page, "csv-budget")).text)[0]).toBe(`\ufeffNavn;${cell}`);
    expect(csvLines((await downloadCsv(page, "csv-budget-alt")).text)[0]).toBe(`label,${cell}`);
  }
});

// [what, query]: links a person could be sent; each must leave a working page.
const HOSTILE_URLS = [
  ["prototype keys", "?__proto__=x&constructor=x&toString=x&hasOwnProperty=x&valueOf=x"],
  ["malformed percent-encoding", "?label=%E0%A4%A&rate=%ZZ"],
  ["a label longer than 120 characters", `?label=${"x".repeat(5000)}`],
  ["a label with control characters", `?label=${encodeURIComponent("a\u0000b\u001bc\n")}`],
  ["every parameter twice", "?rate=1500&rate=<b>&lang=en&lang=xx"],
  ["a huge rate", `?rate=${"9".repeat(400)}`],
  ["a fragment and odd separators", "?&&=&rate&=1#<img src=x onerror=alert(1)>"],
  ["markup as a parameter name", `?${encodeURIComponent("<img src=x onerror=alert(1)>")}=1`],
];

for (const [what, query] of HOSTILE_URLS) {
  test(`a link with ${what} leaves a working page`, async ({ page }) => {
    await openCalculator(page, query);
    await expect(page.locator("body")).toHaveAttribute("data-ready", "1");
    // The page still computes: E2-like defaults, or what the link validly set.
    const net = await cell(page, "stay", "municipal_net").innerText();
    expect(net).toMatch(/\d/);
    await expect(page.locator("#budget-tables table")).toHaveCount(3);
    const values = await fieldValues(page);
    for (const key of Object.keys(DEFAULTS)) expect(typeof values[key]).toBe("string");
    await expectInert(page);
  });
}

test("a link with an over-long label falls back to no label, with a notice", async ({ page }) => {
  await openCalculator(page, `?label=${"x".repeat(121)}`);
  await expect(page.locator("#notice")).toContainText("Navn på beregningen");
  await expect(page.locator("#label")).toHaveValue("");
  await expect(page.locator("#page-label")).toBeHidden();
});
