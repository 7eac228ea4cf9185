// The own payment's hint gives the published rate (R7) of the stay's year, from the engine's
// parameter view, and says when that year's rate was not found and an earlier one is carried.
import { expect, openCalculator, test } from "./fixtures.mjs";

test.describe("the own payment of the stay's year", () => {
  test("the hint follows the admission date's year", async ({ page }) => {
    await openCalculator(page);
    const hint = page.locator("#own-hint");
    // The example's stay is admitted in 2026, whose rate was not found: 2023's is carried.
    await expect(hint).toContainText("Offentliggjort sats for 2026: 96,71 kr.");
    await expect(hint).toContainText("ikke fundet");
    await page.locator("#admitted").fill("2021-03-01");
    await page.locator("#admitted").dispatchEvent("input");
    await expect(hint).toContainText("Offentliggjort sats for 2021: 93,00 kr.");
    await expect(hint).not.toContainText("ikke fundet");
    await expect(hint.locator("a")).toHaveAttribute("href", /sm\.dk/);
  });
});
