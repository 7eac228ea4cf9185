// Small SVG charts built with DOM calls (no innerHTML). Amounts become numbers only to draw;
// every label is written by the engine's formatters, which the caller passes as
// `fmt: { amount(decimalString), date(iso) }` (optionally `money(decimalString)`, an amount with
// its unit; without it the axis writes fmt.amount's number with the page language's unit).
//
// Each chart is drawn at the width it is shown: the viewBox is as many units wide as the SVG is
// CSS pixels wide, so 12-unit text is 12 CSS px on a phone as on a desktop, and a chart is drawn
// again when its width changes (ResizeObserver). Every label is measured as it is drawn and
// placed where it touches no other label: the legend wraps onto more rows, the x axis keeps only
// the ticks that fit, and notes move until they are clear.

const NS = "http://www.w3.org/2000/svg";
export const COLORS = ["#1f5fa8", "#b8420f", "#2e7d32", "#6a1b9a"];

/** The font size of .tick, .legend and .note in style.css (user units = CSS px). */
const FONT = 12;
/** One row of the legend. */
const ROW = FONT + 8;
/** The width a chart is drawn at while it is not laid out (hidden); redrawn when shown. */
const FALLBACK_WIDTH = 760;
const TOP = 20;
const RIGHT = 14;
/** The unit on the y axis, when the caller gives no fmt.money (the page writes "kr." / "DKK"). */
const UNIT = {
  da: (number) => `${number} kr.`,
  en: (number) => `DKK ${number}`,
};

function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function day(iso) {
  return Date.parse(`${iso}T00:00:00Z`) / 86400000;
}

function niceStep(range, target) {
  const raw = range / target;
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  const n = raw / p;
  return (n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10) * p;
}

const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), Math.max(lo, hi));

// ------------------------------------------------------------------------------------------
// Drawing at the shown width, and drawing again when it changes
// ------------------------------------------------------------------------------------------

/** The SVG's width in CSS px, or 0 while it is not laid out. */
function shownWidth(svg) {
  return Math.round(svg.getBoundingClientRect().width || svg.clientWidth || 0);
}

const drawn = new WeakMap(); // svg → { width, redraw, pending }
let observer = null;
const watched = new Set(); // without ResizeObserver: the SVGs a window resize redraws

function redrawIfResized(svg) {
  const record = drawn.get(svg);
  if (!record || record.pending) return;
  const width = shownWidth(svg);
  if (width === 0 || Math.abs(width - record.width) < 1) return;
  // Outside the observer's callback, so the new height does not loop back into it.
  record.pending = true;
  requestAnimationFrame(() => {
    record.pending = false;
    if (drawn.get(svg) === record) record.redraw();
  });
}

function keep(svg, width, redraw) {
  drawn.set(svg, { width, redraw, pending: false });
  if (typeof ResizeObserver === "function") {
    observer ??= new ResizeObserver((entries) => entries.forEach((entry) => redrawIfResized(entry.target)));
    observer.observe(svg);
  } else if (!watched.has(svg)) {
    if (watched.size === 0) window.addEventListener("resize", () => watched.forEach(redrawIfResized));
    watched.add(svg);
  }
}

/** A fresh canvas: the SVG emptied, named, and as wide in units as it is shown in CSS px. */
function begin(svg, label) {
  const width = shownWidth(svg) || FALLBACK_WIDTH;
  svg.replaceChildren();
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("viewBox", `0 0 ${width} 300`);
  return { svg, W: width, boxes: [], obstacles: [], widths: new Map() };
}

function finish(c, height) {
  c.svg.setAttribute("viewBox", `0 0 ${c.W} ${Math.ceil(height)}`);
}

// ------------------------------------------------------------------------------------------
// Text: measured as drawn, placed only where it overlaps no other text
// ------------------------------------------------------------------------------------------

/** The width of a text in a class, measured in the SVG (estimated while it is not laid out). */
function measure(c, text, cls) {
  const key = `${cls}\u0000${text}`;
  if (!c.widths.has(key)) {
    const probe = el("text", { x: 0, y: 0, class: cls }, text);
    c.svg.append(probe);
    let w = 0;
    try {
      w = probe.getComputedTextLength();
    } catch (_error) {
      w = 0;
    }
    probe.remove();
    c.widths.set(key, w > 0 ? w : text.length * FONT * 0.62);
  }
  return c.widths.get(key);
}

/** A text element's box: its rendered bounding box, or an estimate while it is not laid out. */
function boxOf(c, e) {
  let b = null;
  try {
    b = e.getBBox();
  } catch (_error) {
    b = null;
  }
  if (b && b.width > 0) return { x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height };
  const w = measure(c, e.textContent, e.getAttribute("class") ?? "");
  const x = Number(e.getAttribute("x"));
  const y = Number(e.getAttribute("y"));
  const anchor = e.getAttribute("text-anchor") ?? "start";
  const x0 = anchor === "end" ? x - w : anchor === "middle" ? x - w / 2 : x;
  return { x0, y0: y - FONT * 0.95, x1: x0 + w, y1: y + FONT * 0.3 };
}

const overlaps = (a, b, gap = 1) => a.x0 < b.x1 + gap && b.x0 < a.x1 + gap && a.y0 < b.y1 + gap && b.y0 < a.y1 + gap;
const free = (c, box) => c.boxes.every((b) => !overlaps(b, box));

/** A text drawn where it is told (ticks and legend are laid out not to collide); its box is kept. */
function label(c, attrs, text, cls) {
  const e = el("text", { ...attrs, class: cls }, text);
  c.svg.append(e);
  c.boxes.push(boxOf(c, e));
  return e;
}

/**
 * A text at the candidate position ({x, y, anchor}) nearest its point that lies inside the
 * bounds and overlaps no text drawn so far: first one of the `near` nearest that also keeps
 * clear of the obstacles (c.obstacles: the dashed lines), else any; left out (null) if none.
 */
function place(c, text, cls, candidates, bounds, near = 8) {
  const e = el("text", { x: 0, y: 0, class: cls }, text);
  c.svg.append(e);
  const passes = [[candidates.slice(0, near), true], [candidates, false]];
  for (const [list, strict] of passes) {
    for (const { x, y, anchor } of list) {
      e.setAttribute("x", x.toFixed(1));
      e.setAttribute("y", y.toFixed(1));
      e.setAttribute("text-anchor", anchor);
      const box = boxOf(c, e);
      const inside = box.x0 >= bounds.x0 && box.x1 <= bounds.x1 && box.y0 >= bounds.y0 && box.y1 <= bounds.y1;
      if (inside && free(c, box) && (!strict || c.obstacles.every((b) => !overlaps(b, box)))) {
        c.boxes.push(box);
        return e;
      }
    }
  }
  e.remove();
  return null;
}

/** A text broken at spaces into lines no wider than maxWidth (a word longer than that stays whole). */
function wrap(c, text, cls, maxWidth) {
  if (measure(c, text, cls) <= maxWidth) return [text];
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(c, next, cls) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}

// ------------------------------------------------------------------------------------------
// Axes and legend
// ------------------------------------------------------------------------------------------

/** The money formatter of the y axis: the caller's fmt.money, or fmt.amount with the unit. */
function moneyOf(fmt) {
  if (typeof fmt.money === "function") return (v) => fmt.money(v);
  const unit = UNIT[document.documentElement.lang === "en" ? "en" : "da"];
  return (v) => unit(fmt.amount(v));
}

/**
 * The y scale over [yMin, yMax] widened to whole multiples of a round step (1, 2 or 5 × 10^k
 * kroner, at least 1), so every tick is an exact whole number of kroner, written as a decimal
 * string for the engine's formatter; about one tick per 50 px of plot height.
 */
function yTicks(yMin, yMax, plotHeight, fmt) {
  const step = Math.max(1, niceStep(yMax - yMin, Math.max(2, Math.floor(plotHeight / 50))));
  const k0 = Math.floor(yMin / step);
  const k1 = Math.max(k0 + 1, Math.ceil(yMax / step));
  const money = moneyOf(fmt);
  const ticks = [];
  for (let k = k0; k <= k1; k += 1) {
    const v = k * step;
    ticks.push({ value: v, text: money(String(v === 0 ? 0 : v)) });
  }
  return { lo: k0 * step, hi: k1 * step, ticks };
}

/**
 * The frame every chart shares: y ticks (their widest label sets the left margin), plot height
 * from the width, the band for x labels, and the legend laid out in rows below it.
 */
function layout(c, { yMin, yMax, fmt, legend }) {
  const plotHeight = Math.round(clamp(c.W * 0.4, 170, 230));
  const y = yTicks(yMin, yMax, plotHeight, fmt);
  const widest = Math.max(...y.ticks.map((t) => measure(c, t.text, "tick")));
  const left = Math.ceil(widest + 12);
  const plot = { left, right: c.W - RIGHT, top: TOP, bottom: TOP + plotHeight };
  const scale = (v) => plot.bottom - ((v - y.lo) / (y.hi - y.lo || 1)) * plotHeight;
  const legendTop = plot.bottom + FONT + 24;
  const rows = legendRows(c, legend, plot.left);
  return { plot, y, scale, rows, height: legendTop + rows.height + 4, legendTop };
}

function drawYAxis(c, L) {
  for (const t of L.y.ticks) {
    const py = L.scale(t.value);
    c.svg.append(el("line", { x1: L.plot.left, x2: L.plot.right, y1: py, y2: py, class: "grid" }));
    label(c, { x: L.plot.left - 6, y: py + FONT * 0.35, "text-anchor": "end" }, t.text, "tick y-tick");
  }
}

function drawZeroLine(c, L) {
  const py = L.scale(0);
  c.svg.append(el("line", { x1: L.plot.left, x2: L.plot.right, y1: py, y2: py, class: "axis" }));
}

/**
 * Category labels under the plot (years), centred on their slots; when they do not fit side by
 * side only every k-th is written (the first always).
 */
function drawCategories(c, L, labels, centre, slot) {
  const widest = Math.max(0, ...labels.map((t) => measure(c, t, "tick")));
  let every = 1;
  while (every < labels.length && slot * every < widest + 10) every += 1;
  labels.forEach((text, i) => {
    if (i % every !== 0) return;
    const w = measure(c, text, "tick");
    const x = clamp(centre(i), w / 2 + 2, c.W - w / 2 - 2);
    label(c, { x, y: L.plot.bottom + FONT + 8, "text-anchor": "middle" }, text, "tick x-tick");
  });
}

/** The month index (12 × year + month) of a day number, and the day number of a month's 1st. */
const monthOf = (d) => {
  const t = new Date(d * 86400000);
  return t.getUTCFullYear() * 12 + t.getUTCMonth();
};
const firstOf = (m) => Date.UTC(Math.floor(m / 12), m % 12, 1) / 86400000;
const isoOf = (d) => new Date(d * 86400000).toISOString().slice(0, 10);

/**
 * Date ticks on the 1st of a month, every 1, 2, 3, 4, 6, 12 … months (aligned to the year):
 * the shortest step whose labels, written by fmt.date, fit side by side.
 */
function drawDateTicks(c, L, x0, x1, x, fmt) {
  const first = firstOf(monthOf(x0)) < x0 ? monthOf(x0) + 1 : monthOf(x0);
  const last = monthOf(x1);
  const half = (t) => measure(c, t.text, "tick") / 2;
  let chosen = [];
  for (const step of [1, 2, 3, 4, 6, 12, 24, 60, 120, 240, 600, 1200]) {
    const ticks = [];
    for (let m = Math.ceil(first / step) * step; m <= last && ticks.length <= 400; m += step) {
      const d = firstOf(m);
      ticks.push({ d, text: fmt.date(isoOf(d)) });
    }
    if (ticks.length > 400) continue;
    for (const t of ticks) t.at = clamp(x(t.d), half(t) + 2, c.W - half(t) - 2);
    const fits = ticks.every((t, i) => i === 0 || t.at - ticks[i - 1].at >= half(t) + half(ticks[i - 1]) + 14);
    chosen = ticks;
    if (fits) break;
    chosen = ticks.slice(0, 1);
  }
  for (const t of chosen) {
    const px = x(t.d);
    c.svg.append(el("line", { x1: px, x2: px, y1: L.plot.bottom, y2: L.plot.bottom + 4, class: "axis" }));
    label(c, { x: t.at, y: L.plot.bottom + FONT + 8, "text-anchor": "middle" }, t.text, "tick x-tick");
  }
}

/**
 * The legend entries (swatch and text) in rows as wide as the chart: an entry moves to the next
 * row when it does not fit, and a text wider than the chart breaks at spaces.
 */
function legendRows(c, entries, plotLeft) {
  const texts = entries.map((e) => e.text);
  const widest = Math.max(0, ...texts.map((t) => 18 + measure(c, t, "legend")));
  const left = widest <= c.W - plotLeft - 4 ? plotLeft : 4;
  const maxText = c.W - left - 4 - 18;
  const placed = [];
  let [x, rowLines, height] = [left, 1, 0];
  entries.forEach((entry) => {
    const lines = wrap(c, entry.text, "legend", maxText);
    const w = 18 + Math.max(...lines.map((l) => measure(c, l, "legend")));
    if (x > left && x + w > c.W - 4) {
      height += rowLines * ROW;
      [x, rowLines] = [left, 1];
    }
    placed.push({ ...entry, lines, x, top: height });
    rowLines = Math.max(rowLines, lines.length);
    x += w + 22;
  });
  if (entries.length > 0) height += rowLines * ROW;
  return { placed, height };
}

function drawLegend(c, L) {
  for (const entry of L.rows.placed) {
    const y = L.legendTop + entry.top;
    c.svg.append(el("rect", { x: entry.x, y: y + 2, width: 12, height: 12, fill: entry.color, ...(entry.opacity ? { "fill-opacity": entry.opacity } : {}) }));
    entry.lines.forEach((line, i) => {
      label(c, { x: entry.x + 18, y: y + 12 + i * ROW }, line, "legend");
    });
  }
}

const legendOf = (labels) => labels.map((text, i) => ({ text, color: COLORS[i % COLORS.length] }));

// ------------------------------------------------------------------------------------------
// The charts
// ------------------------------------------------------------------------------------------

/**
 * A line chart over dates. series: [{label, points: [{date, value}]}];
 * markers: [{date, value, label, color}]; vlines: [{date, label}].
 */
export function lineChart(svg, options) {
  const { series, markers = [], vlines = [], label: name, fmt } = options;
  const c = begin(svg, name);
  keep(svg, c.W, () => lineChart(svg, options));
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return;
  const xs = all.map((p) => day(p.date));
  const ys = all.map((p) => Number(p.value));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs) || 1];
  const L = layout(c, { yMin: Math.min(0, ...ys), yMax: Math.max(1, ...ys), fmt, legend: legendOf(series.map((s) => s.label)) });
  const { plot } = L;
  const x = (d) => plot.left + ((d - x0) / (x1 - x0 || 1)) * (plot.right - plot.left);
  const y = L.scale;
  drawYAxis(c, L);
  drawDateTicks(c, L, x0, x1, x, fmt);
  drawZeroLine(c, L);
  series.forEach((s, i) => {
    const d = s.points.map((p, j) => `${j ? "L" : "M"}${x(day(p.date)).toFixed(1)},${y(Number(p.value)).toFixed(1)}`).join("");
    svg.append(el("path", { d, fill: "none", stroke: COLORS[i % COLORS.length], "stroke-width": 2.5, class: "series" }));
  });
  drawLegend(c, L);
  // Notes last: each goes to the first place near its point where it is clear of every label.
  const bounds = { x0: 0, y0: 0, x1: c.W, y1: plot.bottom - 2 };
  // The dashed lines are obstacles too, so a marker's note does not sit across one.
  for (const v of vlines) {
    const px = x(day(v.date));
    c.obstacles.push({ x0: px - 1, y0: plot.top, x1: px + 1, y1: plot.bottom });
  }
  const down = (from, count) => Array.from({ length: count }, (_, k) => from + k * (FONT / 2));
  const rows = Math.max(1, Math.floor((plot.bottom - plot.top) / (FONT / 2)));
  for (const v of vlines) {
    const px = x(day(v.date));
    svg.append(el("line", { x1: px, x2: px, y1: plot.top, y2: plot.bottom, class: "vline" }));
    const candidates = down(plot.top + FONT, rows).flatMap((py) => [
      { x: px + 5, y: py, anchor: "start" },
      { x: px - 5, y: py, anchor: "end" },
    ]);
    place(c, v.label, "note", candidates, bounds);
  }
  for (const m of markers) {
    const [px, py] = [x(day(m.date)), y(Number(m.value))];
    svg.append(el("circle", { cx: px, cy: py, r: 5, fill: m.color, class: "marker" }));
    const offsets = [0, ...Array.from({ length: rows }, (_, k) => (k + 1) * (FONT / 2))];
    const candidates = offsets.flatMap((dy) => [
      { x: px + 9, y: py + FONT + 4 + dy, anchor: "start" },
      { x: px + 9, y: py - 9 - dy, anchor: "start" },
      { x: px - 9, y: py + FONT + 4 + dy, anchor: "end" },
      { x: px - 9, y: py - 9 - dy, anchor: "end" },
    ]);
    place(c, m.label, "note", candidates, bounds);
  }
  finish(c, L.height);
}

/** Grouped bars: groups [{label, values: [number…]}], one colour per series label. */
export function barChart(svg, options) {
  const { groups, seriesLabels, label: name, fmt } = options;
  const c = begin(svg, name);
  keep(svg, c.W, () => barChart(svg, options));
  const values = groups.flatMap((g) => g.values.map(Number));
  if (values.length === 0) return;
  const L = layout(c, { yMin: Math.min(0, ...values), yMax: Math.max(0, ...values), fmt, legend: legendOf(seriesLabels) });
  const { plot } = L;
  const y = L.scale;
  drawYAxis(c, L);
  const slot = (plot.right - plot.left) / groups.length;
  const bw = Math.min(36, (slot * 0.8) / seriesLabels.length);
  const centre = (gi) => plot.left + slot * (gi + 0.5);
  groups.forEach((g, gi) => {
    g.values.forEach((v, si) => {
      const bx = centre(gi) - (bw * seriesLabels.length) / 2 + si * bw;
      const [top, bottom] = [y(Math.max(0, Number(v))), y(Math.min(0, Number(v)))];
      svg.append(el("rect", { x: bx, y: top, width: Math.max(1, bw - 2), height: Math.max(1, bottom - top), fill: COLORS[si % COLORS.length], class: "bar" }));
    });
  });
  drawCategories(c, L, groups.map((g) => g.label), centre, slot);
  drawZeroLine(c, L);
  drawLegend(c, L);
  finish(c, L.height);
}

/**
 * A fan chart over years: points [{label, low, mid, high}] drawn as a shaded band (low–high)
 * with the median line; labels = [band label, median label].
 */
export function fanChart(svg, options) {
  const { points, labels, label: name, fmt } = options;
  const c = begin(svg, name);
  keep(svg, c.W, () => fanChart(svg, options));
  if (points.length === 0) return;
  const values = points.flatMap((p) => [Number(p.low), Number(p.mid), Number(p.high)]);
  const legend = labels.map((text, i) => ({ text, color: COLORS[i % COLORS.length], opacity: i === 0 ? 0.35 : undefined }));
  const L = layout(c, { yMin: Math.min(0, ...values), yMax: Math.max(0, ...values), fmt, legend });
  const { plot } = L;
  const y = L.scale;
  drawYAxis(c, L);
  const slot = (plot.right - plot.left) / points.length;
  const x = (i) => plot.left + slot * (i + 0.5);
  const upper = points.map((p, i) => `${x(i).toFixed(1)},${y(Number(p.high)).toFixed(1)}`);
  const lower = points.map((p, i) => `${x(i).toFixed(1)},${y(Number(p.low)).toFixed(1)}`).reverse();
  if (points.length === 1) {
    const [px, top, bottom] = [x(0), y(Number(points[0].high)), y(Number(points[0].low))];
    svg.append(el("rect", { x: px - 24, y: top, width: 48, height: Math.max(1, bottom - top), fill: COLORS[0], "fill-opacity": 0.25, class: "band" }));
  } else {
    svg.append(el("polygon", { points: [...upper, ...lower].join(" "), fill: COLORS[0], "fill-opacity": 0.25, class: "band" }));
  }
  const d = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(Number(p.mid)).toFixed(1)}`).join("");
  svg.append(el("path", { d, fill: "none", stroke: COLORS[1], "stroke-width": 2.5, class: "series" }));
  points.forEach((p, i) => {
    svg.append(el("circle", { cx: x(i), cy: y(Number(p.mid)), r: 4, fill: COLORS[1], class: "marker" }));
  });
  drawCategories(c, L, points.map((p) => p.label), x, slot);
  drawZeroLine(c, L);
  drawLegend(c, L);
  finish(c, L.height);
}
