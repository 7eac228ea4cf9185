// One citizen: the payer split, the policies, break-even against the CLI, validation,
// the language toggle and the recompute time.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { CLI, E2, REPO, cell, expect, fillFields, openCalculator, test } from "./fixtures.mjs";

// A state that differs from E2 in every citizen field, so only the fill can produce E2's result.
const OTHER = "?birth=1970-01-01&admitted=2026-02-01&planned=2026-09-01&rate=900&own=50&policy=pre-reform";

test.describe("one citizen", () => {
  test("filling the E2 scenario shows its payer split (stay pathway)", async ({ page }) => {
    await openCalculator(page, OTHER);
    await expect(page.locator("#rate")).toHaveValue("900");
    await expect(page.locator("#policy")).toHaveValue("pre-reform");
    await expect(cell(page, "stay", "municipal_net")).not.toHaveText("219.700,00 kr.");
    await expect(cell(page, "stay", "municipal_net")).toHaveText(/kr\.$/);

    await fillFields(page, E2);

    for (const [id, value] of Object.entries(E2)) await expect(page.locator(`#${id}`)).toHaveValue(value);
    await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");
    await expect(cell(page, "stay", "gross")).toHaveText("299.600,00 kr.");
    await expect(cell(page, "stay", "citizen_payment")).toHaveText("21.400,00 kr.");
    await expect(cell(page, "stay", "state_refusion")).toHaveText("58.500,00 kr.");
    await expect(page.locator("#citizen-summary-error")).toBeHidden();
    // The state follows into the URL (E2 is the default, so the query is empty again).
    expect(new URL(page.url()).search).toBe("");
  });

  test("age-26 reading: a young citizen gets 120 refunded nights (E3)", async ({ page }) => {
    await openCalculator(page, OTHER);
    await fillFields(page, { ...E2, birth: "2003-08-01" });
    await expect(cell(page, "stay", "state_refusion")).toHaveText("58.500,00 kr.");
    await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");

    await page.locator("#policy").selectOption("age-26");
    await expect(cell(page, "stay", "state_refusion")).toHaveText("78.000,00 kr.");
    await expect(cell(page, "stay", "municipal_net")).toHaveText("200.200,00 kr.");
    await expect(cell(page, "stay", "gross")).toHaveText("299.600,00 kr.");
    await expect(cell(page, "stay", "citizen_payment")).toHaveText("21.400,00 kr.");
    expect(new URL(page.url()).searchParams.get("policy")).toBe("age-26");

    await page.locator("#policy").selectOption("statutory");
    await expect(cell(page, "stay", "state_refusion")).toHaveText("58.500,00 kr.");
  });

  test.describe("break-even", () => {
    test.beforeAll(() => {
      if (!existsSync(CLI)) {
        test.setTimeout(600_000);
        execFileSync("cargo", ["build", "-q", "-p", "refusion-cli"], { cwd: REPO, stdio: "inherit" });
      }
    });

    test("the break-even night equals the Rust CLI's", async ({ page }) => {
      const cli = JSON.parse(
        execFileSync(CLI, [
          "break-even", "--json",
          "--birth-date", "1988-04-20", "--admitted", "2026-06-01",
          "--daily-rate", "1400", "--own-payment", "100",
        ], { encoding: "utf8" }),
      );
      expect(cli.municipality.night).toBe(126);
      expect(cli.municipality.date).toBe("2026-10-04");

      await openCalculator(page, OTHER);
      await fillFields(page, { ...E2, method: "m-act", annual: "104000", nightsBefore: "1" });
      await page.locator("#decided").check();

      const breakeven = page.locator("#breakeven");
      await expect(breakeven).toHaveAttribute("data-night", String(cli.municipality.night));
      await expect(breakeven).toContainText(`${cli.municipality.night} nætter`);
      await expect(breakeven).toContainText("4. okt. 2026");
      await expect(page.locator("#breakeven-public")).toContainText(`nat ${cli.public_sector.night}`);
      await expect(page.locator("#breakeven-public")).toContainText("9. nov. 2026");
      // The chart marks the break-even night and the refund cliff.
      await expect(page.locator("#chart text.note", { hasText: `nat ${cli.municipality.night}` })).toHaveCount(1);
      await expect(page.locator("#chart")).toHaveAttribute("data-cliffs", "1");
    });
  });

  test("an invalid amount shows a Danish message inline and the fix restores the result", async ({ page }) => {
    await openCalculator(page);
    await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");

    const rate = page.locator("#rate");
    await rate.fill("");
    await rate.pressSequentially("abc");
    await expect(rate).toHaveValue("abc");
    await expect(page.locator("#rate-error")).toHaveText("Skriv et beløb, fx 1400 eller 1.400,50.");
    await expect(page.locator("#rate-error")).toBeVisible();
    await expect(rate).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#citizen-summary-error")).toBeVisible();
    await expect(page.locator("#citizen-summary-error")).toHaveText("Ret de markerede felter for at se resultatet.");
    // Not blank: the heading, the form and the rest of the page are still there.
    await expect(page.locator("h1")).toBeVisible();
    await expect(page.locator("#citizen-form")).toBeVisible();
    await expect(page.locator("#budget-tables table")).toHaveCount(3);
    await expect(cell(page, "stay", "municipal_net")).toHaveCount(0);

    await rate.fill("1400");
    await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");
    await expect(rate).not.toHaveAttribute("aria-invalid", /.*/);
    await expect(page.locator("#rate-error")).toHaveText("");
    await expect(page.locator("#citizen-summary-error")).toBeHidden();
  });

  test("a discharge before the admission is flagged at the planned discharge", async ({ page }) => {
    await openCalculator(page);
    await page.locator("#planned").fill("2026-05-01");
    await expect(page.locator("#planned")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#planned-error")).toBeVisible();
    await expect(page.locator("#planned-error")).toHaveText("Udskrivningen skal ligge efter indskrivningen.");
    await expect(page.locator("#citizen-summary-error")).toBeVisible();
    await expect(page.locator("#rate")).not.toHaveAttribute("aria-invalid", /.*/);

    await page.locator("#planned").fill("2027-01-01");
    await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");
    await expect(page.locator("#planned-error")).toHaveText("");
  });

  test("a Danish decimal amount 1.400,00 is read as 1400", async ({ page }) => {
    await openCalculator(page, "?rate=900");
    await expect(cell(page, "stay", "municipal_net")).not.toHaveText("219.700,00 kr.");
    await page.locator("#rate").fill("1.400,00");
    await expect(page.locator("#rate")).not.toHaveAttribute("aria-invalid", /.*/);
    await expect(cell(page, "stay", "gross")).toHaveText("299.600,00 kr.");
    await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");
    // "1.400" (a dot before exactly three digits) is a thousands separator, too.
    await page.locator("#rate").fill("1.400");
    await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");
  });

  test("amounts are read by the engine's parser: spaces and kr. are accepted, its limits enforced", async ({ page }) => {
    await openCalculator(page, "?rate=900&annual=95000");
    await page.locator("#rate").fill("1.400 kr.");
    await page.locator("#annual").fill("104 000");
    await expect(page.locator("#rate")).not.toHaveAttribute("aria-invalid", /.*/);
    await expect(page.locator("#annual")).not.toHaveAttribute("aria-invalid", /.*/);
    await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");
    await expect(page.locator("#breakeven")).toHaveAttribute("data-night", "126");
    // The rule stated beside the fields is the engine's.
    await expect(page.locator("#amount-rule")).toContainText('mellemrum og "kr." må gerne stå med');
    // Seven decimals is more than the engine takes: marked, with the reason in Danish.
    await page.locator("#rate").fill("1400,1234567");
    await expect(page.locator("#rate")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#rate-error")).toHaveText("Beløbet kan ikke bruges: for mange decimaler, eller for stort.");
    await page.locator("#lang-toggle").click();
    await expect(page.locator("#rate-error")).toContainText("has 7 decimals");
  });

  test("the English toggle switches labels and amounts, and back", async ({ page }) => {
    await openCalculator(page);
    const toggle = page.locator("#lang-toggle");
    await expect(toggle).toHaveText("English");
    await expect(page.locator('label[for="birth"]')).toHaveText("Fødselsdato");

    await toggle.click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(toggle).toHaveText("Dansk");
    await expect(page.locator("h1")).toHaveText("Refund calculator: shelter, home support and M-ACT");
    await expect(page.locator('label[for="birth"]')).toHaveText("Birth date");
    await expect(page.locator('label[for="rate"]')).toHaveText("Rate per night (DKK)");
    await expect(page.getByLabel("Rate per night (DKK)").first()).toHaveValue("1400");
    await expect(cell(page, "stay", "municipal_net")).toHaveText("DKK 219,700.00");
    await expect(cell(page, "stay", "gross")).toHaveText("DKK 299,600.00");
    await expect(page.locator("#breakeven")).toContainText("4 Oct 2026");
    expect(new URL(page.url()).searchParams.get("lang")).toBe("en");

    await toggle.click();
    await expect(page.locator("html")).toHaveAttribute("lang", "da");
    await expect(toggle).toHaveText("English");
    await expect(page.locator('label[for="birth"]')).toHaveText("Fødselsdato");
    await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");
    await expect(page.locator("#breakeven")).toContainText("4. okt. 2026");
    expect(new URL(page.url()).searchParams.has("lang")).toBe(false);
  });

  test("one change of input recomputes well within 500 ms", async ({ page }, testInfo) => {
    await openCalculator(page);
    const rate = page.locator("#rate");

    // One change through Playwright: the page records its own recompute time.
    await page.evaluate(() => delete document.body.dataset.recomputeMs);
    await rate.fill("1500");
    await expect(page.locator("body")).toHaveAttribute("data-recompute-ms", /^\d+(\.\d+)?$/);
    await expect(cell(page, "stay", "gross")).toHaveText("321.000,00 kr.");
    const pageMs = Number(await page.evaluate(() => document.body.dataset.recomputeMs));

    // The same change dispatched synchronously, timing the whole input handler (recompute,
    // render, URL update) from outside; a few repetitions with alternating values.
    const handlerMs = await page.evaluate(() => {
      const el = document.getElementById("rate");
      const times = [];
      for (const value of ["1400", "1500", "1400", "1500", "1400"]) {
        el.value = value;
        const t0 = performance.now();
        el.dispatchEvent(new Event("input", { bubbles: true }));
        times.push(performance.now() - t0);
      }
      return times;
    });
    await expect(cell(page, "stay", "municipal_net")).toHaveText("219.700,00 kr.");
    const sorted = [...handlerMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];

    const line = `recompute for one change of #rate: page-reported ${pageMs.toFixed(2)} ms; ` +
      `input handler ${handlerMs.map((t) => t.toFixed(2)).join(", ")} ms (median ${median.toFixed(2)} ms)`;
    console.log(line);
    testInfo.annotations.push({ type: "recompute-ms", description: line });
    // The bound only catches a hang; a loaded CI machine can stall a single sample, so the
    // repeated samples are judged by their median.
    expect(pageMs).toBeLessThan(500);
    expect(median).toBeLessThan(500);
  });
});
