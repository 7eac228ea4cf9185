// The budget's inputs do what they say and tell one story: the share discharged drives the table
// and the Monte Carlo, whose median is shown next to the table's total with why they can differ;
// the team size drives an FTE column and the cost per FTE each M-ACT price implies; every default
// no source gives is filled from the engine and labelled illustrative with the engine's reason.
import { csvLines, downloadCsv, expect, openCalculator, test } from "./fixtures.mjs";

const mean = (page) => page.locator('#budget-tables table[data-variant="mean"]');
/** A column of the mean variant's table, per year (the Σ row left out). */
async function column(page, index) {
  const rows = mean(page).locator("tbody tr:not(.total)");
  const out = [];
  for (let i = 0; i < (await rows.count()); i += 1) out.push(await rows.nth(i).locator("td").nth(index).innerText());
  return out;
}
const TEAMS = 4;
const FTE = 5;

test("the defaults no source gives come from the engine and are labelled illustrative", async ({ page }) => {
  await openCalculator(page);
  const fields = { bShare: "70", bTeam: "4,5", bCaseload: "24", bEstablishment: "300000" };
  for (const [id, value] of Object.entries(fields)) {
    await expect(page.locator(`#${id}`)).toHaveValue(value);
    const hint = page.locator(`#${id}-hint`);
    await expect(hint).toBeVisible();
    await expect(hint).toContainText("illustrativ:");
  }
  await expect(page.locator("#bShare-hint")).toContainText("Standard: 70 % (illustrativ: midten af usikkerhedsintervallet 50–90 %)");
  await expect(page.locator("#bTeam-hint")).toContainText("Standard: 4,5 årsværk (illustrativ: ikke fra en kilde");
  await expect(page.locator("#bCaseload-hint")).toContainText("Standard: 24 borgere");
  await expect(page.locator("#bEstablishment-hint")).toContainText("Rambøll opgjorde ikke etableringsudgifterne");
  await expect(page.locator('label[for="bCaseload"]')).toHaveText("Borgere ad gangen pr. team");
  // The uncertainty ranges are illustrative too.
  await expect(page.locator("#mc-ranges")).toContainText("illustrativ: et antaget interval, ikke fra en kilde");
  // In English the team size is typed the English way; a typed value stays.
  await page.locator("#lang-toggle").click();
  await expect(page.locator("#bTeam")).toHaveValue("4.5");
  await expect(page.locator("#bTeam-hint")).toContainText("illustrative: not from a source");
  await page.locator("#bTeam").fill("6");
  await page.locator("#lang-toggle").click();
  await expect(page.locator("#bTeam")).toHaveValue("6");
});

// The FTE of a year is its teams × the team size; the cost per FTE is the M-ACT price × the
// citizens a team supports at one time ÷ the team size: 104,000 × 24 ÷ 4.5 = 554,666.67 and
// 104,000 × 24 ÷ 10 = 249,600.00; low 78,000 × 24 ÷ 10 = 187,200.00; high 121,000 × 24 ÷ 10 =
// 290,400.00.
test("the team size drives an FTE column and the cost per FTE of each M-ACT price", async ({ page }) => {
  await openCalculator(page);
  const teams = await column(page, TEAMS);
  expect(await column(page, FTE)).toEqual(teams.map((n) => String(Number(n) * 4.5).replace(".", ",").replace(/^(\d+)$/, "$1,0")));
  await expect(mean(page).locator("caption")).toContainText("svarer til 554.666,67 kr. pr. årsværk");
  const before = await mean(page).locator("caption").innerText();

  await page.locator("#bTeam").fill("10");
  await expect(mean(page).locator("caption")).not.toHaveText(before);
  await expect(mean(page).locator("caption")).toContainText("svarer til 249.600,00 kr. pr. årsværk");
  await expect(page.locator('#budget-tables table[data-variant="low"] caption')).toContainText("187.200,00 kr. pr. årsværk");
  await expect(page.locator('#budget-tables table[data-variant="high"] caption')).toContainText("290.400,00 kr. pr. årsværk");
  expect(await column(page, FTE)).toEqual(teams.map((n) => String(Number(n) * 10)));
  expect(new URL(page.url()).searchParams.get("bTeam")).toBe("10");
  // More citizens at one time per team: fewer teams or as many, never more.
  await page.locator("#bCaseload").fill("48");
  const fewer = await column(page, TEAMS);
  fewer.forEach((n, i) => expect(Number(n)).toBeLessThanOrEqual(Number(teams[i])));
  await expect(mean(page).locator("caption")).toContainText("svarer til 499.200,00 kr. pr. årsværk");
  await expect(page.locator("#teams-note")).toContainText("Årsværk = antal team × teamstørrelsen");
});

test("the share discharged drives the table and the Monte Carlo; the median is shown next to the table's total", async ({ page }) => {
  await openCalculator(page);
  const story = page.locator("#mc-story");
  await expect(story).toContainText("Begge regner med, at 70 % udskrives");
  // The sentence names the table's total and the median as the tables show them.
  // The Σ row: the "Kommune i alt" column (after the empty team, FTE and establishment cells).
  const total = await mean(page).locator("tr.total td").nth(7).innerText();
  const median = await page.locator('#mc-table tr.total td[data-key="p50"]').innerText();
  await expect(story).toContainText(`samlet budgeteffekt på ${total} kr.`);
  await expect(story).toContainText(`medianen af trækkene er ${median} kr.`);
  await expect(story).toContainText("M-ACT-prisen trækkes skævt, mellem 78.000 kr. og 121.000 kr. omkring 104.000 kr.");
  await expect(story).toContainText("refusionsloftet gør effekten ulineær");

  // Nobody discharged: the plan is today, so every effect is zero and no team is needed.
  await page.locator("#bShare").fill("0");
  await expect(story).toContainText("Begge regner med, at 0 % udskrives");
  const zero = await mean(page).locator("tr.total td").allInnerTexts();
  expect(zero.filter((c) => c !== "")).toEqual(Array(6).fill("0,00"));
  expect(await column(page, TEAMS)).toEqual(["0", "0", "0"]);
  expect(new URL(page.url()).searchParams.get("bShare")).toBe("0");

  // Everybody discharged: the Monte Carlo's share range moves with it (it must hold 100 %).
  await page.locator("#bShare").fill("100");
  await expect(story).toContainText("Begge regner med, at 100 % udskrives");
  await expect(page.locator("#mc-ranges")).toContainText("… 100 %");
  // A share the engine does not take is marked on the field.
  await page.locator("#bShare").fill("101");
  await expect(page.locator("#bShare")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#bShare-error")).toHaveText("Skriv et helt tal mellem 0 og 100.");
  await expect(page.locator("#budget-tables table")).toHaveCount(0);
});

test("the sign of every budget column is stated, and the Danish budget CSV opens in Danish Excel", async ({ page }) => {
  await openCalculator(page);
  const signs = page.locator("#budget-signs");
  await expect(signs).toContainText("Alle tal er planen minus i dag.");
  await expect(signs).toContainText("Kommune i alt og Nutidsværdi er udgifter: plus er en merudgift, minus en besparelse.");
  await expect(signs).toContainText("Egenbetaling og Statsrefusion er kommunens indtægter: plus er flere indtægter, minus færre");
  await expect(page.locator("main")).not.toContainText("Negative tal er besparelser");

  await page.locator("#bHorizon").selectOption("1");
  await expect(page.locator("#mc-table tbody tr")).toHaveCount(2);
  const { name, text } = await downloadCsv(page, "csv-budget");
  expect(name).toBe("refusion-budget.csv");
  expect(text.startsWith("\ufeff")).toBe(true);
  expect(text).toContain("\r\n");
  const lines = csvLines(text);
  // The engine's Danish column labels.
  expect(lines[0].startsWith("\ufeffVariant;Årlig pris pr. borger (kr.);År;Bruttoudgift (kr.);Borgerens egenbetaling (kr.);Statens refusion (kr.);Kommunens nettoudgift (kr.);")).toBe(true);
  expect(lines[0].endsWith(";Årsværk;Etablering (kr.);Kommunens budgeteffekt (kr.);Nutidsværdi (kr.)")).toBe(true);
  // The mean variant's row: the table's figures with a decimal comma and no thousands separator.
  const cells = await mean(page).locator("tbody tr").first().locator("td").allInnerTexts();
  const plain = (shown) => shown.replace(/\./g, "");
  const row = lines.find((l) => l.startsWith("gennemsnit;104000;2027;"));
  expect(row.split(";").slice(3)).toEqual([...cells.slice(0, 4).map(plain), cells[4], cells[5], ...cells.slice(6).map(plain)]);
  // The Monte Carlo block, headed in Danish (a label with a comma is quoted).
  expect(lines).toContain('Usikkerhed;Antal træk;Startværdi;År;P5 (kr.);"P50, median (kr.)";P95 (kr.);Mindste (kr.);Største (kr.)');
});
