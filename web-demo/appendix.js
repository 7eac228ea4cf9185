// The printed appendix "Forudsætninger" / "Assumptions": the inputs as the user set them, the
// policy, the parameters in force and the price level, so a printout can be attached to a case.
//
// It reads the page, not app.js: every field of the page's forms by its visible label (so it
// stays right when fields are added or renamed), the text of #rules-preset and the rows of
// #rules-table. It is rebuilt whenever the page may have changed — an input or change event,
// a change in the results, the rules or the language, and just before printing (a PDF made
// without the print dialog gets no beforeprint, so it cannot wait for that). Built with DOM
// calls and textContent only. Hidden on screen; style.css shows it in print.

/** The appendix's own few texts, in the page's languages. */
const TEXT = {
  da: {
    heading: "Forudsætninger",
    intro: "Forudsætningerne bag beregningerne ovenfor, som de var indtastet, da siden blev udskrevet.",
    yes: "Ja",
    no: "Nej",
    empty: "—",
    rules: "Regelsæt og parametre",
    parameters: "Parametre i kraft",
    priceHeading: "Prisniveau",
    price: "Beløb er brugt som indtastet (ingen fremskrivning til løbende priser).",
  },
  en: {
    heading: "Assumptions",
    intro: "The assumptions behind the calculations above, as they were entered when the page was printed.",
    yes: "Yes",
    no: "No",
    empty: "—",
    rules: "Policy and parameters",
    parameters: "Parameters in force",
    priceHeading: "Price level",
    price: "Amounts are used as entered (not projected to nominal prices).",
  },
};

/** The forms whose fields are listed, in this order. */
const FORMS = ["citizen-form", "budget-form", "rules-form"];
/** The regions whose changes may change the appendix. */
const WATCHED = ["citizen-results", "budget-results", "rules-table", "rules-preset", "rules-note", ...FORMS];
/** Form controls that are not inputs a person sets. */
const SKIPPED = new Set(["button", "submit", "reset", "hidden", "image", "fieldset", "output"]);

const $ = (id) => document.getElementById(id);
const squash = (text) => String(text ?? "").replace(/\s+/g, " ").trim();

function make(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function texts() {
  return TEXT[document.documentElement.lang === "en" ? "en" : "da"];
}

/** The section to fill: the one in index.html, or one added at the end of <main>. */
function section() {
  let s = $("print-appendix");
  if (!s) {
    s = make("section", undefined, "card print-only");
    s.id = "print-appendix";
    s.hidden = true;
    s.setAttribute("aria-hidden", "true");
    (document.querySelector("main") ?? document.body).append(s);
  }
  return s;
}

/** The text of the elements an aria-labelledby/-describedby list names. */
function textOfIds(ids) {
  return squash(String(ids ?? "").split(/\s+/).map((id) => (id ? $(id)?.textContent ?? "" : "")).join(" "));
}

/** A form's title: its accessible name (aria-labelledby / aria-label), else its first legend. */
function formTitle(form) {
  return textOfIds(form.getAttribute("aria-labelledby")) || squash(form.getAttribute("aria-label"))
    || squash(form.querySelector("legend")?.textContent) || form.id;
}

/** A field's visible label: its <label>, else its aria-labelledby or aria-label, else its name. */
function fieldLabel(field) {
  const label = field.labels?.[0];
  return squash(label?.textContent) || textOfIds(field.getAttribute("aria-labelledby"))
    || squash(field.getAttribute("aria-label")) || field.name || field.id;
}

/** A field's value as it shows: a select's chosen option, a checkbox Ja/Nej, empty as "—". */
function fieldValue(field, L) {
  if (field.tagName === "SELECT") {
    const chosen = [...field.selectedOptions].map((o) => squash(o.textContent)).filter(Boolean);
    return chosen.length ? chosen.join(", ") : L.empty;
  }
  if (field.type === "checkbox") return field.checked ? L.yes : L.no;
  return squash(field.value) || L.empty;
}

/** The fields of a form as [label, value]; radio buttons once per group, by the chosen one. */
function fieldsOf(form, L) {
  const rows = [];
  const radios = new Set();
  for (const field of form.elements) {
    const type = (field.type ?? "").toLowerCase();
    if (SKIPPED.has(type) || field.tagName === "FIELDSET" || field.tagName === "BUTTON") continue;
    if (type === "radio") {
      if (radios.has(field.name)) continue;
      radios.add(field.name);
      const group = [...form.elements].filter((f) => f.type === "radio" && f.name === field.name);
      const chosen = group.find((f) => f.checked);
      const legend = field.closest("fieldset")?.querySelector("legend");
      rows.push([squash(legend?.textContent) || field.name, chosen ? fieldLabel(chosen) : L.empty]);
      continue;
    }
    rows.push([fieldLabel(field), fieldValue(field, L)]);
  }
  return rows;
}

function pairs(rows) {
  const dl = make("dl");
  for (const [name, value] of rows) {
    const row = make("div");
    row.append(make("dt", name), make("dd", value));
    dl.append(row);
  }
  return dl;
}

/**
 * A copy of a table cell as text: its words, a <br> as a line break and a <code> as code (the
 * parameter's name); links and other markup become their text.
 */
function copyCell(cell) {
  const copy = make(cell.tagName.toLowerCase());
  if (cell.rowSpan > 1) copy.rowSpan = cell.rowSpan;
  if (cell.colSpan > 1) copy.colSpan = cell.colSpan;
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) copy.append(document.createTextNode(child.textContent.replace(/\s+/g, " ")));
      else if (child.nodeName === "BR") copy.append(document.createElement("br"));
      else if (child.nodeName === "CODE") copy.append(make("code", squash(child.textContent)));
      else if (child.nodeType === Node.ELEMENT_NODE) walk(child);
    }
  };
  walk(cell);
  return copy;
}

/** The rows of #rules-table (its header and every parameter's steps), as text. */
function parameterTable(source) {
  const table = make("table");
  if (source.tHead) {
    const head = make("thead");
    for (const tr of source.tHead.rows) {
      const row = make("tr");
      for (const cell of tr.cells) row.append(copyCell(cell));
      head.append(row);
    }
    table.append(head);
  }
  for (const body of source.tBodies) {
    const copy = make("tbody");
    for (const tr of body.rows) {
      const row = make("tr");
      for (const cls of ["changed", "unused"]) if (tr.classList.contains(cls)) row.classList.add(cls);
      for (const cell of tr.cells) row.append(copyCell(cell));
      copy.append(row);
    }
    table.append(copy);
  }
  return table;
}

/** Writes the appendix afresh from the page as it is now. */
export function buildAppendix() {
  const L = texts();
  const s = section();
  const parts = [make("h2", L.heading), make("p", L.intro)];
  for (const id of FORMS) {
    const form = $(id);
    if (!form) continue;
    const rows = fieldsOf(form, L);
    if (rows.length === 0) continue;
    parts.push(make("h3", formTitle(form)), pairs(rows));
  }
  parts.push(make("h3", L.rules));
  const preset = squash($("rules-preset")?.textContent);
  if (preset) parts.push(make("p", preset, "policy"));
  const note = $("rules-note");
  if (note && !note.hidden && squash(note.textContent)) parts.push(make("p", squash(note.textContent)));
  const rules = $("rules-table");
  if (rules && rules.tBodies.length > 0) parts.push(make("h3", L.parameters), parameterTable(rules));
  parts.push(make("h3", L.priceHeading), make("p", L.price, "price-level"));
  s.replaceChildren(...parts);
}

// ------------------------------------------------------------------------------------------
// Keeping it up to date
// ------------------------------------------------------------------------------------------

let queued = false;
function schedule() {
  if (queued) return;
  queued = true;
  queueMicrotask(() => {
    queued = false;
    buildAppendix();
  });
}

function watch() {
  document.addEventListener("input", schedule);
  document.addEventListener("change", schedule);
  window.addEventListener("beforeprint", buildAppendix);
  const observer = new MutationObserver(schedule);
  for (const id of WATCHED) {
    const target = $(id);
    if (target) observer.observe(target, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["hidden"] });
  }
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  buildAppendix();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch, { once: true });
else watch();
