// The single-citizen view says when the refund stops and which period each column covers, how
// nights are counted, and the Danish page reads as Danish: no English words, Danish-formatted
// defaults, no developer's details. The citizen's CSV opens in Danish Excel.
import { cell, csvLines, downloadCsv, expect, openCalculator, test } from "./fixtures.mjs";

// E2: admitted 1 June 2026, 1,400 a night. The cap for nights from 1 April 2026 is 90 refunded
// nights per window: 1 June – 29 August is 30 + 31 + 29 = 90 nights, so the last refunded night
// is 29 August and the 214 − 90 = 124 nights from 30 August are not refunded. Discharge to support
// is cheaper for the municipality from night 126 (4 October 2026; the CLI test checks 126).
test("the headline says when the refund stops and from which night discharge is cheaper", async ({ page }) => {
  await openCalculator(page);
  const headline = page.locator("#citizen-headline");
  await expect(headline).toHaveText(
    "Statens refusion af opholdet stopper, når loftet på 90 refunderede nætter er nået: den sidste refunderede nat er 29. aug. 2026, og de 124 nætter fra 30. aug. 2026 betaler kommunen uden refusion. Udskrivning til støtte er billigere for kommunen fra nat 126 (natten, der begynder 4. okt. 2026).",
  );
  // The chart marks the same point: the refund cap reached.
  await expect(page.locator("#chart")).toHaveAttribute("data-cliffs", "1");

  // Under the 2023 rules without the 2026 step the cap is 120: 1 June – 28 September.
  await page.locator("#policy").selectOption("reform-2023");
  await expect(headline).toContainText("stopper, når loftet på 120 refunderede nætter er nået: den sidste refunderede nat er 28. sep. 2026, og de 94 nætter fra 29. sep. 2026");
  // Before the reform there is no cap: every night is refunded.
  await page.locator("#policy").selectOption("pre-reform");
  await expect(headline).toContainText("Statens refusion dækker alle opholdets 214 nætter.");
  // A stay shorter than the cap.
  await page.locator("#policy").selectOption("statutory");
  await page.locator("#planned").fill("2026-07-01");
  await expect(headline).toContainText("Statens refusion dækker alle opholdets 30 nætter.");

  await page.locator("#planned").fill("2027-01-01");
  await page.locator("#lang-toggle").click();
  await expect(headline).toContainText("The state's refund of the stay stops when the cap of 90 refunded nights is reached: the last refunded night is 29 Aug 2026");
});

test("each column head states its period, and the night convention is said once in plain words", async ({ page }) => {
  await openCalculator(page);
  await expect(page.locator("#th-stay")).toHaveText("Bliver på herberget1. jun. 2026 – 1. jan. 2027");
  await expect(page.locator("#th-support")).toHaveText("Udskrives til støtte1 nat på herberget, så støtte 2. jun. 2026 – 1. jun. 2028");
  const rule = page.locator("#night-rule");
  await expect(rule).toContainText("en nat hører til den dato, den begynder");
  await expect(rule).toContainText("Indskrivningsdatoens nat tæller med, udskrivningsdatoens nat tæller ikke, så 1. jun. 2026 – 1. jan. 2027 er 214 nætter.");
  // 2 June 2026 – 1 June 2028: 29 + 31 + 31 + 30 + 31 + 30 + 31 (2026) + 365 (2027) + 152
  // (January–May 2028, a leap year) = 730 days.
  await expect(rule).toContainText("2. jun. 2026 – 1. jun. 2028 er 730 dage");
  await expect(rule).toContainText("støtten løber til 2 år efter indskrivningen");
  // The heads follow the fields.
  await page.locator("#nightsBefore").fill("10");
  await expect(page.locator("#th-support")).toContainText("10 nætter på herberget, så støtte 11. jun. 2026 – 1. jun. 2028");
});

/** English words a Danish reader should not meet (names such as M-ACT, P5 or CSV are fine). */
const ENGLISH = /\b(statutory|seed|teams|caseload|break-even|pre-reform|age-26|reform-2023|preset|default|FTE|recomputed?)\b/i;

test("the Danish page has no English words, Danish-typed defaults and no developer's timing", async ({ page }) => {
  await openCalculator(page);
  await expect(page.locator("#mc-table tbody tr")).toHaveCount(4);
  const text = await page.locator("body").innerText();
  const hits = text.split("\n").filter((line) => ENGLISH.test(line));
  expect(hits, "lines with English words").toEqual([]);
  // "Teams" is English; a Danish page counts "team".
  expect(text).not.toMatch(/\bTeams\b/);
  await expect(page.locator("body")).not.toContainText("Genberegnet");
  await expect(page.locator("body")).not.toContainText("briefens");
  await expect(page.locator("#recompute")).toHaveCount(0);
  await expect(page.locator("body")).toHaveAttribute("data-recompute-ms", /^\d+(\.\d+)?$/);
  // Decimals typed the Danish way, as the hints write them.
  await expect(page.locator("#bTeam")).toHaveValue("4,5");
  await expect(page.locator("#bDiscount")).toHaveValue("3,5");
  await expect(page.locator("#bDiscount-hint")).toContainText("3,5 %");
  // The same scan with the other rule sets and the whole reform chosen.
  await page.locator("#policy").selectOption("age-26");
  await page.locator("#bPolicy").selectOption("pre-reform");
  await page.locator("#bCompare").selectOption("reform");
  await expect(page.locator("#compare-heading")).toHaveText("Hvad kostede hele reformen?");
  const again = (await page.locator("body").innerText()).split("\n").filter((line) => ENGLISH.test(line));
  expect(again, "lines with English words").toEqual([]);
});

test("the citizen's Danish CSV opens in Danish Excel: BOM, semicolons, decimal commas, Danish words", async ({ page }) => {
  await openCalculator(page);
  await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");
  const { name, text } = await downloadCsv(page, "csv-citizen");
  expect(name).toBe("refusion-borger.csv");
  expect(text.startsWith("\ufeff")).toBe(true);
  expect(text.split("\r\n").length).toBeGreaterThan(10);
  const lines = csvLines(text);
  expect(lines[0]).toBe("\ufeffDel;Forløb;Post;Værdi");
  expect(lines).toContain("Regelsæt;;Regelsæt;Gældende regler");
  expect(lines).toContain("I alt;Bliver på herberget;Kommunens nettoudgift (kr.);219700,00");
  expect(lines).toContain("I alt;Bliver på herberget;Statens refusion (kr.);58500,00");
  expect(lines).toContain("Billigere fra nat;Kommunen;Nat;126");
  expect(lines).toContain("År 2026;Bliver på herberget;Bruttoudgift (kr.);299600,00");
  // The explanation is the engine's Danish text.
  expect(lines.some((l) => l.startsWith("Forklaring;Bliver på herberget;R3;") && l.includes("124 nætter uden refusion"))).toBe(true);

  // In English, the first button writes the English format and the second the Danish one.
  await page.locator("#lang-toggle").click();
  await expect(page.locator("#csv-citizen")).toHaveText("Download CSV");
  await expect(page.locator("#csv-citizen-alt")).toHaveText("Download CSV for Danish Excel");
  expect(csvLines((await downloadCsv(page, "csv-citizen")).text)).toContain("totals,stay,municipal_net,219700.00");
  expect((await downloadCsv(page, "csv-citizen-alt")).text.startsWith("\ufeffDel;Forløb;Post;Værdi")).toBe(true);
});
