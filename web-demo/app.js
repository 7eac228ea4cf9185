// The budget calculator. All arithmetic happens in the refusion engine (WebAssembly); this
// file reads the fields, calls the engine, and shows the results. Every rule, figure and source
// the page shows comes from the engine (refusion.defaults(), catalog(), policy() and the
// explanation it writes); amounts and percentages are parsed and formatted by the engine too.
// User text is only ever set with textContent, never as HTML.

import init, * as refusion from "./pkg/refusion_wasm.js";
import { TEXT } from "./i18n.js";
import { barChart, COLORS, fanChart, lineChart } from "./chart.js";
import { FIRST_DATE, LAST_DATE, addDays, minusYears, parseDate, parseWhole } from "./format.js";

/**
 * The example the page opens with (E2 of the case files: one citizen, one § 110 stay) and
 * the budget's inputs. These are inputs, not rules: the figures that come from rules or sources
 * (the M-ACT cost, the discount rate) are filled in from the engine by `defaultsFor`.
 */
const EXAMPLE = {
  lang: "da",
  label: "",
  birth: "1988-04-20",
  age: "",
  admitted: "2026-06-01",
  planned: "2027-01-01",
  rate: "1400",
  own: "100",
  method: "m-act",
  nightsBefore: "1",
  decided: "1",
  decidedOn: "",
  policy: "statutory",
  bCitizens: "20",
  bStay: "180",
  bRate: "1400",
  bOwn: "100",
  bTeam: "4.5",
  bCaseload: "20",
  bEstablishment: "300000",
  bFirst: "2027",
  bHorizon: "3",
  bDraws: "1000",
  bSeed: "1",
};

/** The oldest age the age field takes (a sanity bound on a person's age). */
const MAX_AGE = 120;

/**
 * The rules a user may change on the page: the engine's override name and the kind of input.
 * Their labels are in i18n.js; their values, limits, choices and sources come from
 * refusion.policy(). In the URL they are `o.<name>`.
 */
const OVERRIDES = [
  { name: "reform_date", kind: "date" },
  { name: "cap_switch_date", kind: "date" },
  { name: "cap_switch_age", kind: "whole" },
  { name: "refund_rate", kind: "percent" },
  { name: "support_refund_rate", kind: "percent" },
  { name: "support_refund_years", kind: "whole" },
  { name: "window_mode", kind: "choice" },
];
const OVERRIDE_KEYS = OVERRIDES.map((o) => `o.${o.name}`);
const OVERRIDE_IDS = OVERRIDES.map((o) => `o-${o.name}`);

/** The element id of a URL key (`o.reform_date` → `o-reform_date`). */
const idOf = (key) => (key.startsWith("o.") ? `o-${key.slice(2)}` : key);

const CITIZEN_FIELDS = ["label", "birth", "age", "admitted", "planned", "rate", "own", "method", "annual", "nightsBefore", "decided", "decidedOn", "policy"];
const BUDGET_FIELDS = ["bCitizens", "bStay", "bRate", "bOwn", "bTeam", "bCaseload", "bEstablishment", "bFirst", "bHorizon", "bDiscount", "bDraws", "bSeed"];

/** What the engine says about itself, read once after init(). */
const core = { defaults: null, catalog: null, ownSteps: [] };

/**
 * `pinnedDecided`: the checkbox's value from a link that also gives a decision date, sent beside
 * the date so that the engine reports a disagreement (`conflicting_fields`) instead of the page
 * silently letting the date win. Null once the user touches either field: from then on the
 * checkbox follows the date.
 */
const state = { lang: "da", citizen: null, budget: null, mc: null, policy: null, pinnedDecided: null };
const $ = (id) => document.getElementById(id);
const t = () => TEXT[state.lang];

// ------------------------------------------------------------------------------------------
// Reading and showing through the engine
// ------------------------------------------------------------------------------------------

/** The engine's value for `text`, or null when it throws. */
function attempt(fn, text) {
  try {
    return fn(text);
  } catch (_error) {
    return null;
  }
}

const amountOf = (text) => attempt(refusion.parseAmount, text);
const rateOf = (text) => attempt(refusion.parsePercent, text);

/** "219700.00" → "219.700,00 kr." (da) or "DKK 219,700.00" (en), by the engine. */
const kr = (decimal, lang = state.lang) => refusion.formatAmount(String(decimal), lang, true);
/** Whole kroner for prose and labels: "104.000 kr." / "DKK 104,000". */
const krWhole = (decimal, lang = state.lang) => refusion.formatAmount(String(decimal), lang, true, true);
/** The number alone, for tables: "219.700,00" / "219,700.00". */
const amount = (decimal, lang = state.lang) => refusion.formatAmount(String(decimal), lang);
const date = (iso, lang = state.lang) => refusion.formatDate(iso, lang);
const percent = (rate, lang = state.lang) => refusion.formatPercent(rate, lang);
/** The formatters the charts write their labels with. */
const chartFormat = () => ({
  amount: (v) => refusion.formatAmount(String(v), state.lang, false, true),
  date: (iso) => date(iso),
});

/** A typed amount for the engine; on failure the message says why, in the page language. */
function readAmount(text) {
  try {
    return { value: refusion.parseAmount(text) };
  } catch (error) {
    return { message: parseMessage(error, t().errAmount) };
  }
}

/** A typed percentage as a rate string for the engine ("12,5" → "0.125"). */
function readPercent(text) {
  try {
    return { value: refusion.parsePercent(text) };
  } catch (error) {
    return { message: parseMessage(error, t().errPercent(percentField(state.lang))) };
  }
}

/**
 * The message for a value the engine's parser refused: the engine's own words in English; in
 * Danish the page's message for what was typed (not a number, or out of the engine's limits).
 */
function parseMessage(error, notANumber) {
  const english = String(error?.message ?? error).replace(/^[^:]*: /, "");
  if (state.lang === "en") return english;
  if (/is not an amount/.test(english)) return notANumber;
  return t().engineErrors[error?.code] ?? notANumber;
}

/** A link to a source (only an https address becomes a link), or its citation as text. */
function sourceLink(citation, url) {
  if (!/^https:\/\//.test(String(url ?? ""))) return document.createTextNode(citation);
  const a = document.createElement("a");
  a.href = url;
  a.textContent = citation;
  return a;
}

/** Fills an element with text parts and source links ({citation, url}). */
function fillParts(el, parts) {
  el.replaceChildren(...parts.map((p) => (typeof p === "string" ? document.createTextNode(p) : sourceLink(p.citation, p.url))));
}

// ------------------------------------------------------------------------------------------
// Defaults and URL state
// ------------------------------------------------------------------------------------------

/** The discount field's default: the engine's rate as a percentage typed in `lang` (no " %"). */
function percentField(lang) {
  return core.defaults.discount_rate.shown[lang].replace(/\s*%$/, "");
}

/** The page's defaults in `lang` (the order is the order of keys in a shared link). */
function defaultsFor(lang) {
  const d = core.defaults;
  const values = {};
  for (const [key, value] of Object.entries(EXAMPLE)) {
    values[key] = value;
    if (key === "method") values.annual = d.m_act.mean;
    if (key === "bHorizon") values.bDiscount = percentField(lang);
  }
  for (const key of OVERRIDE_KEYS) values[key] = "";
  return values;
}

const presetNames = () => core.defaults.presets.map((p) => p.name);

/** The parameter of the policy view that an override name changes (by name, switch or alias). */
function parameterOf(view, name) {
  return view.parameters.find((p) => p.name === name || p.switch === name || (p.aliases ?? []).includes(name));
}

/** An override typed in its field, as the engine takes it, or null. */
function overrideValue(o, text, view) {
  const param = view ? parameterOf(view, o.name) : null;
  switch (o.kind) {
    case "date":
      return parseDate(text);
    case "whole":
      return parseWhole(text, 0, (param?.switch === o.name ? param?.switch_max : param?.max) ?? 9999999);
    case "percent":
      return rateOf(text);
    case "choice":
      return param?.choices?.includes(text) ? text : null;
    default:
      return null;
  }
}

// How each URL parameter is checked before it is trusted (after init: amounts are read by
// the engine).
function validators() {
  const view = refusion.policy("statutory");
  const valid = {
    lang: (v) => v === "da" || v === "en",
    label: (v) => cleanLabel(v) === v && v.length <= labelMax(),
    birth: (v) => parseDate(v) !== null,
    age: (v) => v === "" || parseWhole(v, 0, MAX_AGE) !== null,
    admitted: (v) => parseDate(v) !== null,
    planned: (v) => parseDate(v) !== null,
    rate: (v) => amountOf(v) !== null,
    own: (v) => amountOf(v) !== null,
    method: (v) => [...$("method").options].some((o) => o.value === v),
    annual: (v) => amountOf(v) !== null,
    nightsBefore: (v) => parseWhole(v, 1, 3650) !== null,
    decided: (v) => v === "0" || v === "1",
    decidedOn: (v) => v === "" || parseDate(v) !== null,
    policy: (v) => presetNames().includes(v) && [...$("policy").options].some((o) => o.value === v),
    bCitizens: (v) => parseWhole(v, 0, 100000) !== null,
    bStay: (v) => parseWhole(v, 1, 3660) !== null,
    bRate: (v) => amountOf(v) !== null,
    bOwn: (v) => amountOf(v) !== null,
    bTeam: (v) => amountOf(v) !== null,
    bCaseload: (v) => parseWhole(v, 1, 100000) !== null,
    bEstablishment: (v) => amountOf(v) !== null,
    bFirst: (v) => parseWhole(v, 1901, 9980) !== null,
    bHorizon: (v) => parseWhole(v, 1, 10) !== null,
    bDiscount: (v) => rateOf(v) !== null,
    bDraws: (v) => parseWhole(v, 1, 10000) !== null,
    bSeed: (v) => parseWhole(v, 0, 9999999) !== null,
  };
  for (const o of OVERRIDES) valid[`o.${o.name}`] = (v) => overrideValue(o, v, view) !== null;
  return valid;
}

let VALID = null;
let DEFAULTS = null;

/** The language a link asks for (read before the engine loads, for the loading message). */
function urlLanguage() {
  const langs = new URLSearchParams(window.location.search).getAll("lang").filter((v) => v === "da" || v === "en");
  return langs.length ? langs[langs.length - 1] : "da";
}

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  const values = { ...defaultsFor(urlLanguage()) };
  const rejected = [];
  for (const [key, value] of params) {
    // Own keys only: `__proto__`, `constructor` or `toString` in a link (or `o.__proto__`) are
    // ignored like tracking parameters, not looked up on Object.prototype.
    if (!Object.hasOwn(VALID, key)) continue;
    if (VALID[key](value)) values[key] = value;
    else if (!rejected.includes(key)) rejected.push(key);
  }
  // The overrides must also make a valid policy together: drop the one the engine names until
  // they do.
  for (let i = 0; i <= OVERRIDES.length; i += 1) {
    const { error } = policyFrom(values.policy, (o) => values[`o.${o.name}`]);
    if (!error) break;
    const key = OVERRIDE_KEYS.includes(`o.${error.name}`) ? `o.${error.name}` : null;
    const drop = key ? [key] : OVERRIDE_KEYS.filter((k) => values[k] !== "");
    for (const k of drop) {
      values[k] = "";
      if (!rejected.includes(k)) rejected.push(k);
    }
  }
  return { values, rejected };
}

function writeUrl() {
  const params = new URLSearchParams();
  const invalid = new Set(state.policy?.errors.map(([id]) => id) ?? []);
  for (const key of Object.keys(DEFAULTS)) {
    // With a decision date the checkbox follows from it, so only the date is shared; a checkbox
    // a link pinned beside the date stays in it (even at its default) until the user settles it.
    const dated = key === "decided" && parseDate(fieldValue("decidedOn")) !== null;
    const pinned = dated && state.pinnedDecided !== null;
    if (dated && !pinned) continue;
    const value = key === "lang" ? state.lang : fieldValue(key);
    // Only valid values are shared; an invalid field is left out (its default applies).
    if ((pinned || value !== DEFAULTS[key]) && VALID[key](value) && !invalid.has(idOf(key))) params.set(key, value);
  }
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
  window.history.replaceState(null, "", url);
}

function labelText(key) {
  const label = document.querySelector(`label[for="${CSS.escape(idOf(key))}"]`);
  return label ? label.textContent : key;
}

function fieldValue(key) {
  const el = $(idOf(key));
  if (el.type === "checkbox") return el.checked ? "1" : "0";
  return el.value.trim();
}

function setField(key, value) {
  const el = $(idOf(key));
  if (el.type === "checkbox") el.checked = value === "1";
  else el.value = value;
}

// ------------------------------------------------------------------------------------------
// Labels
// ------------------------------------------------------------------------------------------

/** The longest label (the field's maxlength in index.html). */
const labelMax = () => $("label").maxLength;

/** A label as shown: control characters become spaces, and the ends are trimmed. */
function cleanLabel(text) {
  return String(text ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").trim();
}

/** A user's text as a CSV cell that a spreadsheet will not run as a formula (OWASP). */
function textCell(text) {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

// ------------------------------------------------------------------------------------------
// Language and the texts written from the engine's figures
// ------------------------------------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll("[data-i18n]")) {
    const text = t()[el.dataset.i18n];
    if (typeof text === "string") el.textContent = text;
  }
  $("lang-toggle").setAttribute("lang", state.lang === "da" ? "en" : "da");
  const methods = t().methods;
  for (const option of $("method").options) option.textContent = methods[option.value];
  if (core.defaults) renderCoreTexts();
}

/**
 * The published own payment (R7) in force on the admission date, from the engine's parameter
 * view: the rate of the stay's year. A step with the same source as the one before it is the
 * last published rate carried forward (the year's own rate was not found).
 */
function ownPaymentOn(iso) {
  const steps = core.ownSteps ?? [];
  let at = -1;
  steps.forEach((s, i) => { if (s.from && s.from <= iso) at = i; });
  if (at < 0) return null;
  let first = at;
  while (first > 0 && steps[first - 1].source === steps[at].source) first -= 1;
  return { step: steps[at], carried: first !== at, since: steps[first].from.slice(0, 4) };
}

function renderOwnHint() {
  const L = t();
  const lang = state.lang;
  const d = core.defaults;
  const admitted = parseDate(fieldValue("admitted"));
  const on = admitted ? ownPaymentOn(admitted) : null;
  const hint = on
    ? {
      year: admitted.slice(0, 4),
      shown: on.step.shown[lang],
      source: { citation: on.step.citation, url: on.step.url },
      carried: on.carried,
      since: on.since,
    }
    : { shown: d.own_payment.shown[lang], source: { citation: d.own_payment.citation, url: d.own_payment.url } };
  fillParts($("own-hint"), L.ownHint(hint));
}

/** The hints, intros and the sources list: composed from the engine's defaults and catalog. */
function renderCoreTexts() {
  const L = t();
  const lang = state.lang;
  const d = core.defaults;
  const m = d.m_act;
  const mAct = {
    mean: krWhole(m.mean),
    low: krWhole(m.low),
    high: krWhole(m.high),
    priceYear: String(m.price_year),
    assumed: /^assumed\b/.test(m.price_year_basis ?? ""),
    scope: m.scope[lang],
    source: { citation: m.citation, url: m.url },
  };
  $("label-hint").textContent = L.labelHint(labelMax());
  fillParts($("annual-hint"), L.annualHint(mAct));
  renderOwnHint();
  fillParts($("bDiscount-hint"), L.discountHint({ shown: d.discount_rate.shown[lang], source: { citation: d.discount_rate.citation, url: d.discount_rate.url } }));
  fillParts($("mc-intro"), L.mcIntro(mAct));
  $("breakeven-def").textContent = L.breakEvenDef(d.support_years.shown[lang]);
  $("budget-intro").textContent = L.budgetIntro(d.support_years.shown[lang]);
  $("amount-rule").textContent = d.amount_rule[lang];
  // The policy help: each preset's description as the engine writes it.
  const help = $("policy-help");
  help.replaceChildren();
  for (const option of $("policy").options) {
    const preset = d.presets.find((p) => p.name === option.value);
    if (!preset) continue;
    const name = document.createElement("strong");
    name.textContent = `${L.presetNames[preset.name] ?? preset.name}: `;
    help.append(name, document.createTextNode(`${preset.description[lang]} `));
  }
  for (const label of document.querySelectorAll("label[data-override]")) {
    label.textContent = L.overrides[label.dataset.override] ?? label.dataset.override;
  }
  renderSources();
}

/** The sources list: every source of the catalog, linked, with what it supports. */
function renderSources() {
  const L = t();
  const lang = state.lang;
  const { sources, rules } = core.catalog;
  const d = core.defaults;
  const describe = (use) => {
    switch (use.kind) {
      case "rule":
        return L.uses.rule(use.name, rules[use.name]?.[lang] ?? "");
      case "preset":
        return L.uses.preset(L.presetNames[use.name] ?? use.name);
      case "reference":
        if (use.name === "m_act") return L.uses.mAct({ mean: krWhole(d.m_act.mean), low: krWhole(d.m_act.low), high: krWhole(d.m_act.high) });
        if (use.name === "act") return L.uses.act({ mean: krWhole(d.act.mean) });
        return use.name;
      case "economics":
        return use.name === "discount_rate" ? L.uses.discount(d.discount_rate.shown[lang]) : use.name;
      case "cohort":
        return L.uses.cohort;
      default:
        return `${use.kind} ${use.name}`;
    }
  };
  // Sources of rules and parameters first, then references, then the cohort's calibration.
  const rank = (s) => Math.min(...s.used_by.map((u) => ({ rule: 0, parameter: 0, preset: 1, reference: 2, economics: 2 })[u.kind] ?? 3), 3);
  const list = Object.entries(sources).sort(([a, x], [b, y]) => rank(x) - rank(y) || a.localeCompare(b));
  const ul = $("sources-list");
  ul.replaceChildren();
  for (const [id, s] of list) {
    const li = document.createElement("li");
    li.dataset.source = id;
    const title = s.title && s.title !== s.citation ? ` — ${s.title}` : "";
    li.append(sourceLink(s.citation, s.url), document.createTextNode(`${title}.`));
    if (s.used_by.length) {
      // The rules (with what they say) first, then the parameters by name, then the rest.
      const params = s.used_by.filter((u) => u.kind === "parameter").map((u) => u.name);
      const parts = [
        ...s.used_by.filter((u) => u.kind === "rule").map(describe),
        ...(params.length ? [L.uses.parameters(params)] : []),
        ...s.used_by.filter((u) => u.kind !== "rule" && u.kind !== "parameter").map(describe),
      ];
      const text = parts.join("; ");
      const uses = document.createElement("span");
      uses.className = "uses";
      uses.textContent = ` ${L.sourceUses}: ${text}${text.endsWith(".") ? "" : "."}`;
      li.append(uses);
    }
    if (s.quote) {
      const q = document.createElement("q");
      q.className = "quote";
      q.lang = "da";
      q.textContent = s.quote;
      li.append(document.createElement("br"), q);
    }
    if (s.checked) {
      const checked = document.createElement("span");
      checked.className = "hint";
      checked.textContent = ` (${L.sourceChecked(date(s.checked))})`;
      li.append(checked);
    }
    ul.append(li);
  }
}

// ------------------------------------------------------------------------------------------
// Field errors
// ------------------------------------------------------------------------------------------

function clearErrors(fields) {
  for (const id of fields) {
    const el = $(id);
    el.removeAttribute("aria-invalid");
    const msg = $(`${id}-error`);
    if (msg) msg.textContent = "";
  }
}

function showError(id, message) {
  const el = $(id);
  el.setAttribute("aria-invalid", "true");
  const msg = $(`${id}-error`);
  if (msg) msg.textContent = message;
}

/** Maps an engine error's field to the input it concerns. */
function fieldFor(error, map) {
  const field = String(error?.field ?? "");
  for (const [prefix, id] of map) {
    if (field === prefix || field.startsWith(`${prefix}.`) || field.startsWith(`${prefix}[`)) return id;
  }
  return null;
}

function engineMessage(error, id) {
  const english = String(error?.message ?? error).replace(/^[^:]*: /, "");
  const byCode = t().engineErrors;
  return state.lang === "en" ? english : byCode[`${error?.code}:${id}`] ?? byCode[error?.code] ?? english;
}

function engineError(error, map, fallback) {
  const id = fieldFor(error, map) ?? fallback;
  showError(id, engineMessage(error, id));
}

/** The policy's fields in an engine error's field path, before the policy as a whole. */
const POLICY_MAP = [...OVERRIDES.map((o) => [`policy.overrides.${o.name}`, `o-${o.name}`]), ["policy", "policy"]];

// ------------------------------------------------------------------------------------------
// The rules: preset, overrides and the table
// ------------------------------------------------------------------------------------------

/**
 * The policy spec from a preset and the override fields, checked by the engine:
 * { spec, view, overrides, errors: [[id, message]], error: {name} }.
 */
function policyFrom(preset, valueOf) {
  const base = refusion.policy(preset);
  const overrides = {};
  const errors = [];
  for (const o of OVERRIDES) {
    const raw = valueOf(o);
    if (raw === "") continue;
    const value = overrideValue(o, raw, base);
    if (value === null) errors.push([`o-${o.name}`, overrideMessage(o, base)]);
    else overrides[o.name] = value;
  }
  const spec = { preset, overrides };
  if (errors.length) return { spec, base, overrides, errors, error: { name: errors[0][0].slice(2) } };
  try {
    return { spec, base, overrides, errors, view: refusion.policy(spec) };
  } catch (error) {
    const id = fieldFor(error, POLICY_MAP) ?? "policy";
    return { spec, base, overrides, errors: [[id, engineMessage(error, id)]], error: { name: id.startsWith("o-") ? id.slice(2) : "" } };
  }
}

function overrideMessage(o, base) {
  const L = t();
  const param = parameterOf(base, o.name);
  switch (o.kind) {
    case "date":
      return L.errDate(FIRST_DATE, LAST_DATE);
    case "whole":
      return L.errWhole(0, (param?.switch === o.name ? param?.switch_max : param?.max) ?? 9999999);
    case "percent":
      return L.errPercent(percentField(state.lang));
    default:
      return L.engineErrors.invalid_parameter ?? "invalid";
  }
}

/** Reads the policy select and the override fields; shows their errors and the rules. */
function updatePolicy() {
  clearErrors(["policy", ...OVERRIDE_IDS]);
  const preset = fieldValue("policy");
  const result = policyFrom(preset, (o) => fieldValue(`o.${o.name}`));
  for (const [id, message] of result.errors) showError(id, message);
  state.policy = result;
  renderRules();
}

/** The value an override field holds, as people read it (for the note). */
function overrideShown(o, value) {
  switch (o.kind) {
    case "date":
      return date(value);
    case "percent":
      return percent(value);
    case "choice":
      return t().choices[value] ?? value;
    default:
      return String(value);
  }
}

/** The preset's own value of what an override changes (for the hint beside its field). */
function presetShown(o, base) {
  const L = t();
  const lang = state.lang;
  const param = parameterOf(base, o.name);
  if (!param) return "";
  if (param.switch === o.name) {
    const next = param.steps[1];
    if (!next) return L.noSwitch;
    return next.from !== undefined ? date(next.from) : String(next.from_age);
  }
  return param.steps.map((s) => s.shown[lang]).join(", ");
}

/** The override fields: built once, after init (their limits and choices come from the engine). */
function buildOverrideFields() {
  const grid = $("overrides");
  grid.replaceChildren();
  const base = refusion.policy("statutory");
  for (const o of OVERRIDES) {
    const id = `o-${o.name}`;
    const field = document.createElement("div");
    field.className = "field";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.dataset.override = o.name;
    let input;
    if (o.kind === "choice") {
      input = document.createElement("select");
      const none = document.createElement("option");
      none.value = "";
      input.append(none);
      for (const choice of parameterOf(base, o.name)?.choices ?? []) {
        const option = document.createElement("option");
        option.value = choice;
        input.append(option);
      }
    } else {
      input = document.createElement("input");
      if (o.kind === "date") {
        input.type = "date";
        input.min = FIRST_DATE;
        input.max = LAST_DATE;
      } else {
        input.type = "text";
        input.inputMode = o.kind === "whole" ? "numeric" : "decimal";
      }
    }
    input.id = id;
    input.name = id;
    input.setAttribute("aria-describedby", `${id}-hint ${id}-error`);
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.id = `${id}-hint`;
    const error = document.createElement("p");
    error.className = "field-error";
    error.id = `${id}-error`;
    error.setAttribute("aria-live", "polite");
    field.append(label, input, hint, error);
    grid.append(field);
  }
}

/** The rules section: preset, note, field labels and hints, and the table of parameters. */
function renderRules() {
  const L = t();
  const lang = state.lang;
  const p = state.policy;
  const base = p.base;
  const presetName = L.presetNames[base.preset] ?? base.preset;
  $("rules-preset").textContent = L.rulesPreset(presetName, base.preset_description[lang]);

  for (const o of OVERRIDES) {
    const id = `o-${o.name}`;
    const param = parameterOf(base, o.name);
    const shown = presetShown(o, base);
    $(`${id}-hint`).textContent = L.presetValue(param ? `${shown} (${param.rule})` : shown);
    if (o.kind === "choice") {
      for (const option of $(id).options) {
        option.textContent = option.value === "" ? L.asPreset : L.choices[option.value] ?? option.value;
      }
    }
  }

  // The note: which rules differ from the preset, shown in the rules section and above the
  // results (it prints with them).
  const changed = OVERRIDES.filter((o) => Object.hasOwn(p.overrides, o.name));
  const note = changed.length && !p.errors.length
    ? L.overridesNote(presetName, changed.map((o) => L.overrideItem(L.overrides[o.name] ?? o.name, overrideShown(o, p.overrides[o.name]))).join("; "))
    : "";
  for (const id of ["rules-note", "citizen-rules-note", "budget-rules-note"]) {
    $(id).textContent = note;
    $(id).hidden = note === "";
  }
  $("overrides-reset").disabled = OVERRIDES.every((o) => fieldValue(`o.${o.name}`) === "");

  // The table: one group of rows per parameter, one row per dated step.
  const table = $("rules-table");
  for (const body of [...table.tBodies]) body.remove();
  const view = p.view ?? base;
  for (const param of view.parameters) {
    const body = document.createElement("tbody");
    body.dataset.parameter = param.name;
    param.steps.forEach((step, i) => {
      const tr = document.createElement("tr");
      const overridden = step.source === "override";
      if (overridden) tr.className = "changed";
      if (i === 0) {
        const th = document.createElement("th");
        th.scope = "rowgroup";
        th.rowSpan = param.steps.length;
        const text = document.createElement("span");
        text.className = "description";
        text.textContent = param.description[lang];
        const code = document.createElement("code");
        code.textContent = param.name;
        th.append(text, document.createTextNode(" "), code);
        // A parameter this policy does not use: its steps are shown, with why (the engine's words).
        if (param.unused) {
          const why = document.createElement("span");
          why.className = "unused";
          why.textContent = param.unused[lang];
          th.append(document.createElement("br"), why);
        }
        tr.append(th);
      }
      if (param.unused) tr.classList.add("unused");
      const cell = (content, label, cls) => {
        const td = document.createElement("td");
        td.dataset.label = label;
        if (cls) td.className = cls;
        if (typeof content === "string") td.textContent = content;
        else td.append(content);
        tr.append(td);
      };
      cell(step.rule, L.colRule, "rule");
      cell(step.shown[lang], L.colValue, "value");
      let from = L.always;
      if (step.from_age !== undefined) from = L.fromAge(step.from_age);
      else if (step.from && step.from !== FIRST_DATE) from = date(step.from);
      cell(from, L.colFrom, "from");
      const source = overridden ? document.createTextNode(L.overrideSource) : sourceLink(step.citation, step.url);
      cell(source, L.colSource, "source");
      body.append(tr);
    });
    table.append(body);
  }
}

function resetOverrides() {
  for (const key of OVERRIDE_KEYS) setField(key, "");
  onPolicyChange();
  $("o-reform_date").focus();
}

function onPolicyChange() {
  $("notice").hidden = true;
  updatePolicy();
  recomputeCitizen();
  recomputeBudget();
  writeUrl();
}

// ------------------------------------------------------------------------------------------
// One citizen
// ------------------------------------------------------------------------------------------

function readCitizen() {
  const L = t();
  const errors = [];
  const need = (id, parse, message) => {
    const raw = fieldValue(id);
    if (raw === "") {
      errors.push([id, L.errRequired]);
      return null;
    }
    const value = parse(raw);
    if (value === null) errors.push([id, message]);
    return value;
  };
  const needAmount = (id) => {
    const raw = fieldValue(id);
    if (raw === "") {
      errors.push([id, L.errRequired]);
      return null;
    }
    const { value, message } = readAmount(raw);
    if (message) errors.push([id, message]);
    return value ?? null;
  };
  const errDate = L.errDate(FIRST_DATE, LAST_DATE);
  const admitted = need("admitted", parseDate, errDate);
  let birth = fieldValue("birth") === "" ? null : parseDate(fieldValue("birth"));
  const ageRaw = fieldValue("age");
  if (ageRaw !== "") {
    const age = parseWhole(ageRaw, 0, MAX_AGE);
    if (age === null) errors.push(["age", L.errWhole(0, MAX_AGE)]);
    else if (admitted) birth = minusYears(admitted, age);
  }
  if (birth === null) errors.push(["birth", fieldValue("birth") === "" ? L.errRequired : errDate]);
  const planned = need("planned", parseDate, errDate);
  const rate = needAmount("rate");
  const own = needAmount("own");
  const annual = needAmount("annual");
  const nightsBefore = need("nightsBefore", (v) => parseWhole(v, 1, 3650), L.errWhole(1, 3650));
  const decidedOn = fieldValue("decidedOn") === "" ? null : parseDate(fieldValue("decidedOn"));
  if (decidedOnGiven() && decidedOn === null) errors.push(["decidedOn", errDate]);
  return {
    errors,
    input: { label: cleanLabel(fieldValue("label")), birth, admitted, planned, rate, own, annual, nightsBefore, method: fieldValue("method"), decided: $("decided").checked, decidedOn, policy: state.policy.spec },
  };
}

/**
 * Whether the decision date field holds anything. A date input whose text is not a whole date
 * has an empty value but is not valid ("badInput"); that counts as given (and invalid).
 */
function decidedOnGiven() {
  const el = $("decidedOn");
  return el.value.trim() !== "" || el.validity.badInput;
}

/**
 * The decision of the § 85 a spell as the engine takes it: with a date, `decided_on` (and the
 * checkbox only when a link pinned it beside the date); without, the checkbox.
 */
function decisionOf(input) {
  if (input.decidedOn === null) return { decided_before_discharge: input.decided };
  return state.pinnedDecided === null
    ? { decided_on: input.decidedOn }
    : { decided_before_discharge: state.pinnedDecided, decided_on: input.decidedOn };
}

/**
 * Whether the engine counts the support pathway's spell as decided before its discharge (R8):
 * asked of the engine with a one-day spell from the discharge, so that the page holds no rule
 * of its own. (The break-even query takes only the boolean.)
 */
function decidedByEngine(input, discharge, decision) {
  const probe = refusion.evaluate({
    policy: input.policy,
    citizen: { birth_date: input.birth },
    shelter_stays: [{ admitted: input.admitted, discharged: discharge, daily_rate: input.rate, own_payment_per_night: input.own }],
    home_support: [{ method: input.method, start: discharge, end: addDays(discharge, 1), annual_cost: input.annual, ...decision }],
  });
  return !probe.trace.some((e) => e.kind === "support_not_decided");
}

const CITIZEN_MAP = [
  ["citizen.birth_date", "birth"],
  ["shelter_stays[0].admitted", "admitted"],
  ["shelter_stays[0].discharged", "planned"],
  ["shelter_stays[0].daily_rate", "rate"],
  ["shelter_stays[0].own_payment_per_night", "own"],
  ["home_support[0].annual_cost", "annual"],
  ["home_support[0].start", "nightsBefore"],
  ["home_support[0].decided_on", "decidedOn"],
  ["home_support[0].decided_before_discharge", "decidedOn"],
  ["admitted", "admitted"],
  ["daily_rate", "rate"],
  ["own_payment_per_night", "own"],
  ["discharge", "nightsBefore"],
  ["support.annual_cost", "annual"],
  ...POLICY_MAP,
];

function computeCitizen(input) {
  const named = (pathway) => (input.label ? `${input.label}: ${pathway}` : pathway);
  const stay = {
    name: named(t().pathwayStay),
    policy: input.policy,
    citizen: { birth_date: input.birth },
    shelter_stays: [{ admitted: input.admitted, discharged: input.planned, daily_rate: input.rate, own_payment_per_night: input.own }],
  };
  const stayResult = refusion.evaluate(stay);
  const stayCurve = refusion.cumulative(stay);
  const discharge = addDays(input.admitted, input.nightsBefore);
  const decision = decisionOf(input);
  const decided = input.decidedOn === null ? input.decided : decidedByEngine(input, discharge, decision);
  const be = refusion.breakEven({
    policy: input.policy,
    citizen: { birth_date: input.birth },
    admitted: input.admitted,
    daily_rate: input.rate,
    own_payment_per_night: input.own,
    discharge,
    support: { method: input.method, annual_cost: input.annual, decided_before_discharge: decided },
    // The horizon is the § 176 a period of the catalog (the break-even hint says so).
    horizon_years: core.defaults.support_years.value,
  });
  const support = refusion.evaluate({
    name: named(t().pathwaySupport),
    policy: input.policy,
    citizen: { birth_date: input.birth },
    shelter_stays: [{ admitted: input.admitted, discharged: discharge, daily_rate: input.rate, own_payment_per_night: input.own }],
    home_support: [{ method: input.method, start: discharge, end: be.horizon_end, annual_cost: input.annual, ...decision }],
  });
  return { input, stayResult, stayCurve, be, support, discharge, decided };
}

/** The checkbox and the hint of the decision date: with a date, the checkbox follows it. */
function renderDecision(r) {
  const box = $("decided");
  const dated = decidedOnGiven();
  // While a link pins the checkbox beside the date, either can be changed to settle it.
  box.disabled = dated && state.pinnedDecided === null;
  if (dated && r && r.input.decidedOn !== null) box.checked = r.decided;
  const known = dated && r && r.input.decidedOn !== null && state.pinnedDecided === null;
  $("decidedOn-hint").textContent = t().decidedOnHint(
    known ? { before: r.decided, decidedOn: date(r.input.decidedOn), discharge: date(r.discharge) } : null,
  );
}

/** A trace entry as the engine wrote it, in the page language. */
const traceText = (entry, lang = state.lang) => (lang === "da" ? entry.text_da ?? entry.text : entry.text);

function renderCitizen(r) {
  const L = t();
  const body = $("split-table").tBodies[0];
  body.replaceChildren();
  const rows = [
    ["payerGross", "gross"],
    ["payerCitizen", "citizen_payment"],
    ["payerState", "state_refusion"],
    ["payerMunicipality", "municipal_net"],
  ];
  for (const [label, key] of rows) {
    const tr = document.createElement("tr");
    if (key === "municipal_net") tr.className = "total";
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = L[label];
    const a = document.createElement("td");
    a.textContent = kr(r.stayResult.totals[key]);
    a.dataset.testid = `stay-${key}`;
    const b = document.createElement("td");
    b.textContent = kr(r.support.totals[key]);
    b.dataset.testid = `support-${key}`;
    tr.append(th, a, b);
    body.append(tr);
  }
  const m = r.be.municipality;
  $("breakeven").textContent = m ? L.breakEvenMunicipality(m.night, date(m.date)) : L.breakEvenNone;
  $("breakeven").dataset.night = m ? String(m.night) : "";
  const p = r.be.public_sector;
  $("breakeven-public").textContent = p ? L.breakEvenPublic(p.night, date(p.date)) : "";

  // Chart: the stay until the planned discharge (flat afterwards) and the support pathway.
  const stayPoints = r.stayCurve.map((pt) => ({ date: pt.date, value: pt.municipal_net }));
  const last = stayPoints[stayPoints.length - 1];
  if (last && last.date < r.be.horizon_end) stayPoints.push({ date: r.be.horizon_end, value: last.value });
  const supportPoints = r.be.support_curve.map((pt) => ({ date: pt.date, value: pt.municipal_net }));
  const markers = r.stayResult.trace
    .filter((e) => e.kind === "shelter_cap_reached")
    .map((e) => ({ date: e.start, value: r.stayCurve.find((pt) => pt.date === e.start)?.municipal_net ?? "0", label: L.cliff, color: COLORS[0] }));
  const vlines = m ? [{ date: m.date, label: L.breakEvenMark(m.night) }] : [];
  lineChart($("chart"), {
    series: [{ label: L.pathwayStay, points: stayPoints }, { label: L.pathwaySupport, points: supportPoints }],
    markers,
    vlines,
    label: L.chartLabel,
    fmt: chartFormat(),
  });
  $("chart").dataset.cliffs = String(markers.length);

  // The explanation, as the engine writes it (Danish or English).
  const trace = $("trace");
  trace.replaceChildren();
  for (const [title, result] of [[L.pathwayStay, r.stayResult], [L.pathwaySupport, r.support]]) {
    const h = document.createElement("h4");
    h.textContent = title;
    const ol = document.createElement("ol");
    for (const entry of result.trace) {
      const li = document.createElement("li");
      li.textContent = traceText(entry);
      li.dataset.rule = entry.rule ?? "";
      ol.append(li);
    }
    trace.append(h, ol);
  }
}

/** The page's own title (index.html), kept for when there is no label. */
const PAGE_TITLE = document.title;

/** Shows the label above the results and in the page title (as text, never as markup). */
function showLabel() {
  const raw = fieldValue("label");
  const label = cleanLabel(raw);
  if (raw.length > labelMax()) showError("label", t().errLabel(labelMax()));
  const shown = $("page-label");
  shown.textContent = label;
  shown.hidden = label === "";
  document.title = label ? `${label} — ${PAGE_TITLE}` : PAGE_TITLE;
}

function recomputeCitizen() {
  const started = performance.now();
  clearErrors(CITIZEN_FIELDS.filter((id) => id !== "policy"));
  showLabel();
  const { errors, input } = readCitizen();
  const summary = $("citizen-summary-error");
  state.citizen = null;
  if (errors.length === 0 && state.policy.errors.length === 0) {
    try {
      state.citizen = computeCitizen(input);
    } catch (error) {
      engineError(error, CITIZEN_MAP, "admitted");
    }
  }
  for (const [id, message] of errors) showError(id, message);
  renderDecision(state.citizen);
  if (!state.citizen) {
    summary.hidden = false;
    summary.textContent = t().fixFields;
    clearCitizenOutputs();
  } else {
    summary.hidden = true;
    renderCitizen(state.citizen);
  }
  const be = state.citizen?.be.municipality;
  $("citizen-status").textContent = state.citizen
    ? t().citizenStatus(kr(state.citizen.stayResult.totals.municipal_net), be ? be.night : null)
    : t().fixFields;
  const ms = performance.now() - started;
  document.body.dataset.recomputeMs = ms.toFixed(2);
  const shown = ms.toFixed(1);
  $("recompute").textContent = t().recompute(state.lang === "da" ? shown.replace(".", ",") : shown);
}

function clearCitizenOutputs() {
  $("split-table").tBodies[0].replaceChildren();
  $("breakeven").textContent = "";
  $("breakeven").dataset.night = "";
  $("breakeven-public").textContent = "";
  $("chart").replaceChildren();
  $("trace").replaceChildren();
}

// ------------------------------------------------------------------------------------------
// Budget
// ------------------------------------------------------------------------------------------

const BUDGET_MAP = [
  ["citizens_per_year", "bCitizens"],
  ["average_stay_nights", "bStay"],
  ["daily_rate", "bRate"],
  ["own_payment_per_night", "bOwn"],
  ["team_size_fte", "bTeam"],
  ["caseload", "bCaseload"],
  ["establishment_cost_per_team", "bEstablishment"],
  ["first_year", "bFirst"],
  ["horizon_years", "bHorizon"],
  ["discount_rate", "bDiscount"],
  ["run.draws", "bDraws"],
  ["run.seed", "bSeed"],
  ...POLICY_MAP,
];

function readBudget() {
  const L = t();
  const errors = [];
  const need = (id, parse, message) => {
    const raw = fieldValue(id);
    if (raw === "") {
      errors.push([id, L.errRequired]);
      return null;
    }
    const value = parse(raw);
    if (value === null) errors.push([id, message]);
    return value;
  };
  const needRead = (id, read) => {
    const raw = fieldValue(id);
    if (raw === "") {
      errors.push([id, L.errRequired]);
      return null;
    }
    const { value, message } = read(raw);
    if (message) errors.push([id, message]);
    return value ?? null;
  };
  const query = {
    policy: state.policy.spec,
    citizens_per_year: need("bCitizens", (v) => parseWhole(v, 0, 100000), L.errWhole(0, 100000)),
    average_stay_nights: need("bStay", (v) => parseWhole(v, 1, 3660), L.errWhole(1, 3660)),
    daily_rate: needRead("bRate", readAmount),
    own_payment_per_night: needRead("bOwn", readAmount),
    team_size_fte: needRead("bTeam", readAmount),
    caseload: need("bCaseload", (v) => parseWhole(v, 1, 100000), L.errWhole(1, 100000)),
    establishment_cost_per_team: needRead("bEstablishment", readAmount),
    first_year: need("bFirst", (v) => parseWhole(v, 1901, 9980), L.errWhole(1901, 9980)),
    horizon_years: need("bHorizon", (v) => parseWhole(v, 1, 10), L.errWhole(1, 10)),
    discount_rate: needRead("bDiscount", readPercent),
    nights_before_discharge: 1,
  };
  const run = {
    draws: need("bDraws", (v) => parseWhole(v, 1, 10000), L.errWhole(1, 10000)),
    seed: need("bSeed", (v) => parseWhole(v, 0, 9999999), L.errWhole(0, 9999999)),
  };
  return { errors, query, run };
}

function renderBudget(result) {
  const L = t();
  const holder = $("budget-tables");
  holder.replaceChildren();
  const labelOf = { low: L.variantLow, mean: L.variantMean, high: L.variantHigh };
  for (const v of result.variants) {
    const table = document.createElement("table");
    table.className = "money";
    table.dataset.variant = v.label;
    const caption = document.createElement("caption");
    caption.textContent = L.budgetTableCaption(labelOf[v.label] ?? v.label, kr(v.annual_cost));
    table.append(caption);
    const head = document.createElement("thead");
    const hr = document.createElement("tr");
    for (const h of [L.year, L.effectGross, L.effectCitizen, L.effectState, L.effectMunicipal, L.teams, L.establishmentCol, L.municipalEffect, L.presentValue]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = h;
      hr.append(th);
    }
    head.append(hr);
    const body = document.createElement("tbody");
    const row = (cells, cls) => {
      const tr = document.createElement("tr");
      if (cls) tr.className = cls;
      cells.forEach((c, i) => {
        const td = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) td.scope = "row";
        td.textContent = c;
        tr.append(td);
      });
      body.append(tr);
    };
    for (const y of v.years) {
      row([String(y.year), amount(y.effect.gross), amount(y.effect.citizen_payment), amount(y.effect.state_refusion), amount(y.effect.municipal_net), String(y.teams), amount(y.establishment), amount(y.municipal_effect), amount(y.present_value)]);
    }
    row(["Σ", amount(v.total_effect.gross), amount(v.total_effect.citizen_payment), amount(v.total_effect.state_refusion), amount(v.total_effect.municipal_net), "", "", amount(v.total_municipal_effect), amount(v.total_present_value)], "total");
    table.append(head, body);
    // A wide table scrolls inside its own region on a narrow screen (reachable by keyboard).
    const scroll = document.createElement("div");
    scroll.className = "scroll";
    scroll.tabIndex = 0;
    scroll.setAttribute("role", "region");
    scroll.setAttribute("aria-label", caption.textContent);
    scroll.append(table);
    holder.append(scroll);
  }
  const years = result.variants[0]?.years.map((y) => String(y.year)) ?? [];
  barChart($("budget-chart"), {
    groups: years.map((year, i) => ({ label: year, values: result.variants.map((v) => v.years[i].municipal_effect) })),
    seriesLabels: result.variants.map((v) => `M-ACT ${labelOf[v.label] ?? v.label} (${krWhole(v.annual_cost)})`),
    label: L.budgetChartLabel,
    fmt: chartFormat(),
  });
  const mean = result.variants.find((v) => v.label === "mean") ?? result.variants[0];
  if (mean) {
    barChart($("payer-chart"), {
      groups: mean.years.map((y) => ({ label: String(y.year), values: [y.municipal_effect, y.effect.state_refusion, y.effect.citizen_payment] })),
      seriesLabels: [L.municipalEffect, L.effectState, L.effectCitizen],
      label: L.payerChartLabel,
      fmt: chartFormat(),
    });
  }
}

function recomputeBudget() {
  clearErrors(BUDGET_FIELDS);
  const { errors, query, run } = readBudget();
  const summary = $("budget-summary-error");
  state.budget = null;
  if (errors.length === 0 && state.policy.errors.length === 0) {
    try {
      state.budget = refusion.budget(query);
    } catch (error) {
      engineError(error, BUDGET_MAP, "bCitizens");
    }
  }
  for (const [id, message] of errors) showError(id, message);
  if (!state.budget) {
    summary.hidden = false;
    summary.textContent = t().fixFields;
    $("budget-tables").replaceChildren();
    $("budget-chart").replaceChildren();
    $("payer-chart").replaceChildren();
    clearMonteCarlo();
  } else {
    summary.hidden = true;
    renderBudget(state.budget);
    scheduleMonteCarlo(query, run);
  }
  const mean = state.budget?.variants.find((v) => v.label === "mean");
  $("budget-status").textContent = mean ? t().budgetStatus(kr(mean.total_municipal_effect)) : t().fixFields;
}

// The Monte Carlo runs a moment after the last keystroke, so typing stays responsive.
/** How long after the last keystroke the Monte Carlo runs. */
const MC_DELAY_MS = 150;
let mcTimer = 0;
let mcQuery = null;

function scheduleMonteCarlo(query, run) {
  const { annual_costs: _ignored, ...budget } = query;
  const next = { budget, run };
  const key = JSON.stringify(next);
  if (state.mc && key === state.mcKey) {
    renderMonteCarlo(state.mc); // e.g. a change event after an input event, or a new language
    return;
  }
  state.mc = null;
  state.mcKey = key;
  mcQuery = next;
  $("mc-status").textContent = t().mcRunning;
  window.clearTimeout(mcTimer);
  mcTimer = window.setTimeout(runMonteCarlo, MC_DELAY_MS);
}

function runMonteCarlo() {
  if (!mcQuery) return;
  try {
    state.mc = refusion.monteCarlo(mcQuery);
    renderMonteCarlo(state.mc);
  } catch (error) {
    engineError(error, BUDGET_MAP, "bDraws");
    clearMonteCarlo();
    $("mc-status").textContent = t().fixFields;
  }
}

function clearMonteCarlo() {
  window.clearTimeout(mcTimer);
  mcQuery = null;
  state.mc = null;
  state.mcKey = "";
  $("mc-table").tBodies[0].replaceChildren();
  $("mc-chart").replaceChildren();
  $("mc-status").textContent = "";
  $("mc-ranges").textContent = "";
}

function renderMonteCarlo(mc) {
  const body = $("mc-table").tBodies[0];
  body.replaceChildren();
  const add = (label, band, cls) => {
    const tr = document.createElement("tr");
    if (cls) tr.className = cls;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = label;
    tr.append(th);
    for (const key of ["p5", "p50", "p95"]) {
      const td = document.createElement("td");
      td.textContent = amount(band[key]);
      td.dataset.key = key;
      tr.append(td);
    }
    body.append(tr);
  };
  for (const y of mc.years) add(String(y.year), y);
  add("Σ", mc.total, "total");
  fanChart($("mc-chart"), {
    points: mc.years.map((y) => ({ label: String(y.year), low: y.p5, mid: y.p50, high: y.p95 })),
    labels: [t().mcBand, t().mcMedian],
    label: t().mcChartLabel,
    fmt: chartFormat(),
  });
  $("mc-status").textContent = t().mcStatus(mc.draws, mc.seed, kr(mc.total.p5), kr(mc.total.p50), kr(mc.total.p95));
  // The ranges the engine drew from, as the result states them (illustrative assumptions).
  const range = (r, signed) => {
    const p = (n) => percent(String(n / 100));
    const sign = (n) => (signed && n > 0 ? "+" : "") + (n < 0 ? "−" + p(-n) : p(n));
    return `${sign(r.low)} … ${sign(r.high)}`;
  };
  const inputs = mc.inputs;
  $("mc-ranges").textContent = t().mcRanges({
    rate: range(inputs.rate_change_percent, true),
    stay: range(inputs.stay_change_percent, true),
    share: range(inputs.share_discharged_percent, false),
  });
}

// ------------------------------------------------------------------------------------------
// CSV
// ------------------------------------------------------------------------------------------

function csvCell(value) {
  const s = String(value ?? "");
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function download(name, rows) {
  const text = rows.map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
  const blob = new Blob([text], { type: "text/csv;charset=utf-8" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** The policy's rows: its preset and each override, as the engine takes them. */
function policyRows(prefix) {
  const p = state.policy;
  const rows = [[...prefix, "preset", p.spec.preset]];
  for (const [name, value] of Object.entries(p.spec.overrides)) rows.push([...prefix, `override.${name}`, value]);
  return rows;
}

function citizenCsv() {
  const r = state.citizen;
  if (!r) return;
  const rows = [["section", "pathway", "item", "value"]];
  const label = cleanLabel(fieldValue("label"));
  if (label) rows.push(["label", "", "", textCell(label)]);
  rows.push(...policyRows(["policy", ""]));
  for (const key of ["gross", "citizen_payment", "state_refusion", "municipal_net"]) {
    rows.push(["totals", "stay", key, r.stayResult.totals[key]]);
    rows.push(["totals", "support", key, r.support.totals[key]]);
  }
  rows.push(["break_even", "municipality", "night", r.be.municipality?.night ?? ""]);
  rows.push(["break_even", "public_sector", "night", r.be.public_sector?.night ?? ""]);
  for (const [pathway, res] of [["stay", r.stayResult], ["support", r.support]]) {
    for (const y of res.years) {
      for (const key of ["gross", "citizen_payment", "state_refusion", "municipal_net"]) rows.push([`year ${y.year}`, pathway, key, y[key]]);
    }
    for (const e of res.trace) rows.push(["trace", pathway, e.rule, traceText(e)]);
  }
  download("refusion-borger.csv", rows);
}

function budgetCsv() {
  const b = state.budget;
  if (!b) return;
  const label = cleanLabel(fieldValue("label"));
  const rows = label ? [["label", textCell(label)], []] : [];
  rows.push(["variant", "annual_cost", "year", "gross", "citizen_payment", "state_refusion", "municipal_net", "teams", "establishment", "municipal_effect", "present_value"]);
  for (const v of b.variants) {
    for (const y of v.years) {
      rows.push([v.label, v.annual_cost, y.year, y.effect.gross, y.effect.citizen_payment, y.effect.state_refusion, y.effect.municipal_net, y.teams, y.establishment, y.municipal_effect, y.present_value]);
    }
  }
  // The rules the budget was computed under, as a second block.
  rows.push([]);
  rows.push(["policy", "item", "value"]);
  rows.push(...policyRows(["policy"]));
  if (state.mc) {
    // The Monte Carlo band of the municipal effect, as the last block.
    rows.push([]);
    rows.push(["monte_carlo", "draws", "seed", "year", "p5", "p50", "p95", "min", "max"]);
    for (const y of [...state.mc.years, { year: "total", ...state.mc.total }]) {
      rows.push(["municipal_effect", state.mc.draws, state.mc.seed, y.year, y.p5, y.p50, y.p95, y.min, y.max]);
    }
  }
  download("refusion-budget.csv", rows);
}

// ------------------------------------------------------------------------------------------
// Start
// ------------------------------------------------------------------------------------------

function syncAge(source) {
  const admitted = parseDate(fieldValue("admitted"));
  if (source === "birth") {
    const birth = parseDate(fieldValue("birth"));
    if (birth && admitted) $("age").value = "";
  } else if (source === "age" && admitted) {
    const age = parseWhole(fieldValue("age"), 0, MAX_AGE);
    if (age !== null) $("birth").value = minusYears(admitted, age);
  }
}

function wire() {
  for (const id of CITIZEN_FIELDS) {
    const handler = id === "policy"
      ? onPolicyChange
      : () => {
        $("notice").hidden = true;
        if (id === "age" || id === "birth") syncAge(id);
        if (id === "admitted" && core.defaults) renderOwnHint();
        if (id === "decided" || id === "decidedOn") state.pinnedDecided = null;
        recomputeCitizen();
        writeUrl();
      };
    $(id).addEventListener("input", handler);
    $(id).addEventListener("change", handler);
  }
  for (const id of OVERRIDE_IDS) {
    $(id).addEventListener("input", onPolicyChange);
    $(id).addEventListener("change", onPolicyChange);
  }
  for (const id of BUDGET_FIELDS) {
    const handler = () => {
      $("notice").hidden = true;
      recomputeBudget();
      writeUrl();
    };
    $(id).addEventListener("input", handler);
    $(id).addEventListener("change", handler);
  }
  $("overrides-reset").addEventListener("click", resetOverrides);
  $("lang-toggle").addEventListener("click", () => {
    const before = DEFAULTS;
    state.lang = state.lang === "da" ? "en" : "da";
    DEFAULTS = defaultsFor(state.lang);
    // A default discount rate follows the language (decimal comma ↔ point); a typed one stays.
    if (fieldValue("bDiscount") === before.bDiscount) setField("bDiscount", DEFAULTS.bDiscount);
    applyLanguage();
    updatePolicy();
    recomputeCitizen();
    recomputeBudget();
    writeUrl();
  });
  $("csv-citizen").addEventListener("click", citizenCsv);
  $("csv-budget").addEventListener("click", budgetCsv);
  $("print").addEventListener("click", () => window.print());
}

async function start() {
  state.lang = urlLanguage();
  applyLanguage();
  try {
    await init();
    core.defaults = refusion.defaults();
    core.catalog = refusion.catalog();
    core.ownSteps = refusion.policy("statutory").parameters
      .find((p) => p.name === "own_payment_reference")?.steps ?? [];
  } catch (_error) {
    $("status").textContent = t().loadFailed;
    return;
  }
  buildOverrideFields();
  VALID = validators();
  const { values, rejected } = readUrl();
  state.lang = values.lang;
  DEFAULTS = defaultsFor(state.lang);
  applyLanguage();
  for (const key of [...CITIZEN_FIELDS, ...BUDGET_FIELDS, ...OVERRIDE_KEYS]) setField(key, values[key]);
  renderOwnHint();
  if (values.age !== "") syncAge("age");
  // A link with both a decision date and the checkbox: the engine checks that they agree.
  if (values.decidedOn !== "" && new URLSearchParams(window.location.search).has("decided") && !rejected.includes("decided")) {
    state.pinnedDecided = values.decided === "1";
  }
  if (OVERRIDE_KEYS.some((k) => values[k] !== "")) $("rules-details").open = true;
  $("version").textContent = refusion.version();
  if (rejected.length > 0) {
    $("notice").hidden = false;
    $("notice").textContent = t().urlNotice(rejected.map((k) => labelText(k)).join(", "));
  }
  $("status").hidden = true;
  wire();
  updatePolicy();
  recomputeCitizen();
  recomputeBudget();
  writeUrl();
  document.body.dataset.ready = "1";
}

start();
