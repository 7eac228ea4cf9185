// Small SVG charts built with DOM calls (no innerHTML). Amounts become numbers only to draw;
// every label is written by the engine's formatters, which the caller passes as
// `fmt: { amount(decimalString), date(iso) }`.

const NS = "http://www.w3.org/2000/svg";
const W = 760;
const H = 300;
const PAD = { left: 108, right: 16, top: 16, bottom: 44 };
export const COLORS = ["#1f5fa8", "#b8420f", "#2e7d32", "#6a1b9a"];

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

function frame(svg, label) {
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
}

/**
 * Gridlines at whole multiples of a round step (1, 2 or 5 × 10^k kroner, at least 1), so every
 * tick is an exact whole number of kroner, written as a decimal string for the engine's formatter.
 */
function yAxis(svg, yMin, yMax, y, fmt) {
  const step = Math.max(1, niceStep(yMax - yMin, 5));
  for (let k = Math.ceil(yMin / step); k * step <= yMax; k += 1) {
    const v = k * step;
    const py = y(v);
    svg.append(el("line", { x1: PAD.left, x2: W - PAD.right, y1: py, y2: py, class: "grid" }));
    svg.append(el("text", { x: PAD.left - 6, y: py + 4, "text-anchor": "end", class: "tick" }, fmt.amount(String(v === 0 ? 0 : v))));
  }
}

/**
 * A line chart over dates. series: [{label, points: [{date, value}]}];
 * markers: [{date, value, label, color}]; vlines: [{date, label}].
 */
export function lineChart(svg, { series, markers = [], vlines = [], label, fmt }) {
  frame(svg, label);
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return;
  const xs = all.map((p) => day(p.date));
  const ys = all.map((p) => Number(p.value));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs) || 1];
  const [y0, y1] = [Math.min(0, ...ys), Math.max(1, ...ys)];
  const x = (d) => PAD.left + ((d - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right);
  const y = (v) => H - PAD.bottom - ((v - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
  yAxis(svg, y0, y1, y, fmt);
  // x ticks: the 1st of every few months
  const start = new Date(x0 * 86400000);
  const months = Math.max(1, Math.round((x1 - x0) / 30 / 6));
  const t = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  for (; t.getTime() / 86400000 <= x1; t.setUTCMonth(t.getUTCMonth() + months)) {
    const px = x(t.getTime() / 86400000);
    const iso = t.toISOString().slice(0, 10);
    svg.append(el("line", { x1: px, x2: px, y1: H - PAD.bottom, y2: H - PAD.bottom + 4, class: "axis" }));
    svg.append(el("text", { x: px, y: H - PAD.bottom + 18, "text-anchor": "middle", class: "tick" }, fmt.date(iso)));
  }
  svg.append(el("line", { x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0), class: "axis" }));
  series.forEach((s, i) => {
    const d = s.points.map((p, j) => `${j ? "L" : "M"}${x(day(p.date)).toFixed(1)},${y(Number(p.value)).toFixed(1)}`).join("");
    svg.append(el("path", { d, fill: "none", stroke: COLORS[i % COLORS.length], "stroke-width": 2.5, class: "series" }));
  });
  for (const v of vlines) {
    const px = x(day(v.date));
    svg.append(el("line", { x1: px, x2: px, y1: PAD.top, y2: H - PAD.bottom, class: "vline" }));
    svg.append(el("text", { x: px + 4, y: PAD.top + 12, class: "note" }, v.label));
  }
  for (const m of markers) {
    const [px, py] = [x(day(m.date)), y(Number(m.value))];
    svg.append(el("circle", { cx: px, cy: py, r: 5, fill: m.color, class: "marker" }));
    svg.append(el("text", { x: px + 8, y: py + 16, class: "note" }, m.label));
  }
  legend(svg, series.map((s) => s.label));
}

/** Grouped bars: groups [{label, values: [number…]}], one colour per series label. */
export function barChart(svg, { groups, seriesLabels, label, fmt }) {
  frame(svg, label);
  const values = groups.flatMap((g) => g.values.map(Number));
  if (values.length === 0) return;
  const [y0, y1] = [Math.min(0, ...values), Math.max(0, ...values) || 1];
  const y = (v) => H - PAD.bottom - ((v - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
  yAxis(svg, y0, y1, y, fmt);
  const slot = (W - PAD.left - PAD.right) / groups.length;
  const bw = Math.min(36, (slot * 0.8) / seriesLabels.length);
  groups.forEach((g, gi) => {
    const cx = PAD.left + slot * (gi + 0.5);
    g.values.forEach((v, si) => {
      const bx = cx - (bw * seriesLabels.length) / 2 + si * bw;
      const [top, bottom] = [y(Math.max(0, Number(v))), y(Math.min(0, Number(v)))];
      svg.append(el("rect", { x: bx, y: top, width: bw - 2, height: Math.max(1, bottom - top), fill: COLORS[si % COLORS.length], class: "bar" }));
    });
    svg.append(el("text", { x: cx, y: H - PAD.bottom + 18, "text-anchor": "middle", class: "tick" }, g.label));
  });
  svg.append(el("line", { x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0), class: "axis" }));
  legend(svg, seriesLabels);
}

/** The legend along the bottom: each entry as wide as its text (11px, about 6.5px a character). */
function legend(svg, labels) {
  let lx = PAD.left + 8;
  labels.forEach((text, i) => {
    svg.append(el("rect", { x: lx, y: H - 14, width: 12, height: 12, fill: COLORS[i % COLORS.length] }));
    svg.append(el("text", { x: lx + 18, y: H - 4, class: "legend" }, text));
    lx += Math.max(160, 18 + text.length * 6.5 + 24);
  });
}

/**
 * A fan chart over years: points [{label, low, mid, high}] drawn as a shaded band (low–high)
 * with the median line; labels = [band label, median label].
 */
export function fanChart(svg, { points, labels, label, fmt }) {
  frame(svg, label);
  if (points.length === 0) return;
  const values = points.flatMap((p) => [Number(p.low), Number(p.mid), Number(p.high)]);
  const [y0, y1] = [Math.min(0, ...values), Math.max(0, ...values) || 1];
  const y = (v) => H - PAD.bottom - ((v - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
  yAxis(svg, y0, y1, y, fmt);
  const slot = (W - PAD.left - PAD.right) / points.length;
  const x = (i) => PAD.left + slot * (i + 0.5);
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
    svg.append(el("text", { x: x(i), y: H - PAD.bottom + 18, "text-anchor": "middle", class: "tick" }, p.label));
  });
  svg.append(el("line", { x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0), class: "axis" }));
  legend(svg, labels);
}
