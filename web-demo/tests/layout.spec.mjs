// The page holds on a phone (390 px) and a laptop (1,280 px): it never scrolls sideways, every
// table stays inside its card (a wide one scrolls in its own region), and the charts are drawn at
// the width they are shown, so their text is readable and no two labels overlap. Checked in
// Danish and, after the language button, in English.
import { expect, openCalculator, test } from "./fixtures.mjs";

const CHARTS = ["chart", "budget-chart", "payer-chart", "mc-chart"];

/** The default example with every result shown, and the rules section open (its table too). */
async function openWithResults(page) {
  await openCalculator(page);
  await expect(page.locator('[data-testid="stay-municipal_net"]')).not.toBeEmpty();
  await expect(page.locator("#budget-chart rect.bar")).toHaveCount(9);
  await expect(page.locator("#mc-table tbody tr")).toHaveCount(4);
  await page.locator("#rules-details summary").click();
  await expect(page.locator("#rules-table tbody").first()).toBeVisible();
}

/** Every layout rule the page breaks, as sentences (empty when it holds). */
function layoutProblems(charts) {
  const problems = [];
  const page = document.documentElement;
  if (page.scrollWidth > window.innerWidth) {
    problems.push(`the page is ${page.scrollWidth} px wide in a ${window.innerWidth} px window`);
  }
  for (const table of document.querySelectorAll("main table")) {
    const box = (table.closest(".scroll") ?? table).getBoundingClientRect();
    if (box.width === 0) continue; // not shown (the print appendix)
    const card = table.closest(".card").getBoundingClientRect();
    const name = table.id || table.dataset.variant || table.caption?.textContent;
    if (box.right > card.right + 0.5 || box.left < card.left - 0.5) {
      problems.push(`table ${name} (${Math.round(box.left)}–${Math.round(box.right)}) leaves its card (${Math.round(card.left)}–${Math.round(card.right)})`);
    }
  }
  const intersect = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
  for (const id of charts) {
    const svg = document.getElementById(id);
    const frame = svg.getBoundingClientRect();
    const scale = frame.width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll("text")].map((t) => ({ text: t.textContent, box: t.getBoundingClientRect(), size: parseFloat(getComputedStyle(t).fontSize) * scale }));
    if (texts.length === 0) problems.push(`#${id} has no text`);
    for (const t of texts) {
      if (t.size < 10) problems.push(`#${id} "${t.text}" is ${t.size.toFixed(1)} px`);
      if (t.box.left < frame.left - 0.5 || t.box.right > frame.right + 0.5 || t.box.top < frame.top - 0.5 || t.box.bottom > frame.bottom + 0.5) {
        problems.push(`#${id} "${t.text}" is cut off by the chart's edge`);
      }
    }
    texts.forEach((a, i) => texts.slice(i + 1).forEach((b) => {
      if (intersect(a.box, b.box)) problems.push(`#${id} "${a.text}" overlaps "${b.text}"`);
    }));
  }
  return problems;
}

/** The axes speak the page's language: money with its unit, dates as the engine writes them. */
async function expectAxes(page, unit, datePattern) {
  for (const id of CHARTS) {
    const ticks = await page.locator(`#${id} text.y-tick`).allTextContents();
    expect(ticks.length, `#${id} has y ticks`).toBeGreaterThanOrEqual(2);
    for (const tick of ticks) expect(tick, `#${id} y tick`).toContain(unit);
  }
  const dates = await page.locator("#chart text.x-tick").allTextContents();
  expect(dates.length).toBeGreaterThanOrEqual(1);
  for (const d of dates) expect(d).toMatch(datePattern);
  // The bar and fan charts keep their years.
  for (const id of ["budget-chart", "payer-chart", "mc-chart"]) {
    const years = await page.locator(`#${id} text.x-tick`).allTextContents();
    expect(years.length, `#${id} has year ticks`).toBeGreaterThanOrEqual(1);
    for (const y of years) expect(y).toMatch(/^\d{4}$/);
  }
}

for (const [width, height] of [[390, 844], [1280, 900]]) {
  test(`at ${width} px nothing runs out sideways and the charts are legible, in Danish and English`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openWithResults(page);
    expect(await page.evaluate(layoutProblems, CHARTS)).toEqual([]);
    await expectAxes(page, "kr.", /^\d{1,2}\. [a-zæøå]+\.? \d{4}$/);
    // Each chart is drawn at the width it is shown: one viewBox unit per CSS pixel.
    for (const id of CHARTS) {
      const [shown, units] = await page.locator(`#${id}`).evaluate((svg) => [svg.getBoundingClientRect().width, svg.viewBox.baseVal.width]);
      expect(Math.abs(shown - units), `#${id} viewBox width`).toBeLessThanOrEqual(1);
    }

    await page.locator("#lang-toggle").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.locator("#mc-table tbody tr")).toHaveCount(4);
    expect(await page.evaluate(layoutProblems, CHARTS)).toEqual([]);
    await expectAxes(page, "DKK", /^\d{1,2} [A-Z][a-z]+\.? \d{4}$/);
  });
}

test("a chart is drawn again at its new width when the window narrows", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openWithResults(page);
  const units = () => page.locator("#budget-chart").evaluate((svg) => svg.viewBox.baseVal.width);
  expect(await units()).toBeGreaterThan(700);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(units).toBeLessThan(390);
  const shown = await page.locator("#budget-chart").evaluate((svg) => svg.getBoundingClientRect().width);
  expect(Math.abs((await units()) - shown)).toBeLessThanOrEqual(1);
  expect(await page.evaluate(layoutProblems, CHARTS)).toEqual([]);
});

test("ten budget years at 390 px: the year labels thin out instead of overlapping", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openCalculator(page, "?bHorizon=10");
  await expect(page.locator("#budget-chart rect.bar")).toHaveCount(30);
  await expect(page.locator("#mc-table tbody tr")).toHaveCount(11);
  expect(await page.evaluate(layoutProblems, CHARTS)).toEqual([]);
  const years = await page.locator("#budget-chart text.x-tick").allTextContents();
  expect(years[0]).toBe("2027");
  expect(years.length).toBeLessThan(10);
});
