/**
 * Each organisation's own speech analysis on every available engine: lexicon additions and
 * removals and the active model change only that organisation's analysis; a model trained from an
 * uploaded CSV shows its cross-validated scores before it is activated, and can be rolled back;
 * every change is audited.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { permissionsFor, type Actor, type Role } from "../domain/identity/permissions.ts";
import { builtinLexicon } from "../domain/speech/builtin-lexicon.ts";
import type { Store } from "../infra/store/database.ts";
import { organisations } from "../infra/store/schema/mod.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { InvalidInputError } from "./auth.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";
import {
  activateOrganisationModel, addOrganisationLexiconEntry, analyseForOrganisation, deleteOrganisationLexiconEntry, organisationLexicon,
  organisationModels, removeSharedLexiconEntry, restoreSharedLexiconEntry, rollbackOrganisationModel, trainOrganisationModel,
} from "./speech-org.service.ts";
import { createLexiconEntry, deleteLexiconEntry, updateLexiconEntry } from "./speech.service.ts";

const actor = (org: string, role: Role = "analyst"): Actor => ({ kind: "user", userId: randomUUID(), organisationId: org, role, permissions: permissionsFor(role), via: "session" });

/** A labelled CSV: violent vs calm texts, `n` rows per class, with a quoted comma. */
function csv(n: number, word: string): string {
  const lines = ["text,label"];
  for (let i = 0; i < n; i++) lines.push(`"kill the ${word} ${i}, burn them",violent`, `prices at the market ${i} rose today,calm`);
  return lines.join("\n");
}

for (const engine of availableEngines()) {
  describe(`organisation speech analysis on ${engine}`, () => {
    let store: Store;
    const orgA = randomUUID();
    const orgB = randomUUID();
    const a = actor(orgA);
    const b = actor(orgB);
    before(async () => {
      store = await openTestStore(engine);
      await store.db.insert(organisations).values([{ id: orgA, name: "A", createdAt: new Date() }, { id: orgB, name: "B", createdAt: new Date() }]);
    });
    after(async () => store?.close());

    const terms = async (who: Actor, text: string) => (await analyseForOrganisation(store, who, [{ text, language: "en" }])).analyses[0].hits.map((h) => h.term);

    test("an addition reaches only its organisation; another organisation cannot delete it", async () => {
      const added = await addOrganisationLexiconEntry(store, a, { term: "zorblax", language: "en", category: "slur", weight: 1, target: null, source: "org-a" });
      assert.ok((await terms(a, "they are zorblax")).includes("zorblax"));
      assert.ok(!(await terms(b, "they are zorblax")).includes("zorblax"));
      await assert.rejects(deleteOrganisationLexiconEntry(store, b, added.id), NotFoundError);
      assert.equal((await organisationLexicon(store, b)).additions.length, 0, "B does not see A's entry");
      await assert.rejects(addOrganisationLexiconEntry(store, a, { term: "zorblax", language: "en", category: "slur", weight: 1, target: null, source: "org-a" }), ConflictError);
      await deleteOrganisationLexiconEntry(store, a, added.id);
      assert.ok(!(await terms(a, "they are zorblax")).includes("zorblax"));
    });

    test("removing a shared entry changes only the remover's analysis, and can be undone", async () => {
      const e = builtinLexicon().find((x) => x.language === "en" && x.category.startsWith("dehumanisation") && /^[a-z]+$/.test(x.term))!;
      const text = `they are ${e.term}`;
      assert.ok((await terms(a, text)).includes(e.term));
      const removal = await removeSharedLexiconEntry(store, a, { term: e.term, language: e.language, category: e.category, source: e.source });
      assert.ok(!(await terms(a, text)).includes(e.term), "gone for A");
      assert.ok((await terms(b, text)).includes(e.term), "still there for B");
      await assert.rejects(restoreSharedLexiconEntry(store, b, removal.id), NotFoundError);
      await assert.rejects(removeSharedLexiconEntry(store, a, { term: "no-such-term", language: "en", category: "slur", source: "x" }), (err: Error) => err instanceof InvalidInputError && err.field === "term");
      await restoreSharedLexiconEntry(store, a, removal.id);
      assert.ok((await terms(a, text)).includes(e.term), "back for A");
    });

    test("train from a CSV, inspect cross-validated scores, activate for one organisation, roll back", async () => {
      const body = { name: "mine.csv", csv: csv(15, "rats"), textColumn: "text", labelColumn: "label" };
      const first = await trainOrganisationModel(store, a, body);
      assert.equal(first.trainingRows, 30);
      assert.deepEqual(first.labelCounts, { calm: 15, violent: 15 });
      assert.match(first.dataSha256, /^[0-9a-f]{64}$/);
      const cv = first.crossValidation as { macroF1: number; confusionMatrix: number[][] };
      assert.equal(cv.confusionMatrix.flat().reduce((x, y) => x + y, 0), 30);
      assert.ok(cv.macroF1 > 0.8);
      assert.equal(first.active, false, "not active until activated");
      assert.equal((await analyseForOrganisation(store, a, [{ text: "kill the rats, burn them" }])).analyses[0].label, null);
      await assert.rejects(rollbackOrganisationModel(store, a), ConflictError);
      await activateOrganisationModel(store, a, first.id);
      assert.equal((await analyseForOrganisation(store, a, [{ text: "kill the rats 99, burn them" }])).analyses[0].label, "violent");
      assert.equal((await analyseForOrganisation(store, b, [{ text: "kill the rats 99, burn them" }])).analyses[0].label, null, "B unaffected");
      await assert.rejects(activateOrganisationModel(store, b, first.id), NotFoundError);
      assert.ok(!(await organisationModels(store, b)).models.some((m) => m.id === first.id), "B does not list A's model");

      const second = await trainOrganisationModel(store, a, { ...body, csv: csv(15, "snakes") });
      const act = await activateOrganisationModel(store, a, second.id);
      assert.deepEqual(act, { activeModelId: second.id, previousModelId: first.id });
      const back = await rollbackOrganisationModel(store, a);
      assert.deepEqual(back, { activeModelId: first.id, previousModelId: second.id });
      const listed = await organisationModels(store, a);
      assert.equal(listed.activeModelId, first.id);
      assert.ok(listed.models.find((m) => m.id === second.id)!.previous);
      const audit = await store.db.execute(sql`select action from audit_log where organisation_id = ${orgA} order by seq`);
      const actions = (audit as unknown as { rows: { action: string }[] }).rows.map((r) => r.action);
      for (const x of ["speech_org_lexicon.added", "speech_org_lexicon.removed_shared", "speech_model.trained", "speech_org_model.activated", "speech_org_model.rolled_back"]) assert.ok(actions.includes(x), x);
    });

    test("a shared entry created by one organisation cannot be changed or deleted by another", async () => {
      const shared = await createLexiconEntry(store, a, { term: "qwertzu", language: "en", category: "slur", weight: 1, target: null, source: "org-a-shared" });
      await assert.rejects(deleteLexiconEntry(store, b, shared.id), ConflictError);
      await assert.rejects(updateLexiconEntry(store, b, shared.id, { weight: 0.2 }), ConflictError);
      assert.ok((await terms(b, "they are qwertzu")).includes("qwertzu"), "still in B's analysis");
      await updateLexiconEntry(store, a, shared.id, { weight: 0.5 });
      await deleteLexiconEntry(store, a, shared.id);
      assert.ok(!(await terms(b, "they are qwertzu")).includes("qwertzu"));
    });

    test("bad uploads are 400s naming the field", async () => {
      await assert.rejects(trainOrganisationModel(store, a, { name: "x.csv", csv: csv(5, "x"), textColumn: "tweet", labelColumn: "label" }), (e: Error) => e instanceof InvalidInputError && e.field === "textColumn");
      await assert.rejects(trainOrganisationModel(store, a, { name: "x.csv", csv: "text,label\nonly one,a\nsecond,b", textColumn: "text", labelColumn: "label" }), (e: Error) => e instanceof InvalidInputError && e.field === "labelColumn");
      await assert.rejects(trainOrganisationModel(store, a, { name: "x.csv", csv: 'text,label\n"unclosed,a', textColumn: "text", labelColumn: "label" }), (e: Error) => e instanceof InvalidInputError && e.field === "csv");
      await assert.rejects(addOrganisationLexiconEntry(store, actor(orgA, "monitor"), { term: "x", language: "en", category: "slur", weight: 1, target: null, source: "s" }), /lexicon:manage|not allowed|permission/i);
    });
  });
}
