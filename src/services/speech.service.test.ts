/**
 * Speech use cases on every available engine: batch ingestion is idempotent by client id and
 * all-or-nothing, lexicon edits change the next analysis (and are audited), trends and spike alerts
 * come from the stored items, and HurtLex imports into the stored lexicon from the mirror.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { countryRegistry } from "../domain/country/registry.ts";
import { ForbiddenError, permissionsFor, type Actor, type Role } from "../domain/identity/permissions.ts";
import { SpeechItemError } from "../domain/speech/items.ts";
import { periodStart } from "../domain/speech/trends.ts";
import { resolveMirror } from "../infra/importers/mirror.ts";
import type { Store } from "../infra/store/database.ts";
import { SpeechRepository } from "../infra/store/speech.repository.ts";
import { organisations } from "../infra/store/schema/mod.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { InvalidInputError } from "./auth.service.ts";
import { syncCountries } from "./country.service.ts";
import { trainClassifier, type SpeechModelFile } from "../domain/speech/classifier.ts";
import {
  activateSpeechModel, countrySpeechTrends, createLexiconEntry, deleteLexiconEntry, importHurtlexToStore, ingestSpeech, listSpeechItems,
  listSpeechModels, reanalyseSpeechItems, speechAlerts, speechAnalyser, speechSpikesForCountry, storeSpeechBatch, storeSpeechModel,
  updateLexiconEntry, uploadSpeechModel,
} from "./speech.service.ts";

/** A tiny two-class model: violent texts vs market talk (enough to tell them apart). */
function tinyModel(seedWord: string): SpeechModelFile {
  const texts: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < 12; i++) {
    texts.push(`kill the ${seedWord} ${i} burn them all`, `prices at the market ${i} rose today`);
    labels.push("violent", "calm");
  }
  return trainClassifier(texts, labels, { dataSha256: "a".repeat(64), l2Grid: [1e-3], classWeightPowers: [0], tuneOffsets: false, maxIter: 50 });
}

const registry = countryRegistry();
// Speech items record their (real) submitting organisation, so the actors belong to one.
const ORG = randomUUID();
const actorOf = (role: Role): Actor => ({ kind: "user", userId: randomUUID(), organisationId: ORG, role, permissions: permissionsFor(role), via: "session" });
const item = (id: string, text: string, extra: Record<string, unknown> = {}) => ({ id, text, time: "2024-05-01T10:00:00Z", source: "radio-x", country: "MM", ...extra });
const count = async (store: Store) => new SpeechRepository(store.db).countItems();

for (const engine of availableEngines()) {
  describe(`speech service on ${engine}`, () => {
    let store: Store;
    before(async () => {
      store = await openTestStore(engine);
      await syncCountries(store.db, registry);
      await store.db.insert(organisations).values({ id: ORG, name: "speech-test", createdAt: new Date() });
    });
    after(async () => store?.close());

    test("the same batch twice is stored once; repeats inside a batch count as duplicates", async () => {
      const batch = { items: [item("a-1", "they are cockroaches"), item("a-2", "market day", { lang: "en", reach: 1200 }), item("a-1", "copy")] };
      const first = await ingestSpeech(store, registry, actorOf("monitor"), batch);
      assert.deepEqual({ inserted: first.inserted, duplicates: first.duplicates }, { inserted: 2, duplicates: 1 });
      // Client ids are unique per organisation: the same organisation re-sending is a duplicate.
      const second = await ingestSpeech(store, registry, actorOf("monitor"), batch);
      assert.deepEqual({ inserted: second.inserted, duplicates: second.duplicates }, { inserted: 0, duplicates: 3 });
      const { items } = await listSpeechItems(store, { country: "mmr" }, 10);
      assert.deepEqual(items.map((i) => i.clientId), ["a-1", "a-2"]);
      const a1 = items[0];
      assert.equal(a1.text, "they are cockroaches", "the first copy wins and a retry changes nothing");
      assert.equal(a1.country, "MMR", "alpha-2 resolved to the registry key");
      assert.ok(a1.analysis.hallmarks.some((h) => h.kind === "dehumanisation"));
      assert.equal(items[1].reach, 1200);
      assert.equal(items[1].analysis.languageSource, "given");
    });

    test("one bad item rejects the whole batch and stores nothing", async () => {
      const before = await count(store);
      const bad = [item("b-1", "fine"), item("b-2", "fine", { time: "yesterday" })];
      await assert.rejects(storeSpeechBatch(store, registry, bad), (e: Error) => e instanceof SpeechItemError && /items\[1\]/.test(e.message) && /"time"/.test(e.message));
      await assert.rejects(storeSpeechBatch(store, registry, [item("b-3", "fine"), item("b-4", "x", { country: "XQZ" })]), /items\[1\]: field "country"/);
      await assert.rejects(storeSpeechBatch(store, registry, [item("b-5", "a\u0000b")]), /NUL/);
      await assert.rejects(ingestSpeech(store, registry, actorOf("analyst"), bad), (e: Error) => e instanceof InvalidInputError && /items\[1\]/.test(e.message));
      await assert.rejects(ingestSpeech(store, registry, actorOf("viewer"), [item("b-6", "fine")]), ForbiddenError);
      await assert.rejects(ingestSpeech(store, registry, { kind: "anonymous" }, [item("b-7", "fine")]), ForbiddenError);
      assert.equal(await count(store), before);
    });

    test("lexicon create / update / delete change the next analysis and are audited", async () => {
      const analyst = actorOf("analyst");
      const text = "the glorpian people again";
      const targets = async (id: string) => {
        await storeSpeechBatch(store, registry, [item(id, text, { language: "en" })]);
        const { items } = await listSpeechItems(store, {}, 500);
        return items.find((i) => i.clientId === id)!.analysis.targets.map((t) => t.group);
      };
      assert.deepEqual(await targets("l-0"), []);
      const created = await createLexiconEntry(store, analyst, { term: "glorpian", language: "en", category: "group", weight: 1, target: "glorpians", source: "test-analyst" });
      assert.deepEqual(await targets("l-1"), ["glorpians"]);
      await assert.rejects(createLexiconEntry(store, analyst, { term: "glorpian", language: "en", category: "group", weight: 0.5, target: "x", source: "test-analyst" }), /exists/);
      await assert.rejects(createLexiconEntry(store, analyst, { term: "x", language: "en", category: "slur", weight: 2, target: null, source: "t" }), (e: Error) => e instanceof InvalidInputError && e.field === "weight");
      await assert.rejects(createLexiconEntry(store, actorOf("monitor"), { term: "y", language: "en", category: "slur", weight: 1, target: null, source: "t" }), ForbiddenError);
      const updated = await updateLexiconEntry(store, analyst, created.id, { target: "zorblaxians" });
      assert.equal(updated.term, "glorpian");
      assert.deepEqual(await targets("l-2"), ["zorblaxians"]);
      await deleteLexiconEntry(store, analyst, created.id);
      assert.deepEqual(await targets("l-3"), []);
      await assert.rejects(deleteLexiconEntry(store, analyst, created.id), /not found/);
      const audit = await store.db.execute(sql`select action from audit_log where entity = 'speech_lexicon_entry' and entity_id = ${String(created.id)} order by seq`);
      assert.deepEqual((audit as unknown as { rows: { action: string }[] }).rows.map((r) => r.action), ["speech_lexicon.created", "speech_lexicon.updated", "speech_lexicon.deleted"]);
    });

    test("trends and a spike alert from stored items", async () => {
      // Five quiet weeks (6 texts, 1 dehumanising), then a week with 12 texts, 10 dehumanising.
      const weeks = ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29", "2024-02-05"];
      const batch: Record<string, unknown>[] = [];
      weeks.forEach((w, k) => {
        const n = k === 5 ? 12 : 6;
        const bad = k === 5 ? 10 : 1;
        for (let i = 0; i < n; i++) {
          batch.push(item(`t-${k}-${i}`, i < bad ? "these people are cockroaches" : "prices at the market rose", { time: `${w}T0${i % 9}:00:00Z`, country: "ETH", language: "en" }));
        }
      });
      await storeSpeechBatch(store, registry, batch);
      const rows = await countrySpeechTrends(store, "eth", "week");
      const cell = (key: string, p: string) => rows.find((r) => r.key === key && r.period === p);
      const expectVolume = batch.filter((b) => periodStart(String(b.time), "week") === "2024-02-05").length;
      assert.equal(cell("all", "2024-02-05")?.count, expectVolume);
      assert.equal(cell("dehumanisation", "2024-02-05")?.count, 10);
      assert.equal(cell("dehumanisation", "2024-01-15")?.count, 1);
      const alerts = await speechAlerts(store, { country: "ETH", period: "week" });
      assert.ok(alerts.some((a) => a.dimension === "hallmark" && a.key === "dehumanisation" && a.period === "2024-02-05"), JSON.stringify(alerts));
      assert.ok(alerts.every((a) => a.country === "ETH"));
      await assert.rejects(countrySpeechTrends(store, "QQQ", "week"), /not found/);
    });

    test("alerts and the country helper honour from/to; the baseline before from still counts", async () => {
      // Uses the ETH weeks stored by the previous test: the spike is in the week of 2024-02-05.
      const inside = await speechAlerts(store, { country: "ETH", period: "week", from: "2024-02-05T00:00:00.000Z", to: "2024-02-12T00:00:00.000Z" });
      assert.ok(inside.some((a) => a.key === "dehumanisation" && a.period === "2024-02-05"), JSON.stringify(inside));
      const before = await speechAlerts(store, { country: "ETH", period: "week", from: "2024-01-01T00:00:00.000Z", to: "2024-02-05T00:00:00.000Z" });
      assert.ok(before.every((a) => a.period < "2024-02-05"), JSON.stringify(before));
      const mid = await speechSpikesForCountry({ store }, "eth", { from: "2024-02-07T00:00:00.000Z", to: "2024-03-01T00:00:00.000Z" });
      assert.ok(mid.some((a) => a.period === "2024-02-05"), "a window starting mid-week includes that week's alert");
      assert.deepEqual(await speechSpikesForCountry({ store }, "ETH", { from: "2024-03-01T00:00:00.000Z" }), []);
      await assert.rejects(speechAlerts(store, { country: "ETH", period: "week", from: "2024-03-01T00:00:00.000Z", to: "2024-02-01T00:00:00.000Z" }), RangeError);
    });

    test("a stored, active model labels ingested items; reanalyse relabels older ones; uploads and activations are audited", async () => {
      await storeSpeechBatch(store, registry, [item("m-0", "kill the rebels burn them all", { language: "en" })]);
      const before = (await listSpeechItems(store, {}, 500)).items.find((i) => i.clientId === "m-0")!;
      assert.equal(before.analysis.label, null, "no active model yet");
      // The uploader's organisation is recorded (a foreign key), so it must exist.
      const orgId = randomUUID();
      await store.db.insert(organisations).values({ id: orgId, name: "Model org", createdAt: new Date() });
      const analyst: Actor = { ...(actorOf("analyst") as Extract<Actor, { kind: "user" }>), organisationId: orgId };
      for (const role of ["admin", "monitor", "viewer"] as Role[]) {
        await assert.rejects(uploadSpeechModel(store, actorOf(role), { name: "x", model: tinyModel("rebels"), activate: true }), ForbiddenError, role);
      }
      await assert.rejects(uploadSpeechModel(store, analyst, { name: "junk", model: { format: "tocsin-speech-model", version: 1 }, activate: true }), (e: Error) => e instanceof InvalidInputError && e.field === "model");
      const hl = { ...tinyModel("rebels"), lexiconFeatures: { sources: ["hurtlex-1.2:xx"], language: "en" } };
      await assert.rejects(uploadSpeechModel(store, analyst, { name: "hl", model: hl, activate: true }), /hurtlex-1\.2:xx/);
      const up = await uploadSpeechModel(store, analyst, { name: "tiny", model: tinyModel("rebels"), activate: true });
      assert.equal(up.created, true);
      assert.equal(up.model.active, true);
      assert.deepEqual(up.model.labels, ["calm", "violent"]);
      const again = await uploadSpeechModel(store, analyst, { name: "tiny again", model: tinyModel("rebels"), activate: false });
      assert.deepEqual([again.created, again.model.id], [false, up.model.id], "the same file is stored once");

      await storeSpeechBatch(store, registry, [item("m-1", "kill the rebels burn them all", { language: "en" }), item("m-2", "prices at the market rose", { language: "en" })]);
      const items = (await listSpeechItems(store, {}, 500)).items;
      const m1 = items.find((i) => i.clientId === "m-1")!;
      assert.equal(m1.analysis.label, "violent");
      assert.ok(m1.analysis.probabilities!.violent > 0.5);
      assert.equal(items.find((i) => i.clientId === "m-2")!.analysis.label, "calm");
      const [stored] = await new SpeechRepository(store.db).itemsToReanalyse(null, 0, 1000, true).then((r) => r.filter((x) => x.clientId === "m-1"));
      assert.equal(stored.modelId, up.model.id);
      assert.equal(stored.label, "violent");

      // Older items (and those of an earlier model) are relabelled by reanalyse, once.
      const total = await new SpeechRepository(store.db).countItems();
      const first = await reanalyseSpeechItems(store, { batchSize: 7 });
      assert.equal(first.modelId, up.model.id);
      assert.equal(first.items, total - 2, "every item but the two labelled on ingest");
      const m0 = (await listSpeechItems(store, {}, 500)).items.find((i) => i.clientId === "m-0")!;
      assert.equal(m0.analysis.label, "violent");
      assert.equal((await reanalyseSpeechItems(store)).items, 0, "nothing left to relabel");

      // A second model (CLI path) becomes the only active one.
      const cli = await storeSpeechModel(store, tinyModel("market"), { name: "cli.json", activate: true });
      const listed = await listSpeechModels(store, analyst);
      assert.deepEqual(listed.filter((m) => m.active).map((m) => m.id), [cli.model.id]);
      assert.equal((await reanalyseSpeechItems(store)).items, total, "every item was labelled by the previous model");
      const back = await activateSpeechModel(store, analyst, up.model.id);
      assert.equal(back.active, true);
      await assert.rejects(activateSpeechModel(store, analyst, 999_999), /not found/);
      await assert.rejects(listSpeechModels(store, actorOf("monitor")), ForbiddenError);
      const audit = await store.db.execute(sql`select action, actor from audit_log where entity = 'speech_model' order by seq`);
      assert.deepEqual((audit as unknown as { rows: { action: string; actor: string }[] }).rows.map((r) => r.action),
        ["speech_model.created", "speech_model.activated", "speech_model.created", "speech_model.activated", "speech_model.activated"]);
    });

    const mirror = resolveMirror();
    const hurtlexDir = mirror ? join(mirror, "speech/hurtlex") : undefined;
    const skip = !hurtlexDir || !existsSync(join(hurtlexDir, "hurtlex_EN.tsv")) ? "no HurtLex EN in the mirror" : false;
    test("HurtLex EN imports into the stored lexicon once and reaches the analysis", { skip }, async () => {
      const first = await importHurtlexToStore(store, hurtlexDir!, ["en"]);
      assert.equal(first.files.length, 1);
      assert.ok(first.inserted > 1000 && first.inserted === first.entries, JSON.stringify({ ...first, files: undefined }));
      const again = await importHurtlexToStore(store, hurtlexDir!, ["en"]);
      assert.deepEqual({ inserted: again.inserted, updated: again.updated }, { inserted: 0, updated: 0 });
      // A conservative single-word lemma from the file itself must now be found in a text.
      const lemma = readFileSync(join(hurtlexDir!, "hurtlex_EN.tsv"), "utf8").split("\n").slice(1).map((l) => l.split("\t"))
        .find((f) => f[5]?.trim() === "conservative" && /^[a-z]{5,}$/.test(f[4] ?? ""))![4];
      const a = (await speechAnalyser(store)).analyse({ text: `you ${lemma}`, language: "en" });
      assert.ok(a.hits.some((h) => h.source === "hurtlex-1.2"), `${lemma}: ${JSON.stringify(a.hits)}`);
    });
  });
}
