// The printout carries an appendix of assumptions (appendix.js): the inputs as the user set them,
// the policy, the parameters in force and the price level, in the page's language, so a printed
// or saved PDF can be attached to a case. page.pdf() fires no beforeprint, so this also shows
// that the appendix is kept up to date as the page changes.
import { writeFile } from "node:fs/promises";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { expect, openCalculator, test } from "./fixtures.mjs";

/** The text of every page of a PDF (pdfjs-dist). */
async function pdfText(buffer) {
  const doc = await getDocument({ data: new Uint8Array(buffer), isEvalSupported: false }).promise;
  let text = "";
  for (let n = 1; n <= doc.numPages; n += 1) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) text += `${item.str ?? ""}${item.hasEOL ? "\n" : " "}`;
  }
  await doc.destroy();
  return text;
}

/** Without any whitespace: a PDF's text runs and ligatures split words where the page does not. */
const bare = (text) => text.normalize("NFKC").replace(/\s+/g, "");

/** A field's label as the page shows it. */
const labelOf = async (page, id) => (await page.locator(`label[for="${id}"]`).textContent()).replace(/\s+/g, " ").trim();

/** The page printed to an A4 PDF (kept with the test output); the text from the appendix on. */
async function printedAppendix(page, testInfo, name, heading) {
  const pdf = await page.pdf({ format: "A4" });
  const out = testInfo.outputPath(`${name}.pdf`);
  await writeFile(out, pdf);
  await testInfo.attach(name, { path: out, contentType: "application/pdf" });
  const text = bare(await pdfText(pdf));
  const at = text.lastIndexOf(bare(heading));
  expect(at, `the PDF has the heading "${heading}"`).toBeGreaterThan(-1);
  return text.slice(at);
}

test("on paper: the results, then the assumptions appendix, and no forms", async ({ page }) => {
  await openCalculator(page);
  await expect(page.locator("#mc-table tbody tr")).toHaveCount(4);
  await expect(page.locator("#print-appendix")).toBeHidden();
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("#print-appendix")).toBeVisible();
  await expect(page.locator("#print-appendix h2")).toHaveText("Forudsætninger");
  for (const id of ["citizen-form", "budget-form", "rules-form"]) await expect(page.locator(`#${id}`)).toBeHidden();
  // The parameters print with it, though their own table sits in the hidden <details>.
  await expect(page.locator("#rules-table")).toBeHidden();
  await expect(page.locator("#print-appendix table tbody tr")).toHaveCount(await page.locator("#rules-table tbody tr").count());
  // The appendix comes after every result.
  const after = await page.evaluate(() => {
    const appendix = document.getElementById("print-appendix");
    return ["citizen-results", "budget-results"].every((id) => document.getElementById(id).compareDocumentPosition(appendix) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(after).toBe(true);
  await page.emulateMedia({ media: "screen" });
  await expect(page.locator("#print-appendix")).toBeHidden();
});

test("the Danish PDF lists the inputs as set, the policy, the parameters and the price level", async ({ page }, testInfo) => {
  await openCalculator(page);
  await page.locator("#rate").fill("1.234,50");
  await page.locator("#bCitizens").fill("37");
  await page.locator("#decided").uncheck();
  await expect(page.locator("#mc-table tbody tr")).toHaveCount(4);
  const policy = (await page.locator("#policy option:checked").textContent()).trim();
  const text = await printedAppendix(page, testInfo, "print-da", "Forudsætninger");

  expect(text).toContain(bare(`${await labelOf(page, "rate")} 1.234,50`));
  expect(text).toContain(bare(`${await labelOf(page, "bCitizens")} 37`));
  expect(text).toContain(bare(`${await labelOf(page, "method")} M-ACT`));
  expect(text).toContain(bare(`${await labelOf(page, "decided")} Nej`));
  expect(text).toContain(bare(`${await labelOf(page, "age")} —`));
  expect(text).toContain(bare(policy));
  expect(text).toContain(bare(await page.locator("#rules-preset").textContent()));
  expect(text).toContain("own_payment_reference");
  expect(text).toContain(bare("Beløb er brugt som indtastet (ingen fremskrivning til løbende priser)"));
});

test("in English the appendix is in English", async ({ page }, testInfo) => {
  await openCalculator(page);
  await page.locator("#lang-toggle").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("#mc-table tbody tr")).toHaveCount(4);
  const rate = await page.locator("#rate").inputValue();
  const policy = (await page.locator("#policy option:checked").textContent()).trim();
  const text = await printedAppendix(page, testInfo, "print-en", "Assumptions");

  expect(text).toContain(bare(`${await labelOf(page, "rate")} ${rate}`));
  expect(text).toContain(bare(`${await labelOf(page, "decided")} Yes`));
  expect(text).toContain(bare(policy));
  expect(text).toContain(bare(await page.locator("#rules-preset").textContent()));
  expect(text).toContain(bare("Amounts are used as entered (not projected to nominal prices)"));
  expect(text).not.toContain(bare("Forudsætninger"));
});
