/**
 * Load benchmark: `GET /api/countries/:iso3` on the embedded PGlite store, over loopback.
 *
 * Starts `tocsin start --no-forecast` as a separate process (fresh TOCSIN_HOME, data imported from the
 * mirror; no background model fits competing for the CPU),
 * then drives it with autocannon: first at a fixed 500 req/s (the target: p99 < 50 ms), then
 * unthrottled to find the ceiling. Requests rotate over every country that has EWP data.
 *
 *   npm run bench:api            # 15 s per phase
 *   BENCH_SECONDS=5 npm run bench:api
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { REPO_ROOT } from "../src/infra/importers/mirror.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
// Concurrent clients (keep-alive connections); BENCH_CONNECTIONS overrides.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const home = mkdtempSync(join(tmpdir(), "tocsin-bench-"));

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, "bin/tocsin.js"), "start", "--no-forecast"], {
    env: { ...process.env, TOCSIN_HOME: home, PORT: "0", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      const m = /serving .* on (http:\/\/[^\s]+)/.exec(log);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
  });
  return {
    url,
    stop: () => new Promise((resolve) => { child.once("exit", () => resolve()); child.kill("SIGINT"); }),
  };
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(opts, (err, result) => (err ? reject(err) : resolve(result))));
}

const server = await startServer();
try {
  const list = (await (await fetch(`${server.url}/api/countries`)).json()) as { countries: { iso3: string; ewpCoverage: unknown }[] };
  const codes = list.countries.filter((c) => c.ewpCoverage).map((c) => c.iso3);
  if (codes.length === 0) throw new Error("no country has EWP data: is the mirror present?");
  let i = 0;
  const requests = [{ method: "GET" as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: `/api/countries/${codes[i++ % codes.length]}` }) }];
  // Warm-up so the first compiled query plans and JIT do not count.
  await run({ url: server.url, connections: 10, duration: 2, requests });
  const fixed = await run({ url: server.url, connections: CONNECTIONS, overallRate: 500, duration: seconds, requests });
  const open = await run({ url: server.url, connections: CONNECTIONS, duration: seconds, requests });
  const row = (name: string, r: autocannon.Result) =>
    `| ${name} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx} | ${r.errors} |`;
  console.log(`\nGET /api/countries/:iso3 over ${codes.length} countries, PGlite, ${CONNECTIONS} connections, ${seconds} s per phase\n`);
  console.log("| phase | req/s | p50 ms | p99 ms | non-2xx | errors |");
  console.log("|---|---|---|---|---|---|");
  console.log(row("target: 500 req/s", fixed));
  console.log(row("unthrottled", open));
  const ok = fixed.latency.p99 < 50 && fixed.non2xx === 0 && fixed.errors === 0;
  console.log(`\ntarget p99 < 50 ms at 500 req/s: ${ok ? "met" : "NOT met"} (p99 ${fixed.latency.p99} ms)`);
} finally {
  await server.stop();
  rmSync(home, { recursive: true, force: true });
}
