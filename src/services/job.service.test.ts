import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { openStore, type Store } from "../infra/store/database.ts";
import { JobRepository } from "../infra/store/job.repository.ts";
import { availableEngines, createTestDatabase, openTestStore } from "../infra/store/testing.ts";
import { JobRunner } from "../interfaces/jobs/job-runner.ts";
import { claimRuns, enqueueJob, executeRun, jobHistory, pruneJobHistory, runJobsOnce, scheduleDueSlots, type JobDefinition } from "./job.service.ts";

const T0 = new Date("2026-12-07T20:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

for (const engine of availableEngines()) {
  describe(`durable jobs on ${engine}`, () => {
    let store: Store;
    before(async () => (store = await openTestStore(engine)));
    after(() => store.close());

    test("a scheduled job runs once per slot, however often replicas ask", async () => {
      let runs = 0;
      const job: JobDefinition<null> = { name: `tick-${randomUUID()}`, schedule: { everyMs: 60_000 }, run: async () => void (runs += 1) };
      assert.equal(await scheduleDueSlots(store, [job], at(5_000)), 1);
      assert.equal(await scheduleDueSlots(store, [job], at(59_000)), 0, "same slot: no second row");
      const first = await runJobsOnce(store, [job], null, { now: () => at(10_000) });
      assert.deepEqual([first.claimed, first.succeeded], [1, 1]);
      const again = await runJobsOnce(store, [job], null, { now: () => at(30_000) });
      assert.deepEqual([again.scheduled, again.claimed], [0, 0], "the slot already ran");
      const next = await runJobsOnce(store, [job], null, { now: () => at(61_000) });
      assert.deepEqual([next.scheduled, next.succeeded], [1, 1]);
      assert.equal(runs, 2);
      const history = await jobHistory(store, { name: job.name });
      assert.deepEqual(history.map((h) => [h.slot, h.status, h.attempts]), [
        ["2026-12-07T20:01:00.000Z", "succeeded", 1],
        ["2026-12-07T20:00:00.000Z", "succeeded", 1],
      ]);
    });

    test("a failing run is retried with backoff, then dead with its error kept", async () => {
      let attempts = 0;
      const job: JobDefinition<null> = {
        name: `fail-${randomUUID()}`,
        retry: { maxAttempts: 2, baseDelayMs: 10_000, maxDelayMs: 60_000 },
        run: async () => {
          attempts += 1;
          throw new TypeError("source answered 500");
        },
      };
      assert.equal(await enqueueJob(store, job, { key: "once", now: T0 }), true);
      assert.equal(await enqueueJob(store, job, { key: "once", now: T0 }), false, "same key: no second run");
      const first = await runJobsOnce(store, [job], null, { now: () => T0, random: () => 0 });
      assert.equal(first.retried, 1);
      let [row] = await new JobRepository(store.db).runsOf(job.name);
      assert.equal(row!.status, "pending");
      assert.equal(row!.runAfter.getTime(), T0.getTime() + 5_000, "backoff: half of the 10 s base with random 0");
      assert.equal((await runJobsOnce(store, [job], null, { now: () => at(4_000) })).claimed, 0, "not before the backoff");
      const second = await runJobsOnce(store, [job], null, { now: () => at(6_000), random: () => 0 });
      assert.equal(second.dead, 1);
      [row] = await new JobRepository(store.db).runsOf(job.name);
      assert.deepEqual([row!.status, row!.attempts, row!.lastError], ["dead", 2, "TypeError: source answered 500"]);
      assert.equal(attempts, 2);
    });

    test("an expired lease lets another claim take the run over; the first holder cannot record", async () => {
      const job: JobDefinition<null> = { name: `lease-${randomUUID()}`, leaseMs: 1_000, run: async () => ({ rows: 1 }) };
      await enqueueJob(store, job, { key: "k", now: T0 });
      const [held] = await claimRuns(store, [job], { now: T0, token: randomUUID(), limit: 5 });
      assert.ok(held);
      assert.deepEqual(await claimRuns(store, [job], { now: at(500), token: randomUUID(), limit: 5 }), [], "held under a live lease");
      const taker = randomUUID();
      const [again] = await claimRuns(store, [job], { now: at(1_500), token: taker, limit: 5 });
      assert.equal(again?.id, held.id);
      assert.equal(again?.attempts, 2);
      const repo = new JobRepository(store.db);
      assert.equal(await repo.finish(held.id, held.claimToken!, { status: "succeeded" }), false, "the old token lost the run");
      assert.equal(await executeRun(store, job, again!, taker, null), "succeeded");
      const [row] = await repo.runsOf(job.name);
      assert.deepEqual([row!.status, row!.result], ["succeeded", { rows: 1 }]);
    });

    test("two slots of one job never run side by side", async () => {
      const job: JobDefinition<null> = { name: `excl-${randomUUID()}`, run: async () => undefined };
      await enqueueJob(store, job, { key: "a", now: T0 });
      await enqueueJob(store, job, { key: "b", now: T0 });
      const first = await claimRuns(store, [job], { now: T0, token: randomUUID(), limit: 5 });
      assert.equal(first.length, 1);
      assert.deepEqual(await claimRuns(store, [job], { now: at(10), token: randomUUID(), limit: 5 }), []);
    });

    test("the runner gives a run back on stop, without counting the attempt", async () => {
      let started!: () => void;
      const began = new Promise<void>((r) => (started = r));
      const job: JobDefinition<null> = {
        name: `stop-${randomUUID()}`,
        run: ({ signal }) => new Promise((_, reject) => {
          started();
          signal.addEventListener("abort", () => reject(new Error("aborted")));
        }),
      };
      await enqueueJob(store, job, { key: "k" });
      const runner = new JobRunner(store, [job], null, { pollMs: 50 });
      runner.start();
      await began;
      assert.deepEqual(runner.running(), [job.name]);
      await runner.stop();
      const [row] = await new JobRepository(store.db).runsOf(job.name);
      assert.deepEqual([row!.status, row!.attempts, row!.claimToken], ["pending", 0, null]);
    });

    test("history is pruned: succeeded runs after a day, dead runs after 30 days", async () => {
      const ok: JobDefinition<null> = { name: `prune-${randomUUID()}`, run: async () => undefined };
      await enqueueJob(store, ok, { key: "old", now: T0 });
      await runJobsOnce(store, [ok], null, { now: () => T0 });
      assert.equal(await pruneJobHistory(store, at(3_600_000)), 0);
      assert.ok((await pruneJobHistory(store, at(2 * 86_400_000))) >= 1);
      assert.deepEqual(await new JobRepository(store.db).runsOf(ok.name), []);
    });
  });
}

if (availableEngines().includes("postgres")) {
  describe("durable jobs on PostgreSQL with three replicas", () => {
    test("three runners with their own pools run each slot once", async () => {
      const database = await createTestDatabase(process.env.TEST_DATABASE_URL!);
      const stores: Store[] = [];
      try {
        stores.push(await openStore({ databaseUrl: database.url }));
        stores.push(await openStore({ databaseUrl: database.url }), await openStore({ databaseUrl: database.url }));
        const ran: string[] = [];
        const job: JobDefinition<null> = { name: "every-second", schedule: { everyMs: 1000 }, run: async ({ slot }) => void ran.push(slot) };
        const runners = stores.map((s) => new JobRunner(s, [job], null, { pollMs: 100 }));
        for (const r of runners) r.start();
        await new Promise((r) => setTimeout(r, 3_500));
        await Promise.all(runners.map((r) => r.stop()));
        const rows = await new JobRepository(stores[0]!.db).runsOf("every-second");
        assert.ok(rows.length >= 3, `several slots ran (${rows.length})`);
        assert.equal(new Set(ran).size, ran.length, `no slot ran twice: ${ran.join(", ")}`);
        assert.equal(rows.filter((r) => r.status === "succeeded").length, ran.length);
      } finally {
        for (const s of stores) await s.close();
        await database.drop();
      }
    });
  });
}
