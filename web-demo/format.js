// Reading whole numbers and dates people type, and the date arithmetic the page needs to build
// its scenarios. Nothing here touches money: amounts and percentages are parsed and shown by the
// engine (refusion.parseAmount, parsePercent, formatAmount, formatPercent, formatDate).

/** The earliest and latest date the engine accepts (the date fields' min and max). */
export const FIRST_DATE = "1900-01-01";
export const LAST_DATE = "9999-12-31";

/** A whole number from a field, or null. */
export function parseWhole(text, min, max) {
  const t = String(text ?? "").trim();
  if (!/^\d{1,7}$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** A date "YYYY-MM-DD" between FIRST_DATE and LAST_DATE, or null. */
export function parseDate(text) {
  const t = String(text ?? "").trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return t >= FIRST_DATE && t <= LAST_DATE ? t : null;
}

/** An ISO date plus n days (the discharge after n nights). */
export function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** An ISO date minus whole years (a birth date from an age; 29 February → 1 March). */
export function minusYears(iso, years) {
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(y - years, m - 1, d));
  return date.toISOString().slice(0, 10);
}
