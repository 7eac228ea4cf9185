// Privacy of the register section: the file never leaves the browser. Every request the page
// (and its worker) makes from opening to the end of an evaluation, an explanation and the
// downloads is recorded: each must go to the page's own origin, for a file the page ships
// (html, js, css, wasm), and none may carry the register's contents.
import { readFileSync } from "node:fs";
import { REPO, expect, openCalculator, test } from "./fixtures.mjs";

const REGISTER = `${REPO}examples/register.csv`;
const SUPPORT = `${REPO}examples/register_support.csv`;
const SHIPPED = /\.(html|js|css|wasm)$/;

test("the page says, plainly, that the file stays on the computer", async ({ page }) => {
  await openCalculator(page);
  await expect(page.locator("#reg-privacy")).toHaveText("Filen bliver på din computer: den læses og beregnes her i browseren og sendes ingen steder hen.");
  await page.locator("#lang-toggle").click();
  await expect(page.locator("#reg-privacy")).toHaveText("The file stays on your computer: it is read and evaluated here in the browser and sent nowhere.");
});

test("no request leaves the page's own files while a register is evaluated, explained and downloaded", async ({ page, context, baseURL }) => {
  const requests = [];
  const record = (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? "", type: r.resourceType() });
  // The context sees the page's requests and its worker's (a dedicated worker's fetches too).
  context.on("request", record);
  await openCalculator(page);
  await expect(page.locator("#register-section")).toHaveAttribute("data-ready", "1");
  const before = requests.length;
  await page.locator("#reg-support").setInputFiles(SUPPORT);
  await page.locator("#reg-file").setInputFiles(REGISTER);
  await expect(page.locator("#register-section")).toHaveAttribute("data-state", "done");
  await page.locator('#reg-citizens tbody tr[data-id="E5"] button.citizen').click();
  await expect(page.locator("#reg-explain h3")).toBeVisible();
  await page.locator("#reg-search").fill("E");
  await expect(page.locator("#reg-page")).toHaveAttribute("data-total", "3");
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#reg-csv-citizens").click()]);
  await download.path();
  // The worker's requests (its script, the engine's module and .wasm) happened during the run.
  const during = requests.slice(before);
  expect(during.some((r) => r.url.endsWith("/register-worker.js")), "the worker was loaded from the page's origin").toBe(true);

  const origin = new URL(baseURL).origin;
  const contents = [readFileSync(REGISTER, "utf8"), readFileSync(SUPPORT, "utf8")];
  const words = ["E5", "1988-04-20", "1.400,00", "104.000,00", "m-act"];
  for (const r of requests) {
    const url = new URL(r.url);
    if (url.protocol === "blob:" || url.protocol === "data:") {
      // A download made in the page (the CSV) or the page's icon: never a network request.
      expect(r.method).toBe("GET");
      continue;
    }
    expect(url.origin, `${r.url} goes to the page's own origin`).toBe(origin);
    expect(r.method, `${r.url} only fetches`).toBe("GET");
    expect(r.body, `${r.url} sends nothing`).toBe("");
    expect(url.search, `${r.url} carries no query`).toBe("");
    expect(url.pathname === "/" || SHIPPED.test(url.pathname), `${r.url} is a file the page ships`).toBe(true);
    for (const text of [...contents, ...words]) expect(decodeURIComponent(r.url)).not.toContain(text);
  }
});
