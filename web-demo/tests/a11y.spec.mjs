// Accessibility basics (labels, keyboard order, the charts' text alternative) and the print view.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { expect, openCalculator, test } from "./fixtures.mjs";

// The fields in order; "link" is the source linked in a field's hint (the published own
// payment, the M-ACT cost), which the keyboard reaches right after its field.
const CITIZEN_ORDER = ["birth", "age", "admitted", "planned", "rate", "own", "link", "method", "annual", "link", "nightsBefore", "policy", "decided"];

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
    const id = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.tagName === "A" && el.closest(".hint") ? "link" : el?.id ?? "";
    });
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

// axe-core (npm devDependency, injected as a script): the WCAG 2.0/2.1 A and AA rules and the
// best practices, with the rules section open, in Danish and in English, and with overrides.
const AXE = fileURLToPath(new URL("../node_modules/axe-core/axe.min.js", import.meta.url));

async function axeViolations(page) {
  await page.addScriptTag({ content: await readFile(AXE, "utf8") });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

test("axe finds no violations, in Danish and English, with the rules open and overridden", async ({ page }) => {
  await openCalculator(page, "?o.reform_date=2024-01-01&o.support_refund_years=3");
  await expect(page.locator("#rules-details")).toHaveAttribute("open", "");
  await expect(page.locator("#mc-table tbody tr")).toHaveCount(4);
  expect(await axeViolations(page)).toEqual([]);
  await page.locator("#lang-toggle").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  expect(await axeViolations(page)).toEqual([]);
});
