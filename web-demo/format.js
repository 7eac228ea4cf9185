// Reading what people type, and showing amounts and dates. No arithmetic on money happens
// here: amounts stay decimal strings and only the engine computes with them.

/** The rule stated next to amount fields. */
export const AMOUNT_RULE = {
  da: "Skriv beløb som 1.234,50 eller 1234.50. Punktum efterfulgt af præcis tre cifre læses som tusindtalsseparator.",
  en: "Type amounts as 1234.50 or the Danish 1.234,50. A dot followed by exactly three digits is read as a thousands separator.",
};

/**
 * Turns a typed amount into the engine's decimal string, or returns null when it is not one.
 * Accepts "1400", "1400.50", "1.400", "1.234,50", "1234,5", "104 000" (spaces as grouping).
 */
export function parseAmount(text) {
  let t = String(text ?? "").trim().replace(/\s+/g, "").replace(/kr\.?$/i, "");
  if (t === "") return null;
  if (t.includes(",")) {
    // Danish: dots group thousands, the comma is the decimal mark.
    if (!/^-?\d{1,3}(\.\d{3})*(,\d+)?$/.test(t) && !/^-?\d+(,\d+)?$/.test(t)) return null;
    t = t.replace(/\./g, "").replace(",", ".");
  } else if (/^-?\d{1,3}(\.\d{3})+$/.test(t)) {
    t = t.replace(/\./g, "");
  } else if (!/^-?\d+(\.\d+)?$/.test(t)) {
    return null;
  }
  return t;
}

/** A whole number from a field, or null. */
export function parseWhole(text, min, max) {
  const t = String(text ?? "").trim();
  if (!/^\d{1,7}$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** A date "YYYY-MM-DD" within 1900–9999, or null. */
export function parseDate(text) {
  const t = String(text ?? "").trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return y >= 1900 && y <= 9999 ? t : null;
}

/** Groups the digits of a decimal string: ("219700.00", ".", ",") → "219.700,00". */
function group(decimal, sep, mark) {
  const neg = decimal.startsWith("-");
  const body = neg ? decimal.slice(1) : decimal;
  const [int, frac = ""] = body.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const fr = (frac + "00").slice(0, Math.max(2, Math.min(frac.length, 2)));
  return (neg ? "−" : "") + grouped + mark + fr;
}

/** "219700.00" → "219.700,00 kr." (da) or "DKK 219,700.00" (en). Exact: string operations only. */
export function formatKr(decimal, lang) {
  if (decimal === null || decimal === undefined || decimal === "") return "—";
  const rounded = roundOre(String(decimal));
  return lang === "en" ? `DKK ${group(rounded, ",", ".")}` : `${group(rounded, ".", ",")} kr.`;
}

/** The number alone, for tables: "219.700,00" / "219,700.00". */
export function formatAmount(decimal, lang) {
  const rounded = roundOre(String(decimal));
  return lang === "en" ? group(rounded, ",", ".") : group(rounded, ".", ",");
}

/** Rounds a decimal string half away from zero to two decimals, exactly (no floats). */
export function roundOre(decimal) {
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(decimal);
  if (!m) return decimal;
  const [, sign, int, frac = ""] = m;
  if (frac.length <= 2) return `${sign}${int}.${(frac + "00").slice(0, 2)}`;
  let digits = (int + frac.slice(0, 2)).split("").map(Number);
  if (Number(frac[2]) >= 5) {
    let i = digits.length - 1;
    while (i >= 0) {
      if (digits[i] === 9) { digits[i] = 0; i -= 1; } else { digits[i] += 1; break; }
    }
    if (i < 0) digits = [1, ...digits];
  }
  const s = digits.join("");
  return `${sign}${s.slice(0, -2) || "0"}.${s.slice(-2)}`;
}

const MONTHS = {
  da: ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

/** "2026-10-04" → "4. okt. 2026" / "4 Oct 2026". */
export function formatDate(iso, lang) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  if (!m) return String(iso ?? "");
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return lang === "en" ? `${d} ${MONTHS.en[mo - 1]} ${y}` : `${d}. ${MONTHS.da[mo - 1]} ${y}`;
}

/** The day before an ISO date (the last night of a half-open range). */
export function dayBefore(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** An ISO date plus n days. */
export function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole years between two ISO dates (age on `on`). */
export function yearsBetween(fromIso, onIso) {
  const [fy, fm, fd] = fromIso.split("-").map(Number);
  const [oy, om, od] = onIso.split("-").map(Number);
  let age = oy - fy;
  if (om < fm || (om === fm && od < fd)) age -= 1;
  return age;
}

/** An ISO date minus whole years (29 February → 1 March). */
export function minusYears(iso, years) {
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(y - years, m - 1, d));
  return date.toISOString().slice(0, 10);
}
