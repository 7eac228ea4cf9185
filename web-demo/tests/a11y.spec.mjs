// Accessibility basics (labels, keyboard order, the charts' text alternative) and the print view.
import { expect, openCalculator, test } from "./fixtures.mjs";

const CITIZEN_ORDER = ["birth", "age", "admitted", "planned", "rate", "own", "method", "annual", "nightsBefore", "policy", "decided"];

test("every form control has a <label for> that names it", async ({ page }) => {
  await openCalculator(page);
  for (const formId of ["citizen-form", "budget-form"]) {
    const form = page.locator(`#${formId}`);
    const ids = await form.locator("input, select, textarea").evaluateAll((els) => els.map((e) => e.id));
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) {
      expect(id, `a control in #${formId} without an id`).not.toBe("");
      const label = page.locator(`label[for="${id}"]`);
      await expect(label, `#${id} has exactly one <label for>`).toHaveCount(1);
      const text = (await label.innerText()).trim();
      expect(text, `#${id}'s label has text`).not.toBe("");
      await expect(page.locator(`#${id}`)).toHaveAccessibleName(text);
      // getByLabel finds the control by its label (within its form: the budget form reuses
      // the citizen form's "Døgntakst (kr.)" and "Egenbetaling pr. døgn (kr.)").
      await expect(form.getByLabel(text, { exact: true })).toHaveAttribute("id", id);
    }
  }
  // Error messages and hints are tied to their fields.
  await expect(page.locator("#rate")).toHaveAttribute("aria-describedby", /\brate-error\b/);
  await expect(page.getByRole("button", { name: "English" })).toBeVisible();
});

test("Tab walks the citizen form in order, through #policy to the checkbox", async ({ page }) => {
  await openCalculator(page);
  await page.locator("#birth").focus();
  const visited = [];
  for (let i = 0; i < 60; i += 1) {
    const id = await page.evaluate(() => document.activeElement?.id ?? "");
    if (visited[visited.length - 1] !== id) visited.push(id);
    if (id === "decided") break;
    await page.keyboard.press("Tab");
  }
  expect(visited).toEqual(CITIZEN_ORDER);
  await expect(page.locator("#decided")).toBeFocused();
  await expect(page.locator("#decided")).toBeChecked();
  await page.keyboard.press("Space");
  await expect(page.locator("#decided")).not.toBeChecked();
  await expect(page.locator('[data-testid="support-state_refusion"]')).toBeVisible();
  await page.keyboard.press("Space");
  await expect(page.locator("#decided")).toBeChecked();
  // Shift+Tab goes back to the policy select, which the keyboard can change.
  await page.keyboard.press("Shift+Tab");
  await expect(page.locator("#policy")).toBeFocused();
});

test("every chart is an image with a text alternative", async ({ page }) => {
  await openCalculator(page);
  const charts = page.locator("svg.chart");
  const ids = await charts.evaluateAll((els) => els.map((e) => e.id));
  expect(ids).toEqual(expect.arrayContaining(["chart", "budget-chart"]));
  const names = [];
  for (const id of ids) {
    const svg = page.locator(`svg#${id}`);
    await expect(svg, `#${id} role`).toHaveAttribute("role", "img");
    await expect(svg, `#${id} aria-label`).toHaveAttribute("aria-label", /\S{10,}/);
    const name = await svg.getAttribute("aria-label");
    await expect(page.getByRole("img", { name, exact: true })).toHaveCount(1);
    names.push(name);
  }
  expect(new Set(names).size, "each chart has its own name").toBe(names.length);
  await page.locator("#lang-toggle").click();
  await expect(page.locator("svg#chart")).toHaveAttribute("aria-label", /^Chart of the municipality/);
  await expect(page.locator("svg#budget-chart")).toHaveAttribute("aria-label", /^Bar chart/);
});

test("printing hides the forms and the buttons but keeps the results", async ({ page }) => {
  await openCalculator(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("#citizen-form")).toBeHidden();
  await expect(page.locator("#budget-form")).toBeHidden();
  await expect(page.locator("#lang-toggle")).toBeHidden();
  await expect(page.locator("#csv-citizen")).toBeHidden();
  await expect(page.locator('[data-testid="stay-municipal_net"]')).toBeVisible();
  await expect(page.locator('[data-testid="stay-municipal_net"]')).toHaveText("219.700,00 kr.");
  await expect(page.locator("#breakeven")).toBeVisible();
  await expect(page.locator("#chart")).toBeVisible();
  await expect(page.locator("#budget-tables table")).toHaveCount(3);
  await expect(page.locator("#budget-tables table").first()).toBeVisible();
  await expect(page.locator("#budget-chart")).toBeVisible();

  await page.emulateMedia({ media: "screen" });
  await expect(page.locator("#citizen-form")).toBeVisible();
});
