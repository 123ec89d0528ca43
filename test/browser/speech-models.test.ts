/**
 * The speech-model flow in a real Chromium against a real Tocsin server (issue 18 part 4): an
 * analyst uploads a labelled CSV, sees the cross-validated scores and confusion matrix before
 * anything changes, activates the model for their organisation only, trains a second one,
 * activates it and rolls back. Screenshot in test-artifacts/.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { permissionsFor, type Actor } from "../../src/domain/identity/permissions.ts";
import { bootstrapAdmin, createUser } from "../../src/services/auth.service.ts";
import { organisations } from "../../src/infra/store/schema/mod.ts";
import { analyseForOrganisation } from "../../src/services/speech-org.service.ts";
import { artifactsDir, browserSkipReason, buildWeb, launchBrowser, startTestServer, type TestBrowser, type TestServer } from "./harness.ts";

const skip = browserSkipReason();
const PASSWORD = "correct horse battery staple";

function csv(word: string): string {
  const lines = ["tweet,class"];
  for (let i = 0; i < 12; i++) lines.push(`"kill the ${word} ${i}, burn them",violent`, `prices at the market ${i} rose today,calm`);
  return lines.join("\n");
}

describe("speech models page in Chromium", { skip }, () => {
  let server: TestServer;
  let browser: TestBrowser;
  let organisationId = "";
  const problems: string[] = [];

  before(async () => {
    buildWeb();
    server = await startTestServer({ forecast: false });
    const boot = await bootstrapAdmin(server.tocsin.store, { organisationName: "Speech Watch", email: "admin@example.org", displayName: "Ada Admin", password: PASSWORD });
    organisationId = boot.organisationId;
    const admin: Actor = { kind: "user", userId: boot.user.id, organisationId, role: "admin", permissions: permissionsFor("admin"), via: "session" };
    await createUser(server.tocsin.store, admin, { email: "analyst@example.org", displayName: "Ana Analyst", role: "analyst", password: PASSWORD });
    browser = await launchBrowser();
    browser.context.on("page", (p) => p.on("pageerror", (e) => problems.push(`${p.url()}: ${e.message}`)));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("upload, see cross-validated scores, activate, train again, roll back", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/sign-in?next=/speech/models`);
    await page.getByLabel("E-mail").fill("analyst@example.org");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/speech/models`);
    await page.getByRole("heading", { name: "Speech models" }).waitFor();
    assert.match(await page.getByTestId("active-model").innerText(), /no model/);

    const upload = async (word: string) => {
      await page.getByLabel("Labelled CSV").setInputFiles({ name: `${word}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv(word)) });
      await page.getByLabel("Text column").fill("tweet");
      await page.getByLabel("Label column").fill("class");
      await page.getByRole("button", { name: "Train", exact: true }).click();
      await page.getByRole("heading", { name: new RegExp(`^Trained: ${word}\\.csv`) }).waitFor({ timeout: 120_000 });
    };
    await upload("rats");
    // Scores and confusion matrix are shown before anything is active.
    const f1 = Number(await page.getByTestId("cv-macro-f1").innerText());
    assert.ok(f1 > 0.8, `cross-validated macro-F1 ${f1}`);
    const cells = await page.getByRole("table", { name: "Confusion matrix" }).locator("tbody td").allInnerTexts();
    assert.equal(cells.map(Number).reduce((a, b) => a + b, 0), 24, "every training row once in the confusion matrix");
    assert.match(await page.getByTestId("active-model").innerText(), /no model/);
    await page.screenshot({ path: join(artifactsDir(), "speech-models-trained.png"), fullPage: true });

    await page.getByRole("button", { name: "Activate this model" }).click();
    await page.getByTestId("active-model").filter({ hasText: "rats.csv" }).waitFor();
    const first = Number(/#(\d+)/.exec(await page.getByTestId("active-model").innerText())![1]);

    await upload("snakes");
    await page.getByRole("button", { name: "Activate this model" }).click();
    await page.getByTestId("active-model").filter({ hasText: "snakes.csv" }).waitFor();
    await page.getByRole("button", { name: /^Roll back to rats\.csv/ }).click();
    await page.getByTestId("active-model").filter({ hasText: "rats.csv" }).waitFor();
    await page.screenshot({ path: join(artifactsDir(), "speech-models-rolled-back.png"), fullPage: true });

    // The store agrees: this organisation analyses with the first model; another does not.
    const other = randomUUID();
    await server.tocsin.store.db.insert(organisations).values({ id: other, name: "Other", createdAt: new Date() });
    const as = (org: string): Actor => ({ kind: "user", userId: randomUUID(), organisationId: org, role: "analyst", permissions: permissionsFor("analyst"), via: "session" });
    assert.equal((await analyseForOrganisation(server.tocsin.store, as(organisationId), [{ text: "kill the rats 50, burn them" }])).modelId, first);
    assert.equal((await analyseForOrganisation(server.tocsin.store, as(other), [{ text: "kill the rats 50, burn them" }])).modelId, null);
    const audit = await server.tocsin.store.db.execute(sql`select action from audit_log where organisation_id = ${organisationId}`);
    const actions = (audit as unknown as { rows: { action: string }[] }).rows.map((r) => r.action);
    assert.equal(actions.filter((a) => a === "speech_model.trained").length, 2);
    assert.ok(actions.includes("speech_org_model.rolled_back"));
    assert.deepEqual(problems, []);
    await page.close();
  });
});
