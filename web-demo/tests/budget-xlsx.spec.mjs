// The budget's workbooks: "Hent budget/sammenligning/usikkerhed som XLSX" beside the budget's
// CSV buttons download .xlsx files written by the engine (budgetWorkbook,
// policyComparisonWorkbook, monteCarloWorkbook) in the page's language. Each file is read back
// here with a small zip reader (node:zlib inflates the entries): its sheet names from
// xl/workbook.xml, and the budget's mean total from the overview sheet's XML, compared as
// decimal text with the total the page shows (never as a JS number).
import { readFile } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";
import { expect, openCalculator, test } from "./fixtures.mjs";

/** The entries of a zip archive as text, by name (stored or deflated). */
function unzip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip: no end of central directory");
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error("bad central directory entry");
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const skip = nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLength);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString("utf8"));
    at += 46 + skip;
  }
  return files;
}

const unescape = (s) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** The sheet names of a workbook, in order. */
function sheetNames(files) {
  return [...(files.get("xl/workbook.xml") ?? "").matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => unescape(m[1]));
}

/** The overview sheet's rows: each cell as { text, number } (number: a <v> without a type). */
function overviewRows(files) {
  const shared = [...(files.get("xl/sharedStrings.xml") ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    unescape([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join("")));
  const xml = files.get("xl/worksheets/sheet1.xml") ?? "";
  return [...xml.matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)].map((row) =>
    [...row[1].matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((c) => {
      const v = /<v>([\s\S]*?)<\/v>/.exec(c[2] ?? "")?.[1];
      const type = /\bt="([^"]*)"/.exec(c[1])?.[1] ?? "n";
      if (type === "s") return { text: shared[Number(v)] ?? "", number: false };
      return { text: v === undefined ? "" : unescape(v), number: type === "n" && v !== undefined };
    }));
}

/** A decimal as plain text without trailing zeros: "-3167420.70" → "-3167420.7". */
const plain = (d) => (d.includes(".") ? d.replace(/0+$/, "").replace(/\.$/, "") : d);

/** An amount as the page shows it ("−3.167.420,77" / "-3,167,420.77") as a plain decimal. */
function shownDecimal(text, lang) {
  let s = text.replace(/[\s\u00a0]/g, "").replace(/\u2212/g, "-").replace(/kr\.|DKK/g, "");
  s = lang === "da" ? s.replace(/\./g, "").replace(",", ".") : s.replace(/,/g, "");
  return plain(s);
}

/** Clicks a workbook button and returns the download's name and bytes. */
async function downloadXlsx(page, id) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`#${id}`).click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

const LANGS = {
  da: {
    labels: ["Hent budget som XLSX", "Hent sammenligning som XLSX", "Hent usikkerhed som XLSX"],
    budget: ["Oversigt", "År og betaler", "Forløb", "Parametre"],
    compare: ["Oversigt", "År og betaler", "Parametre"],
    mc: ["Oversigt", "År", "Antagelser", "Træk", "Parametre"],
    mean: "gennemsnit",
    total: "Kommunens budgeteffekt i alt",
  },
  en: {
    labels: ["Download budget as XLSX", "Download comparison as XLSX", "Download uncertainty as XLSX"],
    budget: ["Overview", "Years by payer", "Pathways", "Parameters"],
    compare: ["Overview", "Years by payer", "Parameters"],
    mc: ["Overview", "Years", "Assumptions", "Draws", "Parameters"],
    mean: "mean",
    total: "Municipal budget effect in all",
  },
};

async function checkDownloads(page, lang) {
  const L = LANGS[lang];
  const ids = ["xlsx-budget", "xlsx-compare", "xlsx-mc"];
  for (const [i, id] of ids.entries()) await expect(page.locator(`#${id}`)).toHaveText(L.labels[i]);
  // The Monte Carlo runs a moment after the budget; its button waits for it.
  await expect(page.locator("#mc-table tbody tr")).toHaveCount(4);
  await expect(page.locator("#xlsx-mc")).toBeEnabled();

  const files = {};
  for (const [id, key, name] of [
    ["xlsx-budget", "budget", "refusion-budget.xlsx"],
    ["xlsx-compare", "compare", "refusion-budget-sammenligning.xlsx"],
    ["xlsx-mc", "mc", "refusion-budget-usikkerhed.xlsx"],
  ]) {
    const got = await downloadXlsx(page, id);
    expect(got.name).toBe(name);
    expect(got.bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    files[key] = unzip(got.bytes);
    expect(sheetNames(files[key]), `${id} in ${lang}`).toEqual(L[key]);
  }

  // The budget's mean total: the overview states it as a number equal to the page's Σ row.
  const shown = await page.locator('#budget-tables table[data-variant="mean"] tbody tr.total td').nth(7).innerText();
  const rows = overviewRows(files.budget);
  const at = rows.findIndex((r) => r[1]?.text === L.mean);
  expect(at, `the ${L.mean} variant in the overview`).toBeGreaterThan(0);
  const total = rows.slice(at).find((r) => r[0]?.text.startsWith(L.total));
  expect(total, "its total").toBeTruthy();
  expect(total[1].number, "the total is a number cell").toBe(true);
  expect(plain(total[1].text)).toBe(shownDecimal(shown, lang));
  await expect(page.locator("#xlsx-error")).toBeHidden();
}

test("the budget, its comparison and its Monte Carlo band download as Danish workbooks", async ({ page }) => {
  await openCalculator(page);
  await checkDownloads(page, "da");
});

test("after the language toggle the workbooks are in English", async ({ page }) => {
  await openCalculator(page);
  await page.locator("#lang-toggle").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await checkDownloads(page, "en");
});

test("without a comparison its workbook button is gone; with one it is back", async ({ page }) => {
  await openCalculator(page);
  await expect(page.locator("#xlsx-compare")).toBeVisible();
  await page.locator("#bCompare").selectOption("");
  await expect(page.locator("#budget-compare")).toBeHidden();
  await expect(page.locator("#xlsx-compare")).toBeHidden();
  await expect(page.locator("#xlsx-budget")).toBeVisible();
  await page.locator("#bCompare").selectOption("reform");
  await expect(page.locator("#xlsx-compare")).toBeVisible();
  const { bytes } = await downloadXlsx(page, "xlsx-compare");
  expect(sheetNames(unzip(bytes))).toEqual(LANGS.da.compare);
});

test("an invalid budget disables the workbook buttons until it is fixed", async ({ page }) => {
  await openCalculator(page);
  await page.locator("#bCaseload").fill("0");
  await expect(page.locator("#budget-summary-error")).toBeVisible();
  await expect(page.locator("#xlsx-budget")).toBeDisabled();
  await expect(page.locator("#xlsx-mc")).toBeDisabled();
  await page.locator("#bCaseload").fill("24");
  await expect(page.locator("#xlsx-budget")).toBeEnabled();
  await expect(page.locator("#xlsx-mc")).toBeEnabled();
});
