/**
 * No request data in logs, ever (issue 14 point 2). A report whose text carries a lone UTF-16
 * surrogate (a client cutting text mid-emoji) used to fail in the INSERT, answer 500 and log the
 * SQL with its parameters: report text, witness name and phone, coordinates. Now it is a 400 naming
 * the field, and the captured log holds nothing of the request. Unexpected errors are logged as
 * class, code and request id only — checked with an error shaped like a database error whose
 * message quotes the query's parameters.
 */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { after, before, describe, test } from "node:test";
import Fastify from "fastify";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { ReportRepository } from "../../src/infra/store/report.repository.ts";
import { installErrorHandling } from "../../src/interfaces/http/errors.ts";
import { EXACT, newKey, openHarness, REPORTER, reportBody, SECRET_STRINGS, type Harness } from "./harness.ts";

const WITNESS = { name: "Daw Khin Witness-Nyo", phone: "+95 9 555 8181" };
const TEXT = "Soldiers came at dawn, residents fled";

for (const engine of availableEngines()) {
  describe(`no request data in logs on ${engine}`, () => {
    let h: Harness;
    before(async () => {
      h = await openHarness(engine);
    });
    after(async () => {
      await h?.close();
    });

    const cases: [string, (cut: string) => Record<string, unknown>, RegExp][] = [
      ["description", (cut) => ({ description: `${TEXT} ${cut}` }), /^body\.description$|^\/description$/],
      ["sources[0].description", (cut) => ({ sources: [{ kind: "witness", description: `${WITNESS.name}, phone ${WITNESS.phone} ${cut}` }] }), /sources/],
      ["reporter.name", (cut) => ({ reporter: { name: `${REPORTER.name}${cut}`, contact: REPORTER.contact } }), /reporter/],
      ["location.adminArea", (cut) => ({ location: { lat: EXACT.lat, lon: EXACT.lon, precisionMeters: 50, adminArea: `Rakhine ${cut}`, protect: true } }), /adminArea/],
    ];

    for (const [field, make, named] of cases) {
      for (const [kind, cut] of [["high", "\ud83d"], ["low", "\ude00"]] as const) {
        test(`a lone ${kind} surrogate in ${field} is a 400 naming the field, nothing is stored, nothing of the request is logged`, async () => {
          const repo = new ReportRepository(h.tocsin.store.db);
          const before = await repo.counts();
          const logStart = h.logs().length;
          const body = reportBody({ attachments: [], sources: [{ kind: "witness", description: `${WITNESS.name}, phone ${WITNESS.phone}` }], ...make(cut) });
          const res = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey(), "content-type": "application/json" }, payload: JSON.stringify(body) });
          assert.equal(res.statusCode, 400, res.body);
          const error = res.json().error as { code: string; message: string; details?: { field?: string; issues?: { path: string }[] } };
          const where = error.details?.field ?? error.details?.issues?.map((i) => i.path).join(",") ?? "";
          assert.match(where, named, `the answer names the field: ${res.body}`);
          assert.deepEqual(await repo.counts(), before);
          const log = h.logs().slice(logStart);
          for (const s of [...SECRET_STRINGS, WITNESS.name, WITNESS.phone, TEXT, "Rakhine", "insert into", "params"]) assert.ok(!log.includes(s), `the log carries "${s}"`);
        });
      }
    }
  });
}

describe("unexpected errors are logged as class, code and request id only", () => {
  async function appThrowing(error: Error) {
    let log = "";
    const stream = new PassThrough();
    stream.on("data", (c: Buffer) => (log += c.toString()));
    const app = Fastify({ logger: { level: "info", stream } });
    installErrorHandling(app);
    app.get("/boom", async () => {
      throw error;
    });
    await app.ready();
    return { app, log: () => log };
  }
  const secretQuery = `Failed query: insert into "reports" ("description", "reporter_name") values ($1, $2)\nparams: ${TEXT},${REPORTER.name},${EXACT.lat}`;

  test("a database error that is no bad value: 500, and the log line has class, SQLSTATE and request id, never query or parameters", async () => {
    const cause = Object.assign(new Error(`duplicate key value violates unique constraint, Key (name)=(${REPORTER.name})`), { code: "23505", detail: `Key (name)=(${REPORTER.name})` });
    const { app, log } = await appThrowing(new Error(secretQuery, { cause }));
    const res = await app.inject({ url: "/boom" });
    assert.equal(res.statusCode, 500);
    assert.equal(res.json().error.message, "Internal server error");
    const lines = log().trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l.msg === "unhandled error");
    assert.ok(line, log());
    assert.equal(line.errorClass, "Error");
    assert.equal(line.code, "23505");
    assert.ok(typeof line.reqId === "string" && line.reqId.length > 0);
    for (const s of [TEXT, REPORTER.name, String(EXACT.lat), "insert into", "params", "duplicate key"]) assert.ok(!log().includes(s), `the log carries "${s}"`);
    await app.close();
  });

  test("a database data exception (the store refused a value) is the client's 400, logged without its message", async () => {
    const cause = Object.assign(new Error(`invalid byte sequence for encoding "UTF8": ${REPORTER.name}`), { code: "22P05" });
    const { app, log } = await appThrowing(new Error(secretQuery, { cause }));
    const res = await app.inject({ url: "/boom" });
    assert.equal(res.statusCode, 400);
    assert.ok(!res.body.includes(REPORTER.name) && !res.body.includes("insert"), res.body);
    assert.match(log(), /22P05/);
    for (const s of [TEXT, REPORTER.name, "insert into", "params"]) assert.ok(!log().includes(s), `the log carries "${s}"`);
    await app.close();
  });
});
