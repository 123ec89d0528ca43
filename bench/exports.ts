/**
 * Memory benchmark of the streamed exports: peak resident memory (RSS) of the server process while
 * a client downloads a 1,000,000-event export (`/api/exports/events.csv` and `.geojson`) over
 * loopback. The events are synthetic rows generated in SQL (no data set needed).
 *
 *   npx tsx bench/exports.ts               # 1,000,000 events
 *   BENCH_ROWS=100000 npx tsx bench/exports.ts
 *
 * Two processes: this one seeds an embedded store (PGlite) in a temporary TOCSIN_HOME, then runs
 * itself again as the server (`--serve`), so the seeding's memory does not count. The server
 * reports its RSS before the first request and its peak during each download (sampled every
 * 10 ms, and `process.resourceUsage().maxRSS`).
 */
import { spawn } from "node:child_process";
import { get } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { createServer, createTocsin } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { countryRegistry } from "../src/domain/country/registry.ts";
import { openStore } from "../src/infra/store/database.ts";
import { syncCountries } from "../src/services/country.service.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

async function seed(home: string): Promise<void> {
  const store = await openStore({ dataDir: join(home, "pglite") });
  try {
    await syncCountries(store.db, countryRegistry());
    await store.db.execute(sql`insert into dataset_versions (dataset, source, file_name, sha256, row_counts, warnings)
      values ('bench-events', 'synthetic', 'none', repeat('0', 64), '{}'::jsonb, '[]'::jsonb)`);
    // In slices of 100,000 rows so PGlite's memory stays modest while seeding.
    for (let from = 1; from <= ROWS; from += 100_000) {
      const to = Math.min(ROWS, from + 99_999);
      await store.db.execute(sql`insert into events (source, source_id, date_start, date_end, date_precision, country_iso3, country_name, admin1,
          lat, lon, location_precision, violence_type, civilian_targeting, identity_targeting, actor1, actor2, fatalities_best, source_text, event_type, dataset_version_id)
        select 'csv', 'B' || i, date '2000-01-01' + (i % 9000), date '2000-01-01' + (i % 9000), 1, 'MMR', 'Myanmar', 'Region ' || (i % 14),
          16 + (i % 1000) / 200.0, 94 + (i % 777) / 200.0, 2, 'one-sided', true, false, 'Synthetic armed group ' || (i % 50), 'Civilians',
          i % 30, 'Synthetic event number ' || i || ', with a comma and "quotes"', 'Attack', (select max(id) from dataset_versions)
        from generate_series(${from}::int, ${to}::int) as i`);
      process.stderr.write(`seeded ${to} events\n`);
    }
  } finally {
    await store.close();
  }
}

async function serve(home: string): Promise<void> {
  const tocsin = await createTocsin({ ...loadConfig({ TOCSIN_HOME: home }), webDir: join(home, "no-web") });
  const app = await createServer(tocsin, { logLevel: false });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as { port: number };
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  const results: string[] = [];
  for (const file of ["events.csv", "events.geojson"]) {
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const t0 = performance.now();
    const { bytes, lines } = await new Promise<{ bytes: number; lines: number }>((resolve, reject) => {
      // No Accept-Encoding: the bytes counted are the export itself.
      get({ host: "127.0.0.1", port, path: `/api/exports/${file}` }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`${file}: HTTP ${res.statusCode}`));
        let bytes = 0;
        let lines = 0;
        res.on("data", (c: Buffer) => {
          bytes += c.length;
          for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines++;
        });
        res.on("end", () => resolve({ bytes, lines }));
        res.on("error", reject);
      }).on("error", reject);
    });
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const rows = file.endsWith(".csv") ? lines - 2 : lines - 2; // CSV: header + hashtag row; GeoJSON: opening and closing lines
    results.push(
      `| ${file} | ${rows.toLocaleString("en")} | ${mb(bytes)} MB | ${((performance.now() - t0) / 1000).toFixed(1)} s | ${mb(baseline)} MB | ${mb(peak)} MB |`,
    );
  }
  results.push(`\nprocess maxRSS over the whole run (incl. start-up): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  await app.close();
  await tocsin.close();
  process.stdout.write(results.join("\n") + "\n");
}

if (process.argv[2] === "--serve") {
  await serve(process.argv[3]);
} else {
  const home = mkdtempSync(join(tmpdir(), "tocsin-bench-exports-"));
  try {
    const t0 = performance.now();
    await seed(home);
    process.stderr.write(`seeded ${ROWS} synthetic events in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve", home], { stdio: ["ignore", "pipe", "inherit"] });
      let text = "";
      child.stdout.on("data", (c: Buffer) => (text += c.toString()));
      child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`server phase exited with ${code}`))));
    });
    process.stdout.write(`Streamed events export, ${ROWS.toLocaleString("en")} synthetic events, PGlite, one client over loopback\n\n`);
    process.stdout.write("| export | rows | size | time | server RSS before | server peak RSS |\n|---|---|---|---|---|---|\n" + out);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
