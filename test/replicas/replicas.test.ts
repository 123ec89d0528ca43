/**
 * Issue 15, part 4: two server-side replicas (two processes, two connection pools) on one
 * PostgreSQL. Every scheduled slot runs once; a replica killed with SIGKILL in the middle of a job
 * loses its lease, the other takes the job over when the lease expires, and no row is lost or
 * duplicated. Needs `TEST_DATABASE_URL` (CI sets it); skipped with a message otherwise.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { openStore, type Store } from "../../src/infra/store/database.ts";
import { createTestDatabase } from "../../src/infra/store/testing.ts";
import { enqueueJob } from "../../src/services/job.service.ts";

const adminUrl = process.env.TEST_DATABASE_URL;
const REPLICA = join(dirname(fileURLToPath(import.meta.url)), "replica-process.ts");

function startReplica(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", REPLICA, url], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (c: Buffer) => String(c).includes("ready") && resolve(child));
    child.once("exit", (code) => reject(new Error(`replica exited ${code} before it was ready`)));
  });
}

async function rows<T>(store: Store, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await store.db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("two replicas on one PostgreSQL: each slot once, a SIGKILLed job taken over after its lease, no row lost or duplicated", { skip: adminUrl ? false : "TEST_DATABASE_URL is not set: the two-replica test needs a PostgreSQL server (CI sets it)", timeout: 180_000 }, async () => {
  const database = await createTestDatabase(adminUrl!);
  const store = await openStore({ databaseUrl: database.url });
  const children: ChildProcess[] = [];
  try {
    await store.db.execute(sql`create table replica_rows (id int not null, replica text not null)`);
    await store.db.execute(sql`create table replica_marks (slot text primary key, replica text not null)`);
    await store.db.execute(sql`create table replica_executions (slot text not null, replica text not null)`);
    children.push(...(await Promise.all([startReplica(database.url), startReplica(database.url)])));
    await enqueueJob(store, { name: "slow-import", run: async () => undefined }, { key: `test-${randomUUID()}` });

    // Kill whichever replica holds the slow job, once it has committed part of its rows.
    const holder = await until("the slow job to be half-way", async () => {
      const [run] = await rows<{ claimed_by: string; status: string }>(store, sql`select claimed_by, status from job_runs where name = 'slow-import'`);
      const [{ n }] = await rows<{ n: number }>(store, sql`select count(*)::int as n from replica_rows`);
      return run?.status === "running" && n >= 10 && n < 50 ? run.claimed_by : undefined;
    });
    const victim = children.find((c) => holder.endsWith(`:${c.pid}`))!;
    assert.ok(victim, `the holder ${holder} is one of the replicas`);
    const killedAt = Date.now();
    victim.kill("SIGKILL");
    const survivor = children.find((c) => c !== victim)!;

    const run = await until("the survivor to finish the slow job", async () => {
      const [r] = await rows<{ claimed_by: string; status: string; attempts: number; finished_at: string }>(store, sql`select claimed_by, status, attempts, finished_at from job_runs where name = 'slow-import'`);
      return r?.status === "succeeded" ? r : undefined;
    });
    const tookOverAfterMs = new Date(run.finished_at).getTime() - killedAt;
    assert.ok(run.claimed_by.endsWith(`:${survivor.pid}`), "the survivor finished it");
    assert.equal(run.attempts, 2, "one attempt by the killed replica, one by the survivor");
    assert.ok(tookOverAfterMs >= 1000, `not taken over before the lease ran out (${tookOverAfterMs} ms)`);
    const [slow] = await rows<{ n: number; distinct: number; max: number }>(store, sql`select count(*)::int as n, count(distinct id)::int as distinct, max(id)::int as max from replica_rows`);
    assert.deepEqual(slow, { n: 60, distinct: 60, max: 59 }, "every row written once");

    // Let the survivor tick alone a little, then stop it.
    await new Promise((r) => setTimeout(r, 2500));
    const stopped = new Promise((r) => survivor.once("exit", r));
    survivor.kill("SIGTERM");
    await stopped;

    const ticks = await rows<{ slot: string; status: string }>(store, sql`select slot, status from job_runs where name = 'tick' order by slot`);
    const marks = await rows<{ slot: string; n: number }>(store, sql`select slot, count(*)::int as n from replica_marks group by slot`);
    const executions = await rows<{ slot: string; n: number }>(store, sql`select slot, count(*)::int as n from replica_executions group by slot`);
    assert.ok(ticks.length >= 5, `several slots ran (${ticks.length})`);
    const succeeded = ticks.filter((t) => t.status === "succeeded").map((t) => t.slot);
    const marked = new Set(marks.map((m) => m.slot));
    assert.deepEqual(succeeded.filter((s) => !marked.has(s)), [], "no succeeded slot without its row");
    assert.ok(marks.every((m) => m.n === 1));
    // At-least-once: only a slot that was in flight in the killed replica may have run twice.
    const twice = executions.filter((e) => e.n > 1);
    assert.ok(twice.length <= 1 && twice.every((e) => e.n === 2), `slots run more than once: ${JSON.stringify(twice)}`);
    assert.deepEqual(ticks.filter((t) => t.status !== "succeeded" && t.status !== "pending"), [], "no tick died or is left running");
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await store.close();
    await database.drop();
  }
});
