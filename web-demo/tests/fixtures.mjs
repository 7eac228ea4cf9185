// Shared fixture and helpers for the calculator's browser tests.
//
// Every test fails if any page of its browser context logs a console error, throws an
// uncaught error, or opens a dialog (alert/confirm/prompt) — see the `problems` fixture.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { test as base, expect } from "@playwright/test";

export { expect };

/** The repository root (web-demo/tests/ → ../..). */
export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const CLI = `${REPO}target/debug/refusion`;

/** E2 of the case files: one § 110 stay, 1 June 2026 – 1 January 2027 (214 nights). */
export const E2 = {
  birth: "1988-04-20",
  admitted: "2026-06-01",
  rate: "1400",
  own: "100",
  planned: "2027-01-01",
  policy: "statutory",
};

/**
 * The page's defaults as the fields show them in Danish: the example inputs of app.js, and the
 * figures the engine supplies (the M-ACT mean from refusion.defaults(), the discount rate as a
 * Danish percentage, and the illustrative defaults no source gives: the team size, the citizens a
 * team supports at one time, the establishment cost and the share discharged).
 */
export const DEFAULTS = {
  label: "",
  birth: "1988-04-20",
  age: "",
  admitted: "2026-06-01",
  planned: "2027-01-01",
  rate: "1400",
  own: "100",
  method: "m-act",
  annual: "104000",
  nightsBefore: "1",
  decidedOn: "",
  policy: "statutory",
  bPolicy: "statutory",
  bCompare: "step-2026",
  bCitizens: "20",
  bShare: "70",
  bStay: "180",
  bRate: "1400",
  bOwn: "100",
  bTeam: "4,5",
  bCaseload: "24",
  bEstablishment: "300000",
  bFirst: "2027",
  bHorizon: "3",
  bDiscount: "3,5",
  bDraws: "1000",
  bSeed: "1",
};

export const FIELD_IDS = Object.keys(DEFAULTS);

export const test = base.extend({
  // Collected for every page of the test's context; asserted empty after the test.
  problems: [
    async ({ context }, use) => {
      const problems = [];
      context.on("console", (msg) => {
        if (msg.type() === "error") {
          const where = msg.location()?.url ?? "";
          problems.push(`console error: ${msg.text()}${where ? ` (${where})` : ""}`);
        }
      });
      context.on("weberror", (err) => problems.push(`page error: ${err.error()?.stack ?? err.error()}`));
      context.on("dialog", (dialog) => {
        problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
        dialog.dismiss().catch(() => {});
      });
      await use(problems);
      expect(problems, "no console error, page error or dialog during the test").toEqual([]);
    },
    { auto: true },
  ],
});

/** Opens the calculator (optionally with a query string) and waits for the engine. */
export async function openCalculator(page, query = "") {
  await page.goto(`/index.html${query}`);
  await expect(page.locator("body")).toHaveAttribute("data-ready", "1");
}

/** Fills citizen fields given as { id: value }; selects for <select>, fill otherwise. */
export async function fillFields(page, values) {
  for (const [id, value] of Object.entries(values)) {
    const el = page.locator(`#${id}`);
    const tag = await el.evaluate((e) => e.tagName);
    if (tag === "SELECT") await el.selectOption(value);
    else await el.fill(value);
  }
}

/** The value every form field shows, keyed by id (checkbox as "1"/"0"). */
export async function fieldValues(page) {
  return page.evaluate((ids) => {
    const out = {};
    for (const id of [...ids, "decided"]) {
      const el = document.getElementById(id);
      out[id] = el.type === "checkbox" ? (el.checked ? "1" : "0") : el.value;
    }
    return out;
  }, FIELD_IDS);
}

/** The payer-split cell of a pathway ("stay"/"support") and key. */
export const cell = (page, pathway, key) => page.locator(`[data-testid="${pathway}-${key}"]`);

/**
 * Clicks a CSV button and returns the file's text as it is (a Danish file keeps its BOM).
 * `#csv-citizen` / `#csv-budget` write the page language's dialect (Danish: ";", decimal comma,
 * Danish headers, BOM, CRLF); the `-alt` buttons the other one.
 */
export async function downloadCsv(page, id) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`#${id}`).click()]);
  const bytes = await readFile(await download.path());
  return { name: download.suggestedFilename(), text: bytes.toString("utf8") };
}

/** The lines of a CSV text (either line end; the BOM kept on the first line). */
export const csvLines = (text) => text.replace(/\r\n/g, "\n").split("\n");
