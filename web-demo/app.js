// The budget calculator. All arithmetic happens in the refusion engine (WebAssembly); this
// file reads the fields, calls the engine, and shows the results. User text is only ever set
// with textContent, never as HTML.

import init, * as refusion from "./pkg/refusion_wasm.js";
import { TEXT } from "./i18n.js";
import { barChart, COLORS, fanChart, lineChart } from "./chart.js";
import {
  AMOUNT_RULE, addDays, dayBefore, formatAmount, formatDate, formatKr, minusYears,
  parseAmount, parseDate, parseWhole,
} from "./format.js";

const DEFAULTS = {
  lang: "da",
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
  decided: "1",
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
  bDiscount: "3.5",
  bDraws: "1000",
  bSeed: "1",
};

/** An amount the engine can take: parsed, below 10^15 kr. and with at most 6 decimals. */
function engineAmount(text) {
  const a = parseAmount(text);
  return a !== null && /^-?\d{1,15}(\.\d{1,6})?$/.test(a) ? a : null;
}

// How each URL parameter is checked before it is trusted.
const VALID = {
  lang: (v) => v === "da" || v === "en",
  label: (v) => cleanLabel(v) === v && v.length <= LABEL_MAX,
  birth: (v) => parseDate(v) !== null,
  age: (v) => v === "" || parseWhole(v, 0, 120) !== null,
  admitted: (v) => parseDate(v) !== null,
  planned: (v) => parseDate(v) !== null,
  rate: (v) => engineAmount(v) !== null,
  own: (v) => engineAmount(v) !== null,
  method: (v) => ["m-act", "act", "icm", "cti", "other"].includes(v),
  annual: (v) => engineAmount(v) !== null,
  nightsBefore: (v) => parseWhole(v, 1, 3650) !== null,
  decided: (v) => v === "0" || v === "1",
  policy: (v) => ["statutory", "age-26", "pre-reform"].includes(v),
  bCitizens: (v) => parseWhole(v, 0, 100000) !== null,
  bStay: (v) => parseWhole(v, 1, 3660) !== null,
  bRate: (v) => engineAmount(v) !== null,
  bOwn: (v) => engineAmount(v) !== null,
  bTeam: (v) => engineAmount(v) !== null,
  bCaseload: (v) => parseWhole(v, 1, 100000) !== null,
  bEstablishment: (v) => engineAmount(v) !== null,
  bFirst: (v) => parseWhole(v, 1901, 9980) !== null,
  bHorizon: (v) => parseWhole(v, 1, 10) !== null,
  bDiscount: (v) => percentToRate(v) !== null,
  bDraws: (v) => parseWhole(v, 1, 10000) !== null,
  bSeed: (v) => parseWhole(v, 0, 9999999) !== null,
};

const CITIZEN_FIELDS = ["label", "birth", "age", "admitted", "planned", "rate", "own", "method", "annual", "nightsBefore", "decided", "policy"];
const BUDGET_FIELDS = ["bCitizens", "bStay", "bRate", "bOwn", "bTeam", "bCaseload", "bEstablishment", "bFirst", "bHorizon", "bDiscount", "bDraws", "bSeed"];

/** The longest label (the field's maxlength). */
const LABEL_MAX = 120;

/** A label as shown: control characters become spaces, and the ends are trimmed. */
function cleanLabel(text) {
  return String(text ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").trim();
}

/** A user's text as a CSV cell that a spreadsheet will not run as a formula (OWASP). */
function textCell(text) {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A percentage typed by a user ("3,5" or "3.5", 0–100) as an exact rate string ("0.035"). */
function percentToRate(text) {
  const amount = parseAmount(text);
  if (amount === null || amount.startsWith("-")) return null;
  const [whole, frac = ""] = amount.split(".");
  if (frac.length > 6 || Number(whole) > 100) return null;
  const digits = `${whole.padStart(3, "0")}${frac}`;
  const cut = digits.length - frac.length - 2;
  const rate = `${digits.slice(0, cut)}.${digits.slice(cut)}`.replace(/^0+(?=\d)/, "").replace(/\.?0+$/, "");
  if (rate === "" || rate === ".") return "0";
  return rate.startsWith(".") ? `0${rate}` : rate;
}

const state = { lang: "da", citizen: null, budget: null, mc: null };
const $ = (id) => document.getElementById(id);
const t = () => TEXT[state.lang];

// ------------------------------------------------------------------------------------------
// URL state
// ------------------------------------------------------------------------------------------

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  const values = { ...DEFAULTS };
  const rejected = [];
  for (const [key, value] of params) {
    // Own keys only: `__proto__`, `constructor` or `toString` in a link are ignored like
    // tracking parameters, not looked up on Object.prototype.
    if (!Object.hasOwn(VALID, key)) continue;
    if (VALID[key](value)) values[key] = value;
    else rejected.push(key);
  }
  return { values, rejected };
}

function writeUrl() {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULTS)) {
    const value = key === "lang" ? state.lang : fieldValue(key);
    // Only valid values are shared; an invalid field is left out (its default applies).
    if (value !== DEFAULTS[key] && VALID[key](value)) params.set(key, value);
  }
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
  window.history.replaceState(null, "", url);
}

function labelText(id) {
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
  return label ? label.textContent : id;
}

function fieldValue(id) {
  const el = $(id);
  if (el.type === "checkbox") return el.checked ? "1" : "0";
  return el.value.trim();
}

function setField(id, value) {
  const el = $(id);
  if (el.type === "checkbox") el.checked = value === "1";
  else el.value = value;
}

// ------------------------------------------------------------------------------------------
// Language
// ------------------------------------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll("[data-i18n]")) {
    const text = t()[el.dataset.i18n];
    if (typeof text === "string") el.textContent = text;
  }
  $("lang-toggle").setAttribute("lang", state.lang === "da" ? "en" : "da");
  $("amount-rule").textContent = AMOUNT_RULE[state.lang];
  const methods = t().methods;
  for (const option of $("method").options) option.textContent = methods[option.value];
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

function engineError(error, map, fallback) {
  const id = fieldFor(error, map) ?? fallback;
  const english = String(error?.message ?? error).replace(/^[^:]*: /, "");
  const byCode = t().engineErrors;
  const key = `${error?.code}:${id}`;
  const message = state.lang === "en" ? english : byCode[key] ?? byCode[error?.code] ?? english;
  showError(id, message);
}

// ------------------------------------------------------------------------------------------
// One citizen
// ------------------------------------------------------------------------------------------

function readCitizen() {
  const errors = [];
  const need = (id, parse, message) => {
    const raw = fieldValue(id);
    const value = raw === "" ? null : parse(raw);
    if (value === null) errors.push([id, raw === "" ? t().errRequired : message]);
    return value;
  };
  const admitted = need("admitted", parseDate, t().errDate);
  let birth = fieldValue("birth") === "" ? null : parseDate(fieldValue("birth"));
  const ageRaw = fieldValue("age");
  if (ageRaw !== "") {
    const age = parseWhole(ageRaw, 0, 120);
    if (age === null) errors.push(["age", t().errWhole(0, 120)]);
    else if (admitted) birth = minusYears(admitted, age);
  }
  if (birth === null) errors.push(["birth", fieldValue("birth") === "" ? t().errRequired : t().errDate]);
  const planned = need("planned", parseDate, t().errDate);
  const rate = need("rate", parseAmount, t().errAmount);
  const own = need("own", parseAmount, t().errAmount);
  const annual = need("annual", parseAmount, t().errAmount);
  const nightsBefore = need("nightsBefore", (v) => parseWhole(v, 1, 3650), t().errWhole(1, 3650));
  return {
    errors,
    input: { label: cleanLabel(fieldValue("label")), birth, admitted, planned, rate, own, annual, nightsBefore, method: fieldValue("method"), decided: $("decided").checked, policy: fieldValue("policy") },
  };
}

const CITIZEN_MAP = [
  ["citizen.birth_date", "birth"],
  ["shelter_stays[0].admitted", "admitted"],
  ["shelter_stays[0].discharged", "planned"],
  ["shelter_stays[0].daily_rate", "rate"],
  ["shelter_stays[0].own_payment_per_night", "own"],
  ["home_support[0].annual_cost", "annual"],
  ["home_support[0].start", "nightsBefore"],
  ["admitted", "admitted"],
  ["daily_rate", "rate"],
  ["own_payment_per_night", "own"],
  ["discharge", "nightsBefore"],
  ["support.annual_cost", "annual"],
  ["policy", "policy"],
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
  const be = refusion.breakEven({
    policy: input.policy,
    citizen: { birth_date: input.birth },
    admitted: input.admitted,
    daily_rate: input.rate,
    own_payment_per_night: input.own,
    discharge,
    support: { method: input.method, annual_cost: input.annual, decided_before_discharge: input.decided },
    horizon_years: 2,
  });
  const support = refusion.evaluate({
    name: named(t().pathwaySupport),
    policy: input.policy,
    citizen: { birth_date: input.birth },
    shelter_stays: [{ admitted: input.admitted, discharged: discharge, daily_rate: input.rate, own_payment_per_night: input.own }],
    home_support: [{ method: input.method, start: discharge, end: be.horizon_end, annual_cost: input.annual, decided_before_discharge: input.decided }],
  });
  return { input, stayResult, stayCurve, be, support };
}

function renderCitizen(r) {
  const L = t();
  const lang = state.lang;
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
    a.textContent = formatKr(r.stayResult.totals[key], lang);
    a.dataset.testid = `stay-${key}`;
    const b = document.createElement("td");
    b.textContent = formatKr(r.support.totals[key], lang);
    b.dataset.testid = `support-${key}`;
    tr.append(th, a, b);
    body.append(tr);
  }
  const m = r.be.municipality;
  $("breakeven").textContent = m ? L.breakEvenMunicipality(m.night, formatDate(m.date, lang)) : L.breakEvenNone;
  $("breakeven").dataset.night = m ? String(m.night) : "";
  const p = r.be.public_sector;
  $("breakeven-public").textContent = p ? L.breakEvenPublic(p.night, formatDate(p.date, lang)) : "";

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
    lang,
  });
  $("chart").dataset.cliffs = String(markers.length);

  // Trace, in plain language.
  const trace = $("trace");
  trace.replaceChildren();
  for (const [title, result] of [[L.pathwayStay, r.stayResult], [L.pathwaySupport, r.support]]) {
    const h = document.createElement("h4");
    h.textContent = title;
    const ol = document.createElement("ol");
    for (const entry of result.trace) {
      const li = document.createElement("li");
      li.textContent = traceText(entry);
      ol.append(li);
    }
    trace.append(h, ol);
  }
}

function span(entry) {
  const lang = state.lang;
  const last = dayBefore(entry.end);
  if (last <= entry.start) return formatDate(entry.start, lang);
  return `${formatDate(entry.start, lang)}–${formatDate(last, lang)}`;
}

function capFrom(entry) {
  const p = entry.parameter;
  if (!p) return "";
  const from = formatDate(p.effective_from, "da");
  return p.name === "cap_nights_by_age" ? `efter alder, fra ${from}` : `gældende fra ${from}`;
}

/** A trace entry in plain language (Danish from the structured fields; English as given). */
function traceText(entry) {
  if (state.lang === "en") return entry.text;
  const L = TEXT.da;
  const n = entry.nights;
  const src = entry.parameter ? entry.parameter.source : "";
  const method = "bostøtte";
  switch (entry.kind) {
    case "window_opened":
      return `${formatDate(entry.start, "da")}: et refusionsvindue åbner og løber til ${formatDate(dayBefore(entry.end), "da")}. ${entry.refunded_nights} af vinduets ${L.nights(entry.nights)} refunderes.`;
    case "period_opened":
      return `${formatDate(entry.start, "da")}: udskrivningen åbner § 176 a-perioden ${span(entry)}. En genindskrivning i perioden starter den ikke forfra.`;
    case "shelter_before_reform":
      return `${span(entry)}: ${L.nights(n)} refunderes med ${entry.rate} uden loft, fordi de ligger før reformen trådte i kraft 1. okt. 2023 (${src}).`;
    case "shelter_no_cap":
      return `${span(entry)}: ${L.nights(n)} refunderes med ${entry.rate} uden loft (reglerne før reformen).`;
    case "shelter_refunded":
      return `${span(entry)}: ${L.nights(n)} refunderes med ${entry.rate} af taksten minus egenbetalingen. Loftet er ${entry.parameter?.value} nætter pr. vindue (${capFrom(entry)}; ${src}).`;
    case "shelter_cap_reached":
      return `${span(entry)}: ${L.nights(n)} uden refusion, fordi vinduet har nået loftet på ${entry.parameter?.value} refunderede nætter (${capFrom(entry)}; ${src}).`;
    case "support_refunded":
      return `${span(entry)}: ${L.days(n)} ${method} refunderes med ${entry.rate} inden for § 176 a-perioden (${src}).`;
    case "support_not_decided":
      return `${span(entry)}: ${L.days(n)} ${method} uden refusion, fordi støtten ikke var besluttet før udskrivningen (§ 176 a).`;
    case "support_outside_period":
      return `${span(entry)}: ${L.days(n)} ${method} uden refusion, fordi de ligger uden for de to år efter den første udskrivning (§ 176 a).`;
    case "support_rate_zero":
      return `${span(entry)}: ${L.days(n)} ${method} uden refusion under dette regelsæt.`;
    case "temporary_refunded":
      return `${span(entry)}: ${L.nights(n)} midlertidigt ophold (§ 107) refunderes med ${entry.rate} (${src}).`;
    case "temporary_not_decided":
      return `${span(entry)}: ${L.nights(n)} § 107-ophold uden refusion, fordi opholdet ikke var besluttet før udskrivningen.`;
    case "temporary_outside_period":
      return `${span(entry)}: ${L.nights(n)} § 107-ophold uden refusion uden for de refunderede måneder.`;
    case "temporary_rate_zero":
      return `${span(entry)}: ${L.nights(n)} § 107-ophold uden refusion under dette regelsæt.`;
    default:
      return entry.text;
  }
}

/** The page's own title (index.html), kept for when there is no label. */
const PAGE_TITLE = document.title;

/** Shows the label above the results and in the page title (as text, never as markup). */
function showLabel() {
  const raw = fieldValue("label");
  const label = cleanLabel(raw);
  if (raw.length > LABEL_MAX) showError("label", t().errLabel);
  const shown = $("page-label");
  shown.textContent = label;
  shown.hidden = label === "";
  document.title = label ? `${label} — ${PAGE_TITLE}` : PAGE_TITLE;
}

function recomputeCitizen() {
  const started = performance.now();
  clearErrors(CITIZEN_FIELDS);
  showLabel();
  const { errors, input } = readCitizen();
  const summary = $("citizen-summary-error");
  state.citizen = null;
  if (errors.length === 0) {
    try {
      state.citizen = computeCitizen(input);
    } catch (error) {
      engineError(error, CITIZEN_MAP, "admitted");
    }
  }
  for (const [id, message] of errors) showError(id, message);
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
    ? t().citizenStatus(formatKr(state.citizen.stayResult.totals.municipal_net, state.lang), be ? be.night : null)
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
];

function readBudget() {
  const errors = [];
  const need = (id, parse, message) => {
    const raw = fieldValue(id);
    const value = raw === "" ? null : parse(raw);
    if (value === null) errors.push([id, raw === "" ? t().errRequired : message]);
    return value;
  };
  const query = {
    policy: fieldValue("policy"),
    citizens_per_year: need("bCitizens", (v) => parseWhole(v, 0, 100000), t().errWhole(0, 100000)),
    average_stay_nights: need("bStay", (v) => parseWhole(v, 1, 3660), t().errWhole(1, 3660)),
    daily_rate: need("bRate", parseAmount, t().errAmount),
    own_payment_per_night: need("bOwn", parseAmount, t().errAmount),
    team_size_fte: need("bTeam", parseAmount, t().errAmount),
    caseload: need("bCaseload", (v) => parseWhole(v, 1, 100000), t().errWhole(1, 100000)),
    establishment_cost_per_team: need("bEstablishment", parseAmount, t().errAmount),
    first_year: need("bFirst", (v) => parseWhole(v, 1901, 9980), t().errWhole(1901, 9980)),
    horizon_years: need("bHorizon", (v) => parseWhole(v, 1, 10), t().errWhole(1, 10)),
    discount_rate: need("bDiscount", percentToRate, t().errPercent),
    nights_before_discharge: 1,
  };
  const run = {
    draws: need("bDraws", (v) => parseWhole(v, 1, 10000), t().errWhole(1, 10000)),
    seed: need("bSeed", (v) => parseWhole(v, 0, 9999999), t().errWhole(0, 9999999)),
  };
  return { errors, query, run };
}

function renderBudget(result) {
  const L = t();
  const lang = state.lang;
  const holder = $("budget-tables");
  holder.replaceChildren();
  const labelOf = { low: L.variantLow, mean: L.variantMean, high: L.variantHigh };
  for (const v of result.variants) {
    const table = document.createElement("table");
    table.className = "money";
    table.dataset.variant = v.label;
    const caption = document.createElement("caption");
    caption.textContent = L.budgetTableCaption(labelOf[v.label] ?? v.label, formatKr(v.annual_cost, lang));
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
      row([String(y.year), formatAmount(y.effect.gross, lang), formatAmount(y.effect.citizen_payment, lang), formatAmount(y.effect.state_refusion, lang), formatAmount(y.effect.municipal_net, lang), String(y.teams), formatAmount(y.establishment, lang), formatAmount(y.municipal_effect, lang), formatAmount(y.present_value, lang)]);
    }
    row(["Σ", formatAmount(v.total_effect.gross, lang), formatAmount(v.total_effect.citizen_payment, lang), formatAmount(v.total_effect.state_refusion, lang), formatAmount(v.total_effect.municipal_net, lang), "", "", formatAmount(v.total_municipal_effect, lang), formatAmount(v.total_present_value, lang)], "total");
    table.append(head, body);
    holder.append(table);
  }
  const years = result.variants[0]?.years.map((y) => String(y.year)) ?? [];
  barChart($("budget-chart"), {
    groups: years.map((year, i) => ({ label: year, values: result.variants.map((v) => v.years[i].municipal_effect) })),
    seriesLabels: result.variants.map((v) => `M-ACT ${labelOf[v.label] ?? v.label} (${formatKr(v.annual_cost, lang)})`),
    label: L.budgetChartLabel,
    lang,
  });
  const mean = result.variants.find((v) => v.label === "mean") ?? result.variants[0];
  if (mean) {
    barChart($("payer-chart"), {
      groups: mean.years.map((y) => ({ label: String(y.year), values: [y.municipal_effect, y.effect.state_refusion, y.effect.citizen_payment] })),
      seriesLabels: [L.municipalEffect, L.effectState, L.effectCitizen],
      label: L.payerChartLabel,
      lang,
    });
  }
}

function recomputeBudget() {
  clearErrors(BUDGET_FIELDS);
  const { errors, query, run } = readBudget();
  const summary = $("budget-summary-error");
  state.budget = null;
  if (errors.length === 0) {
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
  $("budget-status").textContent = mean ? t().budgetStatus(formatKr(mean.total_municipal_effect, state.lang)) : t().fixFields;
}

// The Monte Carlo runs a moment after the last keystroke, so typing stays responsive.
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
  mcTimer = window.setTimeout(runMonteCarlo, 120);
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
}

function renderMonteCarlo(mc) {
  const lang = state.lang;
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
      td.textContent = formatAmount(band[key], lang);
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
    lang,
  });
  $("mc-status").textContent = t().mcStatus(mc.draws, mc.seed, formatKr(mc.total.p5, lang), formatKr(mc.total.p50, lang), formatKr(mc.total.p95, lang));
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

function citizenCsv() {
  const r = state.citizen;
  if (!r) return;
  const rows = [["section", "pathway", "item", "value"]];
  const label = cleanLabel(fieldValue("label"));
  if (label) rows.push(["label", "", "", textCell(label)]);
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
  if (state.mc) {
    // The Monte Carlo band of the municipal effect, as a second block.
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
    const age = parseWhole(fieldValue("age"), 0, 120);
    if (age !== null) $("birth").value = minusYears(admitted, age);
  }
}

function wire() {
  for (const id of CITIZEN_FIELDS) {
    const handler = () => {
      $("notice").hidden = true;
      if (id === "age" || id === "birth") syncAge(id);
      recomputeCitizen();
      if (id === "policy") recomputeBudget();
      writeUrl();
    };
    $(id).addEventListener("input", handler);
    $(id).addEventListener("change", handler);
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
  $("lang-toggle").addEventListener("click", () => {
    state.lang = state.lang === "da" ? "en" : "da";
    applyLanguage();
    recomputeCitizen();
    recomputeBudget();
    writeUrl();
  });
  $("csv-citizen").addEventListener("click", citizenCsv);
  $("csv-budget").addEventListener("click", budgetCsv);
  $("print").addEventListener("click", () => window.print());
}

async function start() {
  const { values, rejected } = readUrl();
  state.lang = values.lang;
  applyLanguage();
  try {
    await init();
  } catch (_error) {
    $("status").textContent = t().loadFailed;
    return;
  }
  for (const id of [...CITIZEN_FIELDS, ...BUDGET_FIELDS]) setField(id, values[id]);
  if (values.age !== "") syncAge("age");
  $("version").textContent = refusion.version();
  if (rejected.length > 0) {
    $("notice").hidden = false;
    $("notice").textContent = t().urlNotice(rejected.map((k) => labelText(k)).join(", "));
  }
  $("status").hidden = true;
  wire();
  recomputeCitizen();
  recomputeBudget();
  writeUrl();
  document.body.dataset.ready = "1";
}

start();
