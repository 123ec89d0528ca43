/**
 * One replica for the two-replica test: opens the store on the PostgreSQL URL given as argument and
 * runs two jobs through the job runner until SIGTERM (or SIGKILL, which is the point):
 * - `tick` every second: marks its slot (idempotent: a slot's mark is written once) and counts
 *   each execution, so the test sees both "no slot lost" and "no slot run twice";
 * - `slow-import`, one-off: writes 60 rows in transactions of 5, resuming after what is committed
 *   (as the real importers do), slowly enough to be killed in the middle.
 */
import { sql } from "drizzle-orm";
import { openStore } from "../../src/infra/store/database.ts";
import { JobRunner } from "../../src/interfaces/jobs/job-runner.ts";
import type { JobDefinition } from "../../src/services/job.service.ts";

const url = process.argv[2];
if (!url) throw new Error("usage: replica-process.ts <postgres url>");
const me = String(process.pid);
const store = await openStore({ databaseUrl: url });

export const SLOW_ROWS = 60;

const jobs: JobDefinition<null>[] = [
  {
    name: "tick",
    schedule: { everyMs: 1000 },
    leaseMs: 2000,
    run: async ({ slot }) => {
      await store.db.execute(sql`insert into replica_executions (slot, replica) values (${slot}, ${me})`);
      await store.db.execute(sql`insert into replica_marks (slot, replica) values (${slot}, ${me}) on conflict (slot) do nothing`);
    },
  },
  {
    name: "slow-import",
    leaseMs: 2000,
    run: async ({ signal }) => {
      for (;;) {
        signal.throwIfAborted();
        const written = await store.transaction(async (tx) => {
          const { rows } = (await tx.execute(sql`select count(*)::int as n from replica_rows`)) as unknown as { rows: { n: number }[] };
          const done = rows[0]!.n;
          if (done >= SLOW_ROWS) return done;
          await tx.execute(sql`insert into replica_rows (id, replica) select g, ${me} from generate_series(${done}::int, ${done + 4}::int) g`);
          return done + 5;
        });
        if (written >= SLOW_ROWS) return { rows: written };
        await new Promise((r) => setTimeout(r, 500));
      }
    },
  },
];

const runner = new JobRunner(store, jobs, null, { pollMs: 200 });
runner.start();
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
  runner.stop().then(() => store.close()).then(() => process.exit(0));
});
