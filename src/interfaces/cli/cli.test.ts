/**
 * The `tocsin` command line as a user runs it: commands in-process (one store per home, as a
 * long-lived process keeps it) and `start` as a real child process, a private TOCSIN_HOME,
 * the data mirror, and a local HTTP server standing in for GitHub in `data pull`.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { EWP_FILES } from "../../infra/importers/ewp-source.ts";
import { REPO_ROOT, resolveMirror } from "../../infra/importers/mirror.ts";
import { closeCliStores, tocsinInProcess } from "../../../test/cli-harness.ts";

const mirror = resolveMirror();
const skip = !mirror || !existsSync(join(mirror, "ewp/prepared2024predictors-2025-09-03.csv")) ? "no data mirror" : false;
const BIN = join(REPO_ROOT, "bin/tocsin.js");

/** Runs a command in this process (test/cli-harness.ts); `start` below runs as a real process. */
function tocsin(args: string[], env: Record<string, string>) {
  return tocsinInProcess(args, { env });
}

describe("tocsin CLI", { skip }, () => {
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), "tocsin-cli-"));
  });
  after(async () => {
    await closeCliStores();
    rmSync(home, { recursive: true, force: true });
  });

  test("--help lists the command groups", async () => {
    const run = await tocsin(["--help"], { TOCSIN_HOME: home });
    assert.equal(run.code, 0);
    for (const c of ["start", "import", "data"]) assert.match(run.stdout, new RegExp(`\\b${c}\\b`));
  });

  test("import ewp loads the mirror, and again replaces instead of duplicating", async () => {
    const first = await tocsin(["import", "ewp", "--mirror", mirror!], { TOCSIN_HOME: home });
    assert.equal(first.code, 0, first.stderr);
    const a = JSON.parse(first.stdout);
    assert.equal(a.countryYears.rows, 9463);
    assert.match(first.stderr, /write prepared2024predictors.* 100%/);
    const second = JSON.parse((await tocsin(["import", "ewp"], { TOCSIN_HOME: home, TOCSIN_MIRROR: mirror! })).stdout);
    assert.equal(second.countryYears.versionId, a.countryYears.versionId);
  });

  test("import ewp with a bad file exits 2, names file, line and column, and changes nothing", async () => {
    const bad = join(home, "bad.csv");
    const lines = readFileSync(join(mirror!, "ewp/prepared2024predictors-2025-09-03.csv"), "utf8").split("\n").slice(0, 40);
    lines[30] = lines[30].replace(/,0,/, ",zero,");
    writeFileSync(bad, lines.join("\n"));
    const run = await tocsin(["import", "ewp", bad], { TOCSIN_HOME: home });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bad\.csv, line 31, column "[^"]+": expected a number or NA, found "zero"/);
    assert.match(run.stderr, /Nothing was changed/);
  });

  describe("data pull ewp", () => {
    let server: Server;
    let base: string;
    let tamper = false;
    before(async () => {
      server = createServer((req, res) => {
        const file = EWP_FILES.find((f) => req.url === `/${f.upstreamPath.split("/").map(encodeURIComponent).join("/")}`);
        if (!file) return res.writeHead(404).end();
        const bytes = readFileSync(join(mirror!, "ewp", file.name));
        res.writeHead(200).end(tamper ? Buffer.concat([bytes, Buffer.from("1")]) : bytes);
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const address = server.address() as { port: number };
      base = `http://127.0.0.1:${address.port}`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    test("downloads every pinned file and verifies its checksum", async () => {
      const dir = join(home, "pulled");
      const run = await tocsin(["data", "pull", "ewp", "--base-url", base, "--dir", dir], { TOCSIN_HOME: home });
      assert.equal(run.code, 0, run.stderr);
      for (const f of EWP_FILES) {
        assert.ok(existsSync(join(dir, "ewp", f.name)), `${f.name} saved`);
        assert.match(run.stderr, new RegExp(`${f.name.replace(/\./g, "\\.")}: \\d+ bytes, sha256 verified`));
      }
    });

    test("a tampered download fails with a checksum error and saves nothing", async () => {
      tamper = true;
      const dir = join(home, "tampered");
      const run = await tocsin(["data", "pull", "ewp", "--base-url", base, "--dir", dir], { TOCSIN_HOME: home });
      tamper = false;
      assert.equal(run.code, 1);
      assert.match(run.stderr, /checksum mismatch/);
      assert.ok(!existsSync(join(dir, "ewp", EWP_FILES[0].name)));
    });
  });

  test("start on an empty home serves at once, imports the mirror (EWP and UCDP GED) as a job with progress, and stops cleanly on SIGINT", async () => {
    const fresh = mkdtempSync(join(tmpdir(), "tocsin-start-"));
    const child = spawn(process.execPath, [BIN, "start", "--no-forecast"], { env: { ...process.env, TOCSIN_HOME: fresh, PORT: "0", LOG_LEVEL: "warn" }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    try {
      const waitFor = (re: RegExp) => new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const m = re.exec(stderr);
          if (m) resolve(m);
        };
        child.stderr.on("data", check);
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
        check();
      });
      child.stderr.on("data", (c: Buffer) => (stderr += c));
      const url = (await waitFor(/serving .* on (http:\/\/\S+)/))[1]!;
      assert.equal((await fetch(`${url}/api/health`)).status, 200, "the API answers while the import runs");
      const ged = await waitFor(/Imported UCDP GED \(Myanmar\): (\d+) new events/);
      assert.match(stderr, /First run: importing public data/);
      assert.match(stderr, /100% \(9463\/9463\)/);
      assert.ok(Number(ged[1]) > 7000, `the mirror's Myanmar file has 7,374 events (${ged[1]} imported)`);
      const body = (await (await fetch(`${url}/api/countries/MMR`)).json()) as { indicators: { year: number }[]; episodes: unknown[]; sources: { source: string; latestEventDate: string | null; importedAt: string | null }[] };
      assert.equal(body.indicators[0].year, 1960);
      assert.equal(body.indicators.at(-1)!.year, 2024);
      assert.ok(body.episodes.length >= 4);
      const gedSource = body.sources.find((s) => s.source === "ged");
      assert.equal(gedSource?.latestEventDate, "2023-12-31");
      assert.ok(gedSource?.importedAt, "the import time is shown");
      const escalations = (await (await fetch(`${url}/api/escalations?country=MMR&from=2016-01-01&to=2018-12-31`)).json()) as { alerts: unknown[] };
      assert.ok(escalations.alerts.length > 0, "the Rakhine escalation of 2016-17 is detected");
      const exited = new Promise<number | null>((r) => child.once("exit", r));
      child.kill("SIGINT");
      assert.equal(await exited, 0);
      assert.match(stderr, /stopped cleanly/);
    } finally {
      child.kill("SIGKILL");
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
