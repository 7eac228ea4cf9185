// The register section's Web Worker (a module worker): it reads the chosen files, evaluates the
// register with the engine (WebAssembly, its own instance), keeps the result and answers the
// page's questions about it — a page of the citizens table (sorted, searched), one citizen's
// explanation, the workbook and the CSV files — so the page stays responsive while it works.
// Nothing here touches the network: the files are read from the page's File objects, and the
// only fetch is the engine's own .wasm file (same origin, at start).
//
// Money never becomes a JS number: the engine gives the year table as decimal strings and the
// citizens' amounts in øre as BigInt (BigInt64Array); a page of rows goes back as decimal
// strings written from the øre exactly.

import init, { evaluateRegisterFile } from "./pkg/refusion_wasm.js";

const ready = init();

/** The current result: the engine's RegisterRun, the citizens' columns and the orders built. */
let current = null;

/** Posts a message to the page. */
const post = (message, transfer = []) => self.postMessage(message, transfer);

/** An engine error as a plain object (its `code`, `field` and message without the field). */
function plainError(error) {
  const field = String(error?.field ?? "");
  let message = String(error?.message ?? error);
  if (field && message.startsWith(`${field}: `)) message = message.slice(field.length + 2);
  return { code: String(error?.code ?? "syntax"), field, message };
}

/** A file's bytes, read as a stream with progress (`stage`, bytes so far of the total). */
async function readBytes(file, stage, offset, total) {
  if (!file) return null;
  if (file instanceof Uint8Array) return file;
  if (file instanceof ArrayBuffer) return new Uint8Array(file);
  const out = new Uint8Array(file.size);
  let at = 0;
  let last = 0;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > out.length) throw new Error("the file changed while it was read");
    out.set(value, at);
    at += value.length;
    // A message every 1 % or so, not one per chunk.
    if (at - last >= total / 100 || at === out.length) {
      last = at;
      post({ type: "progress", stage, loaded: offset + at, total });
    }
  }
  return at === out.length ? out : out.subarray(0, at);
}

/** A decimal string from øre (exact: BigInt arithmetic). */
function decimal(ore) {
  const negative = ore < 0n;
  const abs = negative ? -ore : ore;
  const kr = abs / 100n;
  const frac = String(abs % 100n).padStart(2, "0");
  return `${negative ? "-" : ""}${kr}.${frac}`;
}

const MONEY = ["gross", "citizen_payment", "state_refusion", "municipal_net"];
const COUNTS = ["stays", "nights", "refunded_nights", "support_days"];

/** The order of the citizens by `key` ascending (ties by the file's order); cached per key. */
function orderBy(key) {
  const c = current.columns;
  const cached = current.orders.get(key);
  if (cached) return cached;
  const order = new Uint32Array(c.count);
  for (let i = 0; i < c.count; i++) order[i] = i;
  let compare;
  if (key === "id") {
    const collator = new Intl.Collator("da", { numeric: true });
    const ids = c.ids;
    compare = (a, b) => collator.compare(ids[a], ids[b]) || a - b;
  } else if (MONEY.includes(key)) {
    const col = c[`${key}_ore`];
    compare = (a, b) => (col[a] < col[b] ? -1 : col[a] > col[b] ? 1 : a - b);
  } else if (COUNTS.includes(key)) {
    const col = c[key];
    compare = (a, b) => col[a] - col[b] || a - b;
  } else {
    compare = null; // the file's order
  }
  if (compare) order.sort(compare);
  current.orders.set(key, order);
  return order;
}

/** One row of the citizens table: counts as numbers, money as decimal strings. */
function row(i) {
  const c = current.columns;
  const r = { index: i, id: c.ids[i] };
  for (const k of COUNTS) r[k] = c[k][i];
  for (const k of MONEY) r[k] = decimal(c[`${k}_ore`][i]);
  return r;
}

/** A page of the citizens table: sorted by `sort.key` (`dir` "asc"/"desc"), searched by id. */
function page({ sort, query, page: wanted, size }) {
  const c = current.columns;
  const order = orderBy(sort?.key ?? "file");
  const desc = sort?.dir === "desc";
  const q = String(query ?? "").trim().toLocaleLowerCase("da");
  let indices;
  if (q === "") {
    indices = null;
  } else {
    const key = `${sort?.key ?? "file"}|${q}`;
    if (current.search?.key === key) {
      indices = current.search.indices;
    } else {
      indices = [];
      const lower = current.lowerIds ??= c.ids.map((id) => id.toLocaleLowerCase("da"));
      for (const i of order) if (lower[i].includes(q)) indices.push(i);
      current.search = { key, indices };
    }
  }
  const total = indices ? indices.length : c.count;
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(1, wanted | 0), pages);
  const rows = [];
  for (let k = (p - 1) * size; k < Math.min(total, p * size); k++) {
    const at = desc ? total - 1 - k : k;
    rows.push(row(indices ? indices[at] : order[at]));
  }
  return { rows, total, page: p, pages, size, all: c.count };
}

async function run({ stays, support, policy }) {
  await ready;
  current?.run.free();
  current = null;
  const total = (stays?.size ?? stays?.byteLength ?? 0) + (support?.size ?? support?.byteLength ?? 0);
  post({ type: "progress", stage: "read", loaded: 0, total });
  const stayBytes = await readBytes(stays, "read", 0, total);
  const supportBytes = await readBytes(support, "read", stays?.size ?? stays?.byteLength ?? 0, total);
  post({ type: "progress", stage: "evaluate" });
  const started = performance.now();
  const result = evaluateRegisterFile(stayBytes, supportBytes, policy);
  const evaluateMs = performance.now() - started;
  post({ type: "progress", stage: "tables" });
  const years = result.years();
  current = { run: result, columns: null, orders: new Map(), search: null, lowerIds: null };
  // The year table first: the page shows it while the citizens' columns are built.
  post({ type: "years", years, evaluateMs });
  current.columns = result.citizens();
  return { count: current.columns.count };
}

const HANDLERS = {
  run,
  page: (m) => page(m),
  explain: ({ id }) => current.run.explain(id),
  workbook: ({ lang, explain }) => {
    const bytes = current.run.workbook(lang, explain ?? null);
    return { bytes, transfer: [bytes.buffer] };
  },
  csv: ({ table, dialect }) => (table === "years" ? current.run.yearsCsv(dialect) : current.run.citizensCsv(dialect)),
};

self.onmessage = async (event) => {
  const { seq, type } = event.data;
  try {
    const handler = HANDLERS[type];
    if (!handler) throw new Error(`unknown request ${type}`);
    if (type !== "run" && !current) throw new Error("no register has been evaluated");
    const value = await handler(event.data);
    if (value && value.transfer) {
      post({ type: "done", seq, value: value.bytes }, value.transfer);
    } else {
      post({ type: "done", seq, value });
    }
  } catch (error) {
    post({ type: "failed", seq, error: plainError(error) });
  }
};
