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
 * (the M-ACT cost, the discount rate) and the illustrative defaults no source gives (the team
 * size, the citizens a team supports at one time, the establishment cost, the share discharged)
 * are filled in from the engine by `defaultsFor` (null here keeps their place in a link).
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
  bPolicy: "statutory",
  bCompare: "step-2026",
  bCitizens: "20",
  bShare: null,
  bStay: "180",
  bRate: "1400",
  bOwn: "100",
  bTeam: null,
  bCaseload: null,
  bEstablishment: null,
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
const BUDGET_FIELDS = ["bPolicy", "bCompare", "bCitizens", "bShare", "bStay", "bRate", "bOwn", "bTeam", "bCaseload", "bEstablishment", "bFirst", "bHorizon", "bDiscount", "bDraws", "bSeed"];

/** What the engine says about itself, read once after init(). */
const core = { defaults: null, catalog: null, ownSteps: [], labels: {} };

/**
 * `pinnedDecided`: the checkbox's value from a link that also gives a decision date, sent beside
 * the date so that the engine reports a disagreement (`conflicting_fields`) instead of the page
 * silently letting the date win. Null once the user touches either field: from then on the
 * checkbox follows the date.
 */
const state = { lang: "da", citizen: null, budget: null, compare: null, mc: null, policy: null, budgetPolicy: null, pinnedDecided: null };
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

/** An illustrative default of the engine (a default no source gives), by its query name. */
const illustrative = (name) => core.defaults.illustrative.find((i) => i.name === name);

/** A plain decimal ("4.5") as typed in `lang` ("4,5" in Danish); not money. */
const decimalField = (value, lang) => (lang === "da" ? value.replace(".", ",") : value);

/** The page's defaults in `lang` (the order is the order of keys in a shared link). */
function defaultsFor(lang) {
  const d = core.defaults;
  const fill = {
    bTeam: decimalField(illustrative("team_size_fte").value, lang),
    bCaseload: illustrative("caseload").value,
    bEstablishment: illustrative("establishment_cost_per_team").value,
    // The share as a whole percentage, as the engine shows it ("70 %" → "70").
    bShare: illustrative("share_discharged").shown[lang].replace(/\s*%$/, ""),
  };
  const values = {};
  for (const [key, value] of Object.entries(EXAMPLE)) {
    values[key] = value ?? fill[key];
    if (key === "method") values.annual = d.m_act.mean;
    if (key === "bHorizon") values.bDiscount = percentField(lang);
  }
  for (const key of OVERRIDE_KEYS) values[key] = "";
  return values;
}

const presetNames = () => core.defaults.presets.map((p) => p.name);
/** A preset's plain name, as the engine gives it ("Gældende regler"). */
const presetTitle = (name, lang = state.lang) => core.defaults.presets.find((p) => p.name === name)?.title[lang] ?? name;
/** A ready comparison by name (`step-2026`, `reform`). */
const comparisonOf = (name) => core.defaults.comparisons.find((c) => c.name === name) ?? null;

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
    bPolicy: (v) => presetNames().includes(v),
    bCompare: (v) => v === "" || comparisonOf(v) !== null,
    bCitizens: (v) => parseWhole(v, 0, 100000) !== null,
    bShare: (v) => parseWhole(v, 0, 100) !== null,
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
  // The overrides must also make a valid policy together, with the citizen's and the budget's
  // preset: drop the one the engine names until they do.
  for (let i = 0; i <= OVERRIDES.length; i += 1) {
    const valueOf = (o) => values[`o.${o.name}`];
    const error = policyFrom(values.policy, valueOf).error ?? policyFrom(values.bPolicy, valueOf).error;
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
  const invalid = new Set([...(state.policy?.errors ?? []), ...(state.budgetPolicy?.errors ?? [])].map(([id]) => id));
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
  if (core.defaults) {
    renderSelects();
    renderCoreTexts();
  }
}

/** The order of the presets in the selects (any other preset goes before the last). */
const PRESET_ORDER = ["statutory", "reform-2023", "pre-reform", "age-26"];

/** Fills a select with [value, text] options, keeping its value (built once, renamed after). */
function fillSelect(select, options) {
  const value = select.value;
  if (select.options.length !== options.length || options.some(([v], i) => select.options[i].value !== v)) {
    select.replaceChildren(...options.map(([v]) => {
      const option = document.createElement("option");
      option.value = v;
      return option;
    }));
  }
  options.forEach(([, text], i) => { select.options[i].textContent = text; });
  if (options.some(([v]) => v === value)) select.value = value;
}

/**
 * The rule-set selects (the citizen's and the budget's) list the engine's presets by their plain
 * titles; the comparison select lists the engine's ready comparisons by their questions.
 */
function renderSelects() {
  const lang = state.lang;
  // The rules in force first, the readings to compare with after them, the spoken source last.
  const rank = (name) => {
    const i = PRESET_ORDER.indexOf(name);
    return i === -1 ? PRESET_ORDER.length - 1 : i;
  };
  const presets = [...core.defaults.presets].sort((a, b) => rank(a.name) - rank(b.name));
  const options = presets.map((p) => [p.name, p.title[lang]]);
  fillSelect($("policy"), options);
  fillSelect($("bPolicy"), options);
  // The 2026 step first: the question asked first.
  const comparisons = [...core.defaults.comparisons].sort((a, b) => (b.name === "step-2026") - (a.name === "step-2026"));
  fillSelect($("bCompare"), [...comparisons.map((c) => [c.name, c.title[lang]]), ["", t().compareNone]]);
}

/**
 * A text of the engine with `code` in backticks (e.g. a command) as text and <code> nodes, never
 * as markup.
 */
function codeParts(text) {
  return String(text).split("`").map((part, i) => {
    if (i % 2 === 0) return document.createTextNode(part);
    const code = document.createElement("code");
    code.textContent = part;
    return code;
  });
}

/** Upper-cases the first letter (an engine's description begins in lower case). */
const capital = (text) => String(text).charAt(0).toUpperCase() + String(text).slice(1);

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
  $("budget-signs").textContent = L.budgetSigns;
  $("teams-note").textContent = L.teamsNote;
  $("amount-rule").textContent = d.amount_rule[lang];
  // The policy help: each preset's plain title and description as the engine writes them.
  const help = $("policy-help");
  help.replaceChildren();
  for (const option of $("policy").options) {
    const preset = d.presets.find((p) => p.name === option.value);
    if (!preset) continue;
    const name = document.createElement("strong");
    name.textContent = `${preset.title[lang]}: `;
    help.append(name, document.createTextNode(`${preset.description[lang]} `));
  }
  // The defaults no source gives: what they are, their value, and why they are illustrative.
  for (const [id, name] of [["bShare", "share_discharged"], ["bTeam", "team_size_fte"], ["bCaseload", "caseload"], ["bEstablishment", "establishment_cost_per_team"]]) {
    const i = illustrative(name);
    // The description, unless the field's label already says it.
    const same = i.description[lang].toLowerCase() === L[$(id).labels[0]?.dataset.i18n ?? ""]?.toLowerCase?.();
    $(`${id}-hint`).replaceChildren(...codeParts(L.illustrativeHint({ description: same ? "" : capital(i.description[lang]), shown: i.shown[lang], basis: i.basis[lang] })));
  }
  renderBudgetChoices();
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
        // A rule of the README's table by its id (R1 …); another (a reading) by what it says.
        return /^R\d+$/.test(use.name) ? L.uses.rule(use.name, rules[use.name]?.[lang] ?? "") : rules[use.name]?.[lang] ?? use.name;
      case "preset":
        return L.uses.preset(presetTitle(use.name));
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

/**
 * Reads the two rule-set selects (the citizen's, the budget's) and the override fields, which
 * apply to both; shows their errors and the rules.
 */
function updatePolicy() {
  clearErrors(["policy", "bPolicy", ...OVERRIDE_IDS]);
  const valueOf = (o) => fieldValue(`o.${o.name}`);
  const result = policyFrom(fieldValue("policy"), valueOf);
  // An error of the policy as a whole belongs to the select it came from.
  const budget = policyFrom(fieldValue("bPolicy"), valueOf);
  budget.errors = budget.errors.map(([id, message]) => [id === "policy" ? "bPolicy" : id, message]);
  const shown = new Set();
  for (const [id, message] of [...result.errors, ...budget.errors]) {
    if (shown.has(id)) continue;
    shown.add(id);
    showError(id, message);
  }
  state.policy = result;
  state.budgetPolicy = budget;
  renderBudgetChoices();
  renderRules();
}

/** The hints of the budget's rule set and comparison: the engine's descriptions. */
function renderBudgetChoices() {
  if (!core.defaults) return;
  const lang = state.lang;
  const preset = core.defaults.presets.find((p) => p.name === fieldValue("bPolicy"));
  $("bPolicy-hint").textContent = preset ? preset.description[lang] : "";
  const c = comparisonOf(fieldValue("bCompare"));
  $("bCompare-hint").textContent = c ? c[lang] : t().compareNoneHint;
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
  const presetName = presetTitle(base.preset);
  const budgetPreset = state.budgetPolicy?.base.preset ?? base.preset;
  $("rules-preset").textContent = L.rulesPreset(presetName, base.preset_description[lang])
    + (budgetPreset !== base.preset ? L.rulesBudgetPreset(presetTitle(budgetPreset)) : "");

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
  const noteFor = (preset, errors) => (changed.length && !errors.length
    ? L.overridesNote(presetTitle(preset), changed.map((o) => L.overrideItem(L.overrides[o.name] ?? o.name, overrideShown(o, p.overrides[o.name]))).join("; "))
    : "");
  const note = noteFor(base.preset, p.errors);
  const budgetNote = state.budgetPolicy ? noteFor(budgetPreset, state.budgetPolicy.errors) : note;
  for (const [id, text] of [["rules-note", note], ["citizen-rules-note", note], ["budget-rules-note", budgetNote]]) {
    $(id).textContent = text;
    $(id).hidden = text === "";
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
  const supportScenario = {
    name: named(t().pathwaySupport),
    policy: input.policy,
    citizen: { birth_date: input.birth },
    shelter_stays: [{ admitted: input.admitted, discharged: discharge, daily_rate: input.rate, own_payment_per_night: input.own }],
    home_support: [{ method: input.method, start: discharge, end: be.horizon_end, annual_cost: input.annual, ...decision }],
  };
  const support = refusion.evaluate(supportScenario);
  const step = stepComparison(stay, supportScenario);
  return { input, stayResult, stayCurve, be, support, discharge, decided, step };
}

/**
 * What the 2026 step costs for this citizen: both pathways under the ready comparison's base
 * and policy presets (as they are, without the page's overrides), compared by the engine
 * (policy − base). Null when the engine has no such comparison.
 */
function stepComparison(stay, support) {
  const c = comparisonOf("step-2026");
  if (!c) return null;
  const under = (scenario, preset) => ({ ...scenario, policy: preset });
  return {
    comparison: c,
    stay: refusion.compare(under(stay, c.base), under(stay, c.policy)),
    support: refusion.compare(under(support, c.base), under(support, c.policy)),
  };
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

/** A table head: a name and, on a line of its own, the period it covers. */
function headWithPeriod(th, name, period) {
  const small = document.createElement("span");
  small.className = "period";
  small.textContent = period;
  th.replaceChildren(document.createTextNode(name), document.createElement("br"), small);
}

/**
 * The headline: when the state's refund of the stay stops (where the engine's explanation says
 * the cap is reached) and from which night discharge to support is cheaper.
 */
function citizenHeadline(r) {
  const L = t();
  const nights = r.stayResult.nights;
  const cap = r.stayResult.trace.find((e) => e.kind === "shelter_cap_reached");
  let text;
  if (cap) {
    text = L.headlineCap({
      cap: cap.parameter?.value ?? String(cap.facts?.cap?.nights ?? ""),
      // The engine's spans are half-open: the last refunded night is the night before.
      last: date(addDays(cap.start, -1)),
      first: date(cap.start),
      unrefunded: L.nights(cap.nights),
    });
  } else if (nights.shelter_refunded_nights === nights.shelter_nights) {
    text = L.headlineAll(L.nights(nights.shelter_nights));
  } else {
    text = L.headlineSome(nights.shelter_refunded_nights, L.nights(nights.shelter_nights));
  }
  const m = r.be.municipality;
  return text + (m ? L.headlineBreakEven(m.night, date(m.date)) : L.headlineNoBreakEven);
}

/** The 2026 step for this citizen: a sentence and a table, every figure from the engine. */
function renderStep(r) {
  const L = t();
  const body = $("step-table").tBodies[0];
  body.replaceChildren();
  const step = r.step;
  if (!step) {
    $("step-summary").textContent = "";
    $("step-note").textContent = "";
    return;
  }
  const base = presetTitle(step.comparison.base);
  const policy = presetTitle(step.comparison.policy);
  $("th-step-base").textContent = base;
  $("th-step-policy").textContent = policy;
  const rows = [
    ["stepRowStayRefund", step.stay, "state_refusion", "stay-refund"],
    ["stepRowStayNet", step.stay, "municipal_net", "stay-net"],
    ["stepRowSupportNet", step.support, "municipal_net", "support-net"],
  ];
  for (const [label, c, key, id] of rows) {
    const tr = document.createElement("tr");
    tr.dataset.row = id;
    if (key === "municipal_net") tr.className = "total";
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = L[label];
    tr.append(th);
    for (const [value, cls] of [[c.a.evaluation.totals[key], "base"], [c.b.evaluation.totals[key], "policy"], [c.difference[key], "difference"]]) {
      const td = document.createElement("td");
      td.textContent = kr(value);
      td.dataset.key = cls;
      tr.append(td);
    }
    body.append(tr);
  }
  $("step-summary").textContent = L.stepSummary({
    stay: kr(step.stay.difference.municipal_net),
    stayRefund: kr(step.stay.difference.state_refusion),
    support: kr(step.support.difference.municipal_net),
  });
  $("step-note").textContent = L.stepNote(policy, base);
}

function renderCitizen(r) {
  const L = t();
  const years = core.defaults.support_years.shown[state.lang];
  // The column heads: what each pathway covers, as the engine counts it.
  headWithPeriod($("th-stay"), L.pathwayStay, L.periodStay({ from: date(r.input.admitted), to: date(r.input.planned) }));
  headWithPeriod($("th-support"), L.pathwaySupport, L.periodSupport({
    nights: L.nights(r.support.nights.shelter_nights),
    from: date(r.discharge),
    to: date(r.be.horizon_end),
  }));
  $("night-rule").textContent = L.nightRule({
    stayFrom: date(r.input.admitted),
    stayTo: date(r.input.planned),
    stayNights: L.nights(r.stayResult.nights.shelter_nights),
    supportFrom: date(r.discharge),
    supportTo: date(r.be.horizon_end),
    supportDays: L.days(r.support.nights.support_days),
    years,
  });
  $("citizen-headline").textContent = citizenHeadline(r);
  renderStep(r);
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
  // The recompute time is kept for the tests (not shown: a developer's detail).
  document.body.dataset.recomputeMs = (performance.now() - started).toFixed(2);
}

function clearCitizenOutputs() {
  const L = t();
  $("split-table").tBodies[0].replaceChildren();
  $("th-stay").textContent = L.pathwayStay;
  $("th-support").textContent = L.pathwaySupport;
  $("citizen-headline").textContent = "";
  $("night-rule").textContent = "";
  $("step-table").tBodies[0].replaceChildren();
  $("step-summary").textContent = "";
  $("step-note").textContent = "";
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
  ["share_discharged", "bShare"],
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
  // The budget's policy: an override's field, else the budget's own select.
  ...OVERRIDES.map((o) => [`policy.overrides.${o.name}`, `o-${o.name}`]),
  ["policy", "bPolicy"],
  ["base", "bCompare"],
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
    policy: state.budgetPolicy.spec,
    citizens_per_year: need("bCitizens", (v) => parseWhole(v, 0, 100000), L.errWhole(0, 100000)),
    // A whole percentage, read by the engine as a rate ("70" → "0.7").
    share_discharged: need("bShare", (v) => (parseWhole(v, 0, 100) === null ? null : rateOf(v)), L.errWhole(0, 100)),
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

/** FTE as the engine writes it ("9.0"), typed the page language's way ("9,0"); not money. */
const fteShown = (fte) => decimalField(String(fte ?? ""), state.lang);

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
    // What the M-ACT price implies per FTE of the team (the engine's cost_per_fte).
    caption.textContent = L.budgetTableCaption(labelOf[v.label] ?? v.label, kr(v.annual_cost), v.cost_per_fte ? kr(v.cost_per_fte) : null);
    if (v.cost_per_fte) caption.dataset.costPerFte = v.cost_per_fte;
    table.append(caption);
    const head = document.createElement("thead");
    const hr = document.createElement("tr");
    for (const h of [L.year, L.effectGross, L.effectCitizen, L.effectState, L.effectMunicipal, L.teams, L.fte, L.establishmentCol, L.municipalEffect, L.presentValue]) {
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
      row([String(y.year), amount(y.effect.gross), amount(y.effect.citizen_payment), amount(y.effect.state_refusion), amount(y.effect.municipal_net), String(y.teams), fteShown(y.fte), amount(y.establishment), amount(y.municipal_effect), amount(y.present_value)]);
    }
    row(["Σ", amount(v.total_effect.gross), amount(v.total_effect.citizen_payment), amount(v.total_effect.state_refusion), amount(v.total_effect.municipal_net), "", "", "", amount(v.total_municipal_effect), amount(v.total_present_value)], "total");
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
  state.compare = null;
  if (errors.length === 0 && state.budgetPolicy.errors.length === 0) {
    try {
      state.budget = refusion.budget(query);
      state.compare = readyComparison(query);
    } catch (error) {
      state.budget = null;
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
    renderComparison(null);
    clearMonteCarlo();
  } else {
    summary.hidden = true;
    renderBudget(state.budget);
    renderComparison(state.compare);
    scheduleMonteCarlo(query, run);
  }
  const mean = state.budget?.variants.find((v) => v.label === "mean");
  $("budget-status").textContent = mean ? t().budgetStatus(kr(mean.total_municipal_effect)) : t().fixFields;
  syncXlsxButtons();
}

/**
 * The ready comparison chosen in the budget: the budget's citizens as they are today under the
 * comparison's policy and base presets (as they are, without the page's overrides), by the
 * engine (policy − base). Null for "no comparison".
 */
function readyComparison(query) {
  const c = comparisonOf(fieldValue("bCompare"));
  if (!c) return null;
  return { comparison: c, result: refusion.budgetPolicyComparison({ ...query, policy: c.policy }, c.base) };
}

function renderComparison(compare) {
  const holder = $("budget-compare");
  const body = $("compare-table").tBodies[0];
  body.replaceChildren();
  holder.hidden = compare === null;
  if (compare === null) return;
  const L = t();
  const lang = state.lang;
  const { comparison: c, result: r } = compare;
  const base = presetTitle(r.base);
  const policy = presetTitle(r.policy);
  $("compare-heading").textContent = c.title[lang];
  $("compare-intro").textContent = L.compareIntro({ description: c[lang] });
  $("th-compare-base").textContent = L.compareBase(base);
  $("th-compare-policy").textContent = L.comparePolicy(policy);
  const row = (label, b, p, d, cls) =>
    body.append(amountRow(label, [[b.municipal_net, "base"], [p.municipal_net, "policy"], [d.municipal_net, "difference"], [d.state_refusion, "state"]], cls));
  for (const y of r.years) row(String(y.year), y.base, y.policy, y.difference);
  row("Σ", r.base_totals, r.policy_totals, r.difference, "total");
  $("compare-signs").textContent = L.compareSigns(policy, base);
  const overridden = Object.keys(state.budgetPolicy?.spec.overrides ?? {}).length > 0;
  $("compare-note").textContent = L.compareNote;
  $("compare-note").hidden = !overridden;
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
  syncXlsxButtons();
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
  syncXlsxButtons();
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
  $("mc-story").textContent = "";
  syncXlsxButtons();
}

/** A table row: a row header and amount cells, each `[decimal string, data-key]`. */
function amountRow(label, cells, cls) {
  const tr = document.createElement("tr");
  if (cls) tr.className = cls;
  const th = document.createElement("th");
  th.scope = "row";
  th.textContent = label;
  tr.append(th);
  for (const [value, key] of cells) {
    const td = document.createElement("td");
    td.textContent = amount(value);
    td.dataset.key = key;
    tr.append(td);
  }
  return tr;
}

function renderMonteCarlo(mc) {
  const body = $("mc-table").tBodies[0];
  body.replaceChildren();
  const add = (label, band, cls) =>
    body.append(amountRow(label, ["p5", "p50", "p95"].map((key) => [band[key], key]), cls));
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
    basis: illustrative("uncertain.rate_change_percent")?.basis[state.lang] ?? "",
  });
  // The table's total next to the median, with why the two can differ.
  const mean = state.budget?.variants.find((v) => v.label === "mean");
  const story = $("mc-story");
  if (mean) {
    const cost = inputs.support_cost;
    story.textContent = t().mcStory({
      table: kr(mean.total_municipal_effect),
      median: kr(mc.total.p50),
      share: percent(String(state.budget.share_discharged_percent / 100)),
      low: krWhole(cost.low),
      mode: krWhole(cost.mode),
      high: krWhole(cost.high),
    });
    story.dataset.table = mean.total_municipal_effect;
    story.dataset.median = mc.total.p50;
  } else {
    story.textContent = "";
  }
}

// ------------------------------------------------------------------------------------------
// CSV
// ------------------------------------------------------------------------------------------

// Both files go through the engine's CSV writer (refusion.writeCsv): `da` for Danish Excel
// (";", a decimal comma, Danish headers, a BOM) and `en` (",", a decimal point, the column keys).
// The writer guards every text cell a spreadsheet would run as a formula (OWASP), such as a
// label typed by the user. Amounts stay the engine's plain decimals; the writer spells them.

/** The dialect of a download: the page's language, or the other one (the second button). */
const dialectOf = (other) => ((state.lang === "da") !== other ? "da" : "en");

function download(name, text, type = "text/csv;charset=utf-8") {
  const blob = new Blob([text], { type });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/**
 * The words of a CSV in a dialect: in `da` the engine's Danish column labels and the page's
 * Danish names, in `en` the keys as they are.
 */
function csvWords(dialect) {
  const da = dialect === "da";
  const W = TEXT.da.csv;
  return {
    da,
    /** A header row of column keys. */
    header: (keys) => (da ? keys.map((k) => core.labels[k]?.da ?? k) : keys),
    /** A column's key as a value in a cell (e.g. the payer of a row). */
    key: (k) => (da ? core.labels[k]?.da ?? k : k),
    /** One of the page's own words (`W` in Danish, the key in English). */
    word: (k, en = k) => (da ? W[k] : en),
    year: (y) => (da ? W.year(y) : `year ${y}`),
    variant: (v) => (da ? W.variants[v] ?? v : v),
    override: (name) => (da ? `${W.override}: ${TEXT.da.overrides[name] ?? name}` : `override.${name}`),
    preset: (name) => (da ? presetTitle(name, "da") : name),
  };
}

/** The rows of a policy: its preset and each override, as the engine takes them. */
function policyRows(p, prefix, w) {
  const rows = [[...prefix, w.da ? w.word("policy") : "preset", w.preset(p.spec.preset)]];
  for (const [name, value] of Object.entries(p.spec.overrides)) rows.push([...prefix, w.override(name), String(value)]);
  return rows;
}

function citizenCsv(other) {
  const r = state.citizen;
  if (!r) return;
  const dialect = dialectOf(other);
  const w = csvWords(dialect);
  const rows = [];
  const label = cleanLabel(fieldValue("label"));
  if (label) rows.push([w.word("label"), "", "", label]);
  rows.push(...policyRows(state.policy, [w.word("policy"), ""], w));
  const pathway = (k) => w.word(k);
  for (const key of ["gross", "citizen_payment", "state_refusion", "municipal_net"]) {
    rows.push([w.word("totals"), pathway("stay"), w.key(key), r.stayResult.totals[key]]);
    rows.push([w.word("totals"), pathway("support"), w.key(key), r.support.totals[key]]);
  }
  rows.push([w.word("breakEven", "break_even"), w.word("municipality"), w.word("night"), String(r.be.municipality?.night ?? "")]);
  rows.push([w.word("breakEven", "break_even"), w.word("publicSector", "public_sector"), w.word("night"), String(r.be.public_sector?.night ?? "")]);
  for (const [k, res] of [["stay", r.stayResult], ["support", r.support]]) {
    for (const y of res.years) {
      for (const key of ["gross", "citizen_payment", "state_refusion", "municipal_net"]) rows.push([w.year(y.year), pathway(k), w.key(key), y[key]]);
    }
    for (const e of res.trace) rows.push([w.word("trace"), pathway(k), e.rule, traceText(e)]);
  }
  download("refusion-borger.csv", refusion.writeCsv(["section", "pathway", "item", "value"], rows, dialect));
}

function budgetCsv(other) {
  const b = state.budget;
  if (!b) return;
  const dialect = dialectOf(other);
  const w = csvWords(dialect);
  const label = cleanLabel(fieldValue("label"));
  const rows = label ? [[w.word("label", "label"), label], []] : [];
  rows.push(w.header(["variant", "annual_cost", "year", "gross", "citizen_payment", "state_refusion", "municipal_net", "teams", "fte", "establishment", "municipal_effect", "present_value"]));
  for (const v of b.variants) {
    for (const y of v.years) {
      rows.push([w.variant(v.label), v.annual_cost, String(y.year), y.effect.gross, y.effect.citizen_payment, y.effect.state_refusion, y.effect.municipal_net, String(y.teams), String(y.fte), y.establishment, y.municipal_effect, y.present_value]);
    }
  }
  // The rules the budget was computed under, as a second block.
  rows.push([]);
  rows.push(w.da ? [w.word("policy"), core.labels.item?.da ?? "item", core.labels.value?.da ?? "value"] : ["policy", "item", "value"]);
  rows.push(...policyRows(state.budgetPolicy, [w.word("policy")], w));
  if (state.compare) {
    // The ready comparison (the status quo under two rule sets), policy − base.
    const r = state.compare.result;
    rows.push([]);
    rows.push(w.header(["year", "policy", "base", "base_municipal_net", "policy_municipal_net", "difference_municipal_net", "difference_state_refusion"]));
    const line = (year, base, policy, d) => [year, w.preset(r.policy), w.preset(r.base), base.municipal_net, policy.municipal_net, d.municipal_net, d.state_refusion];
    for (const y of r.years) rows.push(line(String(y.year), y.base, y.policy, y.difference));
    rows.push(line(w.word("total", "total"), r.base_totals, r.policy_totals, r.difference));
  }
  if (state.mc) {
    // The Monte Carlo band of the municipal effect, as the last block.
    rows.push([]);
    rows.push([w.word("monteCarlo", "monte_carlo"), ...w.header(["draws", "seed", "year", "p5", "p50", "p95", "min", "max"])]);
    for (const y of [...state.mc.years, { year: w.word("total", "total"), ...state.mc.total }]) {
      rows.push([w.key("municipal_effect"), String(state.mc.draws), String(state.mc.seed), String(y.year), y.p5, y.p50, y.p95, y.min, y.max]);
    }
  }
  download("refusion-budget.csv", refusion.writeCsv([], rows, dialect));
}

// ------------------------------------------------------------------------------------------
// XLSX
// ------------------------------------------------------------------------------------------

// The budget, its ready comparison and its Monte Carlo band as workbooks, written by the engine
// (refusion-xlsx through budgetWorkbook, policyComparisonWorkbook, monteCarloWorkbook) from the
// very objects the page shows, in the page's language. Money stays the engine's decimals.

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The three workbook buttons: [id, i18n key, file name, the result now, the engine's writer]. */
const XLSX_DOWNLOADS = [
  ["xlsx-budget", "downloadXlsxBudget", "refusion-budget.xlsx", () => state.budget, (r, lang) => refusion.budgetWorkbook(r, lang)],
  ["xlsx-compare", "downloadXlsxCompare", "refusion-budget-sammenligning.xlsx", () => state.compare?.result ?? null, (r, lang) => refusion.policyComparisonWorkbook(r, lang)],
  ["xlsx-mc", "downloadXlsxMc", "refusion-budget-usikkerhed.xlsx", () => state.mc, (r, lang) => refusion.monteCarloWorkbook(r, lang)],
];

/**
 * Puts the workbook buttons beside the budget's CSV buttons (built here, so the markup stays
 * as it is), with a line for a writer's error after them. Their labels follow the language
 * through data-i18n.
 */
function buildXlsxButtons() {
  const row = $("csv-budget-alt").parentElement;
  row.classList.add("budget-downloads");
  for (const [id, key] of XLSX_DOWNLOADS) {
    const button = document.createElement("button");
    button.type = "button";
    button.id = id;
    button.dataset.i18n = key;
    button.textContent = TEXT.da[key];
    row.append(" ", button);
  }
  const error = document.createElement("p");
  error.id = "xlsx-error";
  error.className = "summary-error";
  error.setAttribute("role", "alert");
  error.hidden = true;
  row.after(error);
}

/** Shows the comparison's button only with a comparison; the others wait for their result. */
function syncXlsxButtons() {
  $("xlsx-budget").disabled = !state.budget;
  $("xlsx-compare").hidden = !state.compare;
  $("xlsx-compare").disabled = !state.compare;
  $("xlsx-mc").disabled = !state.mc;
}

function downloadXlsx(id) {
  const [, , name, result, write] = XLSX_DOWNLOADS.find(([key]) => key === id);
  const error = $("xlsx-error");
  error.hidden = true;
  const r = result();
  if (!r) return;
  try {
    download(name, write(r, state.lang), XLSX_TYPE);
  } catch (e) {
    error.textContent = t().xlsxFailed(engineMessage(e, ""));
    error.hidden = false;
  }
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
      // The budget's rule set is checked with the overrides (and named in the rules section).
      if (id === "bPolicy") updatePolicy();
      if (id === "bCompare") renderBudgetChoices();
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
    // A default discount rate or team size follows the language (decimal comma ↔ point); a
    // typed one stays.
    for (const key of ["bDiscount", "bTeam"]) if (fieldValue(key) === before[key]) setField(key, DEFAULTS[key]);
    applyLanguage();
    updatePolicy();
    recomputeCitizen();
    recomputeBudget();
    writeUrl();
  });
  $("csv-citizen").addEventListener("click", () => citizenCsv(false));
  $("csv-citizen-alt").addEventListener("click", () => citizenCsv(true));
  $("csv-budget").addEventListener("click", () => budgetCsv(false));
  $("csv-budget-alt").addEventListener("click", () => budgetCsv(true));
  for (const [id] of XLSX_DOWNLOADS) $(id).addEventListener("click", () => downloadXlsx(id));
  $("print").addEventListener("click", () => window.print());
}

async function start() {
  state.lang = urlLanguage();
  buildXlsxButtons();
  syncXlsxButtons();
  applyLanguage();
  try {
    await init();
    core.defaults = refusion.defaults();
    core.catalog = refusion.catalog();
    core.ownSteps = refusion.policy("statutory").parameters
      .find((p) => p.name === "own_payment_reference")?.steps ?? [];
    core.labels = Object.fromEntries(refusion.columnLabels().map((l) => [l.key, l]));
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
