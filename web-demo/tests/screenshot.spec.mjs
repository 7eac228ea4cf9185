// A full-page screenshot of the filled calculator, kept with the test output. With
// UPDATE_SCREENSHOT=1 it is also copied to docs/screenshot.png for the README (a plain test run
// leaves the repository untouched).
import { copyFile, mkdir } from "node:fs/promises";
import { E2, REPO, cell, expect, fillFields, openCalculator, test } from "./fixtures.mjs";

test("a full-page screenshot of the filled page", async ({ page }, testInfo) => {
  await openCalculator(page, "?rate=900");
  await fillFields(page, E2);
  await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");
  await expect(page.locator("#breakeven")).toHaveAttribute("data-night", "126");
  await expect(page.locator("#budget-chart rect.bar")).toHaveCount(9);
  await expect(page.locator("#mc-table tbody tr")).toHaveCount(4);
  // No focus ring or caret in the picture.
  await page.evaluate(() => document.activeElement?.blur());

  const out = testInfo.outputPath("calculator.png");
  await page.screenshot({ path: out, fullPage: true });
  await testInfo.attach("calculator", { path: out, contentType: "image/png" });

  if (process.env.UPDATE_SCREENSHOT === "1") {
    await mkdir(`${REPO}docs`, { recursive: true });
    await copyFile(out, `${REPO}docs/screenshot.png`);
  }
});
