// The register section ("Jeres register"): a register file (CSV, XLSX or ODS) and an optional
// support table, chosen or dropped, are evaluated by the engine in a Web Worker
// (register-worker.js), so the page stays responsive; the page shows the year-by-payer table
// with the refund claim, a chart, the citizens (sorted, paged, searched by id), one citizen's
// explanation, and offers the workbook and the CSV files. The files never leave the browser:
// the worker reads them from the page's File objects and sends nothing anywhere.
//
// The page's language is the <html lang> that app.js sets; this file follows it. Amounts are
// the engine's decimal strings, shown by the engine's formatter (the page's WebAssembly
// instance, once app.js has loaded it); user text is only ever set with textContent.

import * as refusion from "./pkg/refusion_wasm.js";
import { TEXT } from "./i18n.js";
import { barChart } from "./chart.js";

const $ = (id) => document.getElementById(id);
const lang = () => (document.documentElement.lang === "en" ? "en" : "da");
const R = () => TEXT[lang()].register;
const engineErrors = () => TEXT[lang()].engineErrors ?? {};

/** How many citizens a page of the table shows. */
const PAGE_SIZE = 50;
/** The order of the presets, as the page's other selects list them. */
const PRESET_ORDER = ["statutory", "reform-2023", "pre-reform", "age-26"];

/** The citizens table's columns: key, heading (from i18n), and whether it is money. */
const COLUMNS = [
  { key: "id", head: (r) => r.id },
  { key: "stays", head: (r) => r.stays },
  { key: "nights", head: (r) => r.nights },
  { key: "refunded_nights", head: (r) => r.refunded },
  { key: "support_days", head: (r) => r.supportDays },
  { key: "gross", head: (r) => r.gross, money: true },
  { key: "citizen_payment", head: (r) => r.citizen, money: true },
  { key: "state_refusion", head: (r) => r.claim, money: true },
  { key: "municipal_net", head: (r) => r.net, money: true },
];

const state = {
  ready: false,
  files: { stays: null, support: null },
  worker: null,
  seq: 0,
  pending: new Map(),
  runId: 0,
  running: false,
  chosenAt: 0,
  years: null,
  count: 0,
  sort: { key: "file", dir: "asc" },
  query: "",
  page: 1,
  pageResult: null,
  pageSeq: 0,
  selected: null,
  explanation: null,
  error: null,
  downloadError: null,
  stage: null,
};

// ------------------------------------------------------------------------------------------
// Formatting (the engine's formatters)
// ------------------------------------------------------------------------------------------

const amount = (decimal) => refusion.formatAmount(String(decimal), lang());
const kr = (decimal) => refusion.formatAmount(String(decimal), lang(), true);
const whole = (n) => Number(n).toLocaleString(lang() === "da" ? "da-DK" : "en-GB");

// ------------------------------------------------------------------------------------------
// The worker
// ------------------------------------------------------------------------------------------

function worker() {
  if (!state.worker) {
    const w = new Worker(new URL("./register-worker.js", import.meta.url), { type: "module" });
    w.onmessage = onMessage;
    w.onerror = (event) => {
      event.preventDefault?.();
      const error = { code: "", field: "", message: R().workerFailed, worker: true };
      for (const { reject } of state.pending.values()) reject(error);
      state.pending.clear();
    };
    state.worker = w;
  }
  return state.worker;
}

/** Ends the worker (a run in flight is dropped); the next question starts a new one. */
function restartWorker() {
  state.worker?.terminate();
  state.worker = null;
  for (const { reject } of state.pending.values()) reject({ cancelled: true });
  state.pending.clear();
}

/** Asks the worker; resolves with its answer, rejects with an engine error object. */
function ask(type, data = {}) {
  const seq = ++state.seq;
  return new Promise((resolve, reject) => {
    state.pending.set(seq, { resolve, reject });
    worker().postMessage({ seq, type, ...data });
  });
}

function onMessage(event) {
  const m = event.data;
  if (m.type === "progress") {
    showProgress(m);
  } else if (m.type === "years") {
    state.years = m.years;
    renderYears();
    showResults();
    // The time from the file chosen to the year table shown (for the benchmark and tests).
    $("register-section").dataset.yearsMs = (performance.now() - state.chosenAt).toFixed(1);
    $("register-section").dataset.evaluateMs = Number(m.evaluateMs).toFixed(1);
  } else if (m.type === "done" || m.type === "failed") {
    const p = state.pending.get(m.seq);
    if (!p) return;
    state.pending.delete(m.seq);
    if (m.type === "done") p.resolve(m.value);
    else p.reject(m.error);
  }
}

// ------------------------------------------------------------------------------------------
// Progress, errors
// ------------------------------------------------------------------------------------------

function showProgress(m) {
  state.stage = m;
  const box = $("reg-progress-box");
  const bar = $("reg-progress");
  box.hidden = false;
  if (m.stage === "read") {
    const pct = m.total > 0 ? Math.floor((100 * m.loaded) / m.total) : 100;
    bar.value = Math.round(pct * 0.5);
    $("reg-stage").textContent = R().stageRead(pct);
  } else if (m.stage === "evaluate") {
    bar.value = 55;
    $("reg-stage").textContent = R().stageEvaluate;
  } else if (m.stage === "tables") {
    bar.value = 90;
    $("reg-stage").textContent = R().stageTables;
  }
  $("register-section").dataset.stage = m.stage;
}

function hideProgress() {
  state.stage = null;
  $("reg-progress-box").hidden = true;
  $("reg-progress").value = 0;
  $("reg-stage").textContent = "";
}

/**
 * Where an engine error is, in the page's language, from its `field`: `line 5, daily_rate`,
 * `line 1, column 3`, `support line 4, start`, `support row 2, citizen_id`,
 * `sheet "Ark1", row 5, column E (daily_rate)`, `support sheet "Støtte", row 4, column C (start)`.
 */
export function whereOf(field, r = R()) {
  let rest = String(field ?? "").trim();
  let support = false;
  if (rest === "support" || rest.startsWith("support ") || rest.startsWith("support[")) {
    support = true;
    rest = rest.replace(/^support\s*/, "");
  } else if (rest === "register" || rest === "file" || rest === "stays") {
    rest = "";
  }
  const parts = [];
  while (rest !== "") {
    let m;
    if ((m = /^sheet "((?:[^"]|"")*)"/.exec(rest))) {
      parts.push(r.sheet(m[1].replace(/""/g, '"')));
    } else if ((m = /^line (\d+)/.exec(rest))) {
      parts.push(r.line(m[1]));
    } else if ((m = /^row (\d+)/.exec(rest))) {
      parts.push(r.row(m[1]));
    } else if ((m = /^column ([A-Z]+|\d+)(?: \(([^)]*)\))?/.exec(rest))) {
      parts.push(r.column(m[2] ? `${m[1]} (${m[2]})` : m[1]));
    } else if ((m = /^([^,]+)/.exec(rest))) {
      parts.push(r.column(m[1].trim()));
    } else {
      break;
    }
    rest = rest.slice(m[0].length).replace(/^\s*,\s*/, "");
  }
  return [support ? r.inSupport : r.inStays, ...parts].join(", ");
}

/** An engine error as a sentence in the page's language (where, the code's text, the message). */
function errorText(error) {
  const r = R();
  if (!error || error.worker) return error?.message ?? r.readFailed;
  const where = whereOf(error.field, r);
  if (lang() === "en") return `${where}: ${error.message}`;
  const known = engineErrors()[error.code];
  return `${where}: ${known ? `${known} ` : ""}${r.engine(error.message)}`;
}

function showError(error) {
  state.error = error;
  const box = $("reg-error");
  box.hidden = error === null;
  box.replaceChildren();
  if (error === null) return;
  const strong = document.createElement("strong");
  strong.textContent = R().errorHeading;
  const p = document.createElement("span");
  p.className = "reg-error-text";
  p.textContent = errorText(error);
  box.append(strong, document.createElement("br"), p);
  box.dataset.code = error.code ?? "";
  box.dataset.field = error.field ?? "";
}

function showDownloadError(error) {
  state.downloadError = error;
  const box = $("reg-download-error");
  box.hidden = error === null;
  box.textContent = error === null ? "" : errorText(error);
  box.dataset.code = error?.code ?? "";
}

// ------------------------------------------------------------------------------------------
// Running
// ------------------------------------------------------------------------------------------

async function evaluate() {
  if (!state.ready || !state.files.stays) return;
  if (state.running) restartWorker();
  const runId = ++state.runId;
  const section = $("register-section");
  state.running = true;
  section.dataset.state = "running";
  delete section.dataset.yearsMs;
  showError(null);
  showDownloadError(null);
  $("register-results").hidden = true;
  state.years = null;
  state.pageResult = null;
  state.selected = null;
  state.explanation = null;
  state.sort = { key: "file", dir: "asc" };
  state.query = "";
  state.page = 1;
  $("reg-search").value = "";
  showProgress({ stage: "read", loaded: 0, total: 1 });
  try {
    const { count } = await ask("run", { stays: state.files.stays, support: state.files.support, policy: $("reg-policy").value });
    if (runId !== state.runId) return;
    state.count = count;
    await refreshPage();
    if (runId !== state.runId) return;
    renderExplanation();
    hideProgress();
    section.dataset.state = "done";
  } catch (error) {
    if (runId !== state.runId || error?.cancelled) return;
    hideProgress();
    $("register-results").hidden = true;
    showError(error);
    section.dataset.state = "error";
  } finally {
    if (runId === state.runId) state.running = false;
  }
}

function showResults() {
  $("register-results").hidden = false;
}

// ------------------------------------------------------------------------------------------
// The year table and the chart
// ------------------------------------------------------------------------------------------

const YEAR_KEYS = ["gross", "citizen_payment", "state_refusion", "municipal_net"];

function renderYears() {
  const y = state.years;
  const body = $("reg-years").tBodies[0];
  body.replaceChildren();
  if (!y) return;
  const r = R();
  const add = (label, totals, cls) => {
    const tr = document.createElement("tr");
    if (cls) tr.className = cls;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = label;
    tr.append(th);
    for (const key of YEAR_KEYS) {
      const td = document.createElement("td");
      td.textContent = amount(totals[key]);
      td.dataset.key = key;
      td.dataset.value = totals[key];
      if (key === "state_refusion") td.className = "claim";
      tr.append(td);
    }
    body.append(tr);
  };
  for (const year of y.years) add(String(year.year), year);
  add(r.total, y.totals, "total");
  const policy = policyTitle(y.policy);
  $("reg-summary").textContent = r.summary({
    citizens: whole(y.citizens),
    rows: whole(y.rows),
    policy,
    claim: kr(y.totals.state_refusion),
    net: kr(y.totals.municipal_net),
  });
  renderChart();
}

function renderChart() {
  const box = $("reg-chart-box");
  const y = state.years;
  if (!y) {
    box.replaceChildren();
    return;
  }
  let svg = $("reg-chart");
  if (!svg) {
    svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.id = "reg-chart";
    svg.setAttribute("class", "chart");
    box.replaceChildren(svg);
  }
  const r = R();
  barChart(svg, {
    groups: y.years.map((year) => ({ label: String(year.year), values: [year.municipal_net, year.state_refusion, year.citizen_payment] })),
    seriesLabels: [r.net, r.claim, r.citizen],
    label: r.chartLabel,
    fmt: {
      amount: (v) => refusion.formatAmount(String(v), lang(), false, true),
      date: (iso) => refusion.formatDate(iso, lang()),
    },
  });
}

// ------------------------------------------------------------------------------------------
// The citizens table
// ------------------------------------------------------------------------------------------

function renderHead() {
  const r = R();
  const tr = $("reg-citizens").tHead.rows[0];
  tr.replaceChildren();
  for (const c of COLUMNS) {
    const th = document.createElement("th");
    th.scope = "col";
    const active = state.sort.key === c.key;
    th.setAttribute("aria-sort", active ? (state.sort.dir === "asc" ? "ascending" : "descending") : "none");
    th.dataset.key = c.key;
    const b = document.createElement("button");
    b.type = "button";
    b.className = "sort";
    b.dataset.key = c.key;
    b.textContent = c.head(r);
    b.title = r.sortBy(c.head(r));
    const mark = document.createElement("span");
    mark.className = "mark";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = active ? (state.sort.dir === "asc" ? " ▲" : " ▼") : "";
    b.append(mark);
    th.append(b);
    tr.append(th);
  }
}

function renderRows() {
  const r = R();
  const res = state.pageResult;
  const body = $("reg-citizens").tBodies[0];
  body.replaceChildren();
  if (!res) return;
  for (const row of res.rows) {
    const tr = document.createElement("tr");
    tr.dataset.id = row.id;
    if (row.id === state.selected) tr.className = "selected";
    const th = document.createElement("th");
    th.scope = "row";
    const b = document.createElement("button");
    b.type = "button";
    b.className = "citizen";
    b.textContent = row.id;
    b.setAttribute("aria-pressed", row.id === state.selected ? "true" : "false");
    th.append(b);
    tr.append(th);
    for (const c of COLUMNS.slice(1)) {
      const td = document.createElement("td");
      td.dataset.key = c.key;
      if (c.money) {
        td.textContent = amount(row[c.key]);
        td.dataset.value = row[c.key];
      } else {
        td.textContent = whole(row[c.key]);
        td.dataset.value = String(row[c.key]);
      }
      tr.append(td);
    }
    body.append(tr);
  }
  $("reg-nomatch").hidden = res.total > 0;
  $("reg-page").textContent = r.pageOf(whole(res.page), whole(res.pages), whole(res.total), whole(res.all));
  $("reg-page").dataset.page = String(res.page);
  $("reg-page").dataset.pages = String(res.pages);
  $("reg-page").dataset.total = String(res.total);
  $("reg-prev").disabled = res.page <= 1;
  $("reg-next").disabled = res.page >= res.pages;
}

async function refreshPage() {
  const mine = ++state.pageSeq;
  const res = await ask("page", { sort: state.sort, query: state.query, page: state.page, size: PAGE_SIZE });
  if (mine !== state.pageSeq) return;
  state.pageResult = res;
  state.page = res.page;
  renderHead();
  renderRows();
  $("reg-citizens").dataset.sort = `${state.sort.key}:${state.sort.dir}`;
}

function pageError(error) {
  if (error?.cancelled) return;
  showDownloadError(error);
}

// ------------------------------------------------------------------------------------------
// One citizen's explanation
// ------------------------------------------------------------------------------------------

async function explain(id) {
  state.selected = id;
  renderRows();
  renderXlsxLabel();
  try {
    const evaluation = await ask("explain", { id });
    if (state.selected !== id) return;
    state.explanation = { id, evaluation };
    renderExplanation();
    $("reg-explain").focus();
  } catch (error) {
    if (!error?.cancelled) showDownloadError(error);
  }
}

function renderExplanation() {
  const r = R();
  const box = $("reg-explain");
  const hint = $("reg-explain-hint");
  box.replaceChildren(hint);
  hint.textContent = r.explainHint;
  const e = state.explanation;
  hint.hidden = e !== null;
  box.dataset.id = e?.id ?? "";
  if (!e) return;
  const h = document.createElement("h3");
  h.id = "reg-explain-heading";
  h.textContent = r.explainHeading(e.id);
  const totals = document.createElement("p");
  const t = e.evaluation.totals;
  totals.textContent = r.explainTotals({ gross: kr(t.gross), citizen: kr(t.citizen_payment), refund: kr(t.state_refusion), net: kr(t.municipal_net) });
  const ol = document.createElement("ol");
  for (const entry of e.evaluation.trace) {
    const li = document.createElement("li");
    li.textContent = lang() === "da" ? entry.text_da ?? entry.text : entry.text;
    li.dataset.rule = entry.rule ?? "";
    ol.append(li);
  }
  const close = document.createElement("button");
  close.type = "button";
  close.id = "reg-explain-close";
  close.textContent = r.explainClose;
  close.addEventListener("click", () => {
    state.selected = null;
    state.explanation = null;
    renderRows();
    renderExplanation();
    renderXlsxLabel();
  });
  box.append(h, totals, ol, close);
}

function renderXlsxLabel() {
  const r = R();
  $("reg-xlsx").textContent = state.selected ? r.xlsxWith(state.selected) : r.xlsx;
}

// ------------------------------------------------------------------------------------------
// Downloads
// ------------------------------------------------------------------------------------------

function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function downloadXlsx() {
  showDownloadError(null);
  try {
    const bytes = await ask("workbook", { lang: lang(), explain: state.explanation?.id ?? null });
    download("refusion-register.xlsx", new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }));
  } catch (error) {
    if (!error?.cancelled) showDownloadError(error);
  }
}

async function downloadCsv(table) {
  showDownloadError(null);
  try {
    const text = await ask("csv", { table, dialect: lang() === "da" ? "da" : "en" });
    download(R().fileName(table), new Blob([text], { type: "text/csv;charset=utf-8" }));
  } catch (error) {
    if (!error?.cancelled) showDownloadError(error);
  }
}

// ------------------------------------------------------------------------------------------
// Files, drag and drop
// ------------------------------------------------------------------------------------------

function renderChosen() {
  const r = R();
  for (const [kind, id] of [["stays", "reg-file-chosen"], ["support", "reg-support-chosen"]]) {
    const f = state.files[kind];
    $(id).textContent = f ? r.chosen(f.name, r.bytes(f.size)) : "";
  }
}

function choose(kind, file) {
  state.files[kind] = file ?? null;
  state.chosenAt = performance.now();
  renderChosen();
  evaluate();
}

function wireDrop(zone, kind) {
  const input = $(zone.dataset.target);
  zone.addEventListener("dragover", (e) => {
    if (input.disabled) return;
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    zone.classList.remove("over");
    if (input.disabled) return;
    e.preventDefault();
    const file = e.dataTransfer?.files?.[0];
    if (!file) return;
    try {
      input.files = e.dataTransfer.files;
    } catch (_error) {
      // Older browsers cannot set a file input's files; the file is kept here all the same.
    }
    choose(kind, file);
  });
}

// ------------------------------------------------------------------------------------------
// Language, policy select
// ------------------------------------------------------------------------------------------

function policyTitle(name) {
  try {
    return refusion.defaults().presets.find((p) => p.name === name)?.title[lang()] ?? name;
  } catch (_error) {
    return name;
  }
}

let presets = [];

function renderPolicySelect() {
  const select = $("reg-policy");
  const value = select.value || "statutory";
  const rank = (name) => {
    const i = PRESET_ORDER.indexOf(name);
    return i === -1 ? PRESET_ORDER.length - 1 : i;
  };
  const sorted = [...presets].sort((a, b) => rank(a.name) - rank(b.name));
  if (select.options.length !== sorted.length) {
    select.replaceChildren(...sorted.map((p) => {
      const o = document.createElement("option");
      o.value = p.name;
      return o;
    }));
  }
  sorted.forEach((p, i) => { select.options[i].textContent = p.title[lang()]; });
  select.value = sorted.some((p) => p.name === value) ? value : "statutory";
}

function applyTexts() {
  const r = R();
  for (const el of document.querySelectorAll("[data-i18n-register]")) {
    const text = r[el.dataset.i18nRegister];
    if (typeof text === "string") el.textContent = text;
  }
  renderChosen();
  renderXlsxLabel();
  if (!state.ready) return;
  renderPolicySelect();
  if (state.stage) showProgress(state.stage);
  if (state.error) showError(state.error);
  if (state.downloadError) showDownloadError(state.downloadError);
  if (state.years) renderYears();
  if (state.pageResult) {
    renderHead();
    renderRows();
  }
  renderExplanation();
}

// ------------------------------------------------------------------------------------------
// Start
// ------------------------------------------------------------------------------------------

function wire() {
  $("reg-file").addEventListener("change", (e) => choose("stays", e.target.files?.[0]));
  $("reg-support").addEventListener("change", (e) => choose("support", e.target.files?.[0]));
  $("reg-policy").addEventListener("change", () => {
    state.chosenAt = performance.now();
    evaluate();
  });
  $("register-form").addEventListener("submit", (e) => e.preventDefault());
  for (const zone of document.querySelectorAll("#register-section .drop")) {
    wireDrop(zone, zone.dataset.target === "reg-file" ? "stays" : "support");
  }
  $("reg-citizens").tHead.addEventListener("click", (e) => {
    const b = e.target.closest("button.sort");
    if (!b) return;
    const key = b.dataset.key;
    state.sort = state.sort.key === key ? { key, dir: state.sort.dir === "asc" ? "desc" : "asc" } : { key, dir: "asc" };
    state.page = 1;
    refreshPage().catch(pageError);
  });
  $("reg-citizens").tBodies[0].addEventListener("click", (e) => {
    const tr = e.target.closest("tr");
    if (tr?.dataset.id !== undefined) explain(tr.dataset.id);
  });
  let searchTimer = 0;
  $("reg-search").addEventListener("input", () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => {
      state.query = $("reg-search").value;
      state.page = 1;
      refreshPage().catch(pageError);
    }, 120);
  });
  $("reg-prev").addEventListener("click", () => {
    state.page -= 1;
    refreshPage().catch(pageError);
  });
  $("reg-next").addEventListener("click", () => {
    state.page += 1;
    refreshPage().catch(pageError);
  });
  $("reg-xlsx").addEventListener("click", downloadXlsx);
  $("reg-csv-years").addEventListener("click", () => downloadCsv("years"));
  $("reg-csv-citizens").addEventListener("click", () => downloadCsv("citizens"));
  new MutationObserver(applyTexts).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
}

/** Starts once app.js has loaded the engine (body[data-ready="1"]): the formatters need it. */
function whenReady(then) {
  if (document.body.dataset.ready === "1") {
    then();
    return;
  }
  const watch = new MutationObserver(() => {
    if (document.body.dataset.ready === "1") {
      watch.disconnect();
      then();
    }
  });
  watch.observe(document.body, { attributes: true, attributeFilter: ["data-ready"] });
}

wire();
applyTexts();
whenReady(() => {
  try {
    presets = refusion.defaults().presets;
  } catch (_error) {
    return;
  }
  state.ready = true;
  for (const id of ["reg-file", "reg-support", "reg-policy"]) $(id).disabled = false;
  applyTexts();
  $("register-section").dataset.ready = "1";
  // A file chosen before the engine was ready.
  const chosen = $("reg-file").files?.[0];
  if (chosen && !state.files.stays) choose("stays", chosen);
});
