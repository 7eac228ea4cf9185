// The decision date of the § 85 a support: the checkbox follows it, the result and the engine's
// explanation change when it moves across the discharge date, a link where the two disagree
// shows the engine's error in Danish, and the rules text explains route 2 (§ 176 a stk. 1 nr. 2).
import { cell, expect, openCalculator, test } from "./fixtures.mjs";

// The page's example: admitted 2026-06-01, discharged to support after 1 night, on 2026-06-02.
const DISCHARGE = "2026-06-02";
const DAY_BEFORE = "2026-06-01";
const DAY_AFTER = "2026-06-03";

/** The support pathway's explanation, as the page shows it. */
const supportTrace = (page) => page.locator("#trace ol").nth(1);

test.describe("the decision date", () => {
  test("moving the date across the discharge changes the refund, the explanation and the checkbox", async ({ page }) => {
    await openCalculator(page);
    const box = page.locator("#decided");
    const field = page.locator("#decidedOn");
    const hint = page.locator("#decidedOn-hint");
    const refund = cell(page, "support", "state_refusion");
    await expect(field).toHaveValue("");
    await expect(box).toBeEnabled();
    await expect(box).toBeChecked();
    await expect(hint).toContainText("Så følger afkrydsningen ovenfor af datoen");

    // The two references: the checkbox ticked and not ticked.
    const decidedRefund = await refund.innerText();
    await box.uncheck();
    await expect(refund).not.toHaveText(decidedRefund);
    const undecidedRefund = await refund.innerText();
    await expect(supportTrace(page)).toContainText("ikke var besluttet før udskrivningen");
    await box.check();
    await expect(refund).toHaveText(decidedRefund);

    // On the discharge date: decided before discharge (route 1); the checkbox follows, locked.
    await field.fill(DISCHARGE);
    await expect(box).toBeDisabled();
    await expect(box).toBeChecked();
    await expect(refund).toHaveText(decidedRefund);
    await expect(hint).toContainText("2. jun. 2026");
    await expect(hint).toContainText("regnes som besluttet før udskrivningen");
    await expect(supportTrace(page)).toContainText("fordi støtten var besluttet før udskrivningen (§ 176 a, stk. 1, nr. 1)");
    await expect(supportTrace(page)).not.toContainText("ikke var besluttet før udskrivningen");
    let params = new URL(page.url()).searchParams;
    expect(params.get("decidedOn")).toBe(DISCHARGE);
    expect(params.has("decided")).toBe(false);

    // The day after the discharge: not decided before it; no § 85 a refund.
    await field.fill(DAY_AFTER);
    await expect(box).toBeDisabled();
    await expect(box).not.toBeChecked();
    await expect(refund).toHaveText(undecidedRefund);
    await expect(hint).toContainText("regnes ikke som besluttet før udskrivningen");
    await expect(supportTrace(page)).toContainText("ikke var besluttet før udskrivningen");
    await expect(supportTrace(page)).not.toContainText("stk. 1, nr. 1");
    params = new URL(page.url()).searchParams;
    expect(params.get("decidedOn")).toBe(DAY_AFTER);
    expect(params.has("decided")).toBe(false);

    // The day before: decided again.
    await field.fill(DAY_BEFORE);
    await expect(box).toBeChecked();
    await expect(refund).toHaveText(decidedRefund);

    // Without the date the checkbox is free again and keeps what it showed.
    await field.fill(DAY_AFTER);
    await expect(box).not.toBeChecked();
    await field.fill("");
    await expect(box).toBeEnabled();
    await expect(box).not.toBeChecked();
    await expect(refund).toHaveText(undecidedRefund);
    expect(new URL(page.url()).searchParams.get("decided")).toBe("0");
  });

  test("the date follows the support pathway's discharge, not a fixed day", async ({ page }) => {
    // Discharged after 10 nights (2026-06-11): a decision on 2026-06-03 is now before it.
    await openCalculator(page, `?nightsBefore=10&decidedOn=${DAY_AFTER}`);
    await expect(page.locator("#decided")).toBeChecked();
    await expect(page.locator("#decided")).toBeDisabled();
    await expect(page.locator("#decidedOn-hint")).toContainText("11. jun. 2026");
    await page.locator("#nightsBefore").fill("1");
    await expect(page.locator("#decided")).not.toBeChecked();
    await expect(supportTrace(page)).toContainText("ikke var besluttet før udskrivningen");
  });

  test("a link where the checkbox and the date disagree shows the engine's error in Danish", async ({ page }) => {
    await openCalculator(page, `?decided=1&decidedOn=${DAY_AFTER}`);
    const error = page.locator("#decidedOn-error");
    await expect(error).toBeVisible();
    await expect(error).toHaveText(/Afgørelsesdatoen og afkrydsningen »Støtten er besluttet før udskrivning« siger noget forskelligt/);
    await expect(page.locator("#decidedOn")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#citizen-summary-error")).toBeVisible();
    await expect(cell(page, "support", "state_refusion")).toHaveCount(0);
    // The link is kept as it was until the user settles it.
    expect(new URL(page.url()).searchParams.get("decided")).toBe("1");

    // In English, the engine's own words.
    await page.locator("#lang-toggle").click();
    await expect(error).toContainText("is after the discharge on 2026-06-02");
    await expect(error).toContainText("decided_before_discharge says true");
    await page.locator("#lang-toggle").click();

    // Moving the date settles it: the checkbox follows from then on.
    await page.locator("#decidedOn").fill(DISCHARGE);
    await expect(error).toBeHidden();
    await expect(page.locator("#citizen-summary-error")).toBeHidden();
    await expect(page.locator("#decided")).toBeChecked();
    await expect(page.locator("#decided")).toBeDisabled();
    expect(new URL(page.url()).searchParams.has("decided")).toBe(false);
  });

  test("a link where they agree is accepted as it is", async ({ page }) => {
    await openCalculator(page, `?decided=0&decidedOn=${DAY_AFTER}`);
    await expect(page.locator("#decidedOn-error")).toBeHidden();
    await expect(page.locator("#decided")).not.toBeChecked();
    await expect(supportTrace(page)).toContainText("ikke var besluttet før udskrivningen");
  });

  test("an impossible date in a link falls back to no date, with a notice", async ({ page }) => {
    await openCalculator(page, "?decidedOn=2026-02-30");
    await expect(page.locator("#notice")).toContainText("Afgørelse truffet den (valgfrit)");
    await expect(page.locator("#decidedOn")).toHaveValue("");
    await expect(page.locator("#decided")).toBeEnabled();
  });

  test("the rules text explains route 2 in plain Danish", async ({ page }) => {
    await openCalculator(page);
    const text = page.locator("#rules-route-two");
    await expect(text).toBeVisible();
    await expect(text).toContainText("ikke var besluttet før udskrivningen");
    await expect(text).toContainText("direkte fra herberget i et midlertidigt ophold efter § 107");
    await expect(text).toContainText("§ 176 a, stk. 1, nr. 2");
    await page.locator("#lang-toggle").click();
    await expect(text).toContainText("straight from the shelter into a temporary § 107 stay");
  });
});
