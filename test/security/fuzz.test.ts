/**
 * Bad input is a 400, never a 500 (issue 14 point 10). Every operation of the server's own OpenAPI
 * document is sent, field by field, the classes of values that used to crash it: impossible
 * calendar dates (`2026-02-31`, `2026-13-45`, `0000-01-01`), instants outside the representable
 * years (`9999-12-31T23:59:59-14:00`), forecast references like `1e400:MMR`, integers beyond the
 * database's range, NUL bytes, lone UTF-16 surrogates, and JSON nested 5,000 levels deep. Expected:
 * 0 answers ≥ 500, and nothing of the request (nor any reporter fixture) in the server's log.
 * The closing diagnostics give the number of requests, answers ≥ 500 and leaks.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { createApiToken } from "../../src/services/auth.service.ts";
import { ROLE_PERMISSIONS } from "../../src/domain/identity/permissions.ts";
import { newKey, openHarness, reportBody, SECRET_STRINGS, securityProbe, type Harness } from "./harness.ts";

/** Planted in the bad values: if it reaches a log, request data reached a log. */
const MARKER = "Zaw Min Tun";

/** JSON text nested `levels` deep (built as text: JSON.stringify itself overflows the stack on it). */
function deep(levels: number, kind: "array" | "object"): string {
  return kind === "array" ? `${"[".repeat(levels)}1${"]".repeat(levels)}` : `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
}

/** Bad values for any string position (path, query, header, body). */
export const BAD_STRINGS = [
  "2026-02-31", "2026-13-45", "0000-01-01", "9999-12-31T23:59:59-14:00", "+275760-09-13T00:00:00Z", "2026-02-31T10:00:00Z",
  "1e400:MMR", "1e400", "99999999999999999999", "-1", "1e20", "NaN",
  `nul\u0000 ${MARKER}`, `lone \ud800 ${MARKER}`, `\udfff${MARKER}`, "' OR 1=1 --", "x".repeat(5000),
];
/** Bad values that only a JSON body can carry, as JSON text. */
const BAD_JSON: string[] = [...BAD_STRINGS.map((s) => JSON.stringify(s)), "1e20", "-1e20", "1e308", "1e400", "2147483648", "1.5", "true", "null", "[]", "{}", deep(5000, "array"), deep(5000, "object")];
const SLOT = "\u0001fuzz-slot\u0001";

interface Schema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

/** A plausible valid value for `schema`, so the bad value in another field is the only fault. */
function sample(schema: Schema | undefined, name = ""): unknown {
  if (!schema) return "x";
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return sample(union.find((s) => s.type !== "null") ?? union[0], name);
  if (schema.allOf) return sample(schema.allOf[0], name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "string": {
      if (schema.format === "uuid") return randomUUID();
      if (schema.format === "date-time") return "2026-11-20T14:30:00Z";
      if (schema.format === "date") return "2026-11-20";
      if (schema.format === "email") return `fuzz-${randomUUID().slice(0, 8)}@a.test`;
      if (schema.format === "uri") return "https://example.org/";
      if (name === "idempotency-key") return newKey();
      if (/iso3|country/i.test(name) || schema.pattern?.includes("{3}")) return "MMR";
      if (/sha256/i.test(name) || schema.pattern?.includes("{64}")) return "0".repeat(64);
      if (/^(from|to|assessedOn|reassessOn|deadline|until|time)$/i.test(name)) return "2026-11-20";
      return "x".repeat(Math.max(schema.minLength ?? 1, 1));
    }
    case "integer":
    case "number":
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case "boolean":
      return false;
    case "array":
      return schema.minItems ? Array.from({ length: schema.minItems }, () => sample(schema.items)) : [];
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sample(schema.properties?.[key], key);
      return out;
    }
    default:
      return "x";
  }
}

/** Every field path of a body schema, top level and one level down. */
function fieldPaths(schema: Schema | undefined, prefix: string[] = [], depth = 0): string[][] {
  const s = schema?.anyOf?.find((x) => x.type === "object") ?? schema;
  if (!s?.properties) return [];
  const out: string[][] = [];
  for (const [key, child] of Object.entries(s.properties)) {
    out.push([...prefix, key]);
    if (depth < 1) out.push(...fieldPaths(child.items ?? child, [...prefix, key], depth + 1));
  }
  return out;
}

function withValue(base: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== "object" || at[key] === null || Array.isArray(at[key])) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[path[path.length - 1]] = value;
  return copy;
}

/** Percent-encodes a path segment; a lone surrogate goes as its (invalid) UTF-8-style bytes. */
function encodePath(s: string): string {
  return s.replace(/[\ud800-\udfff]/g, "\uFFFF").split("\uFFFF").map(encodeURIComponent).join("%ED%A0%80");
}

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema?: Schema; required?: boolean }[];
  body?: Schema;
}

for (const engine of availableEngines()) {
  describe(`every OpenAPI route fuzzed with bad values on ${engine}`, () => {
    let h: Harness;
    let ops: Operation[] = [];
    const tokens: Record<"analyst" | "admin", string> = { analyst: "", admin: "" };
    const { counts, call } = securityProbe(() => h);
    let leaks = 0;
    const failures: string[] = [];

    before(async () => {
      h = await openHarness(engine);
      // Real data so reads reach the database: a report carrying the reporter fixtures.
      const r = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: reportBody() });
      assert.equal(r.statusCode, 201, r.body);
      for (const role of ["analyst", "admin"] as const) {
        const actor = await h.actor(h.s.a[role]);
        tokens[role] = (await createApiToken(h.tocsin.store, actor, { name: `fuzz ${role}`, scopes: [...ROLE_PERMISSIONS[role]] })).token;
      }
      const doc = (await h.app.inject({ url: "/api/openapi.json" })).json() as { paths: Record<string, Record<string, { parameters?: Operation["params"]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> };
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          ops.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], body: op.requestBody?.content?.["application/json"]?.schema });
        }
      }
    });
    after(async () => {
      await h?.close();
    });

    async function send(op: Operation, role: "analyst" | "admin", values: { path: Record<string, string>; query: Record<string, string>; headers: Record<string, string>; body?: unknown; raw?: string }, what: string) {
      const url = op.path.replace(/\{(\w+)\}/g, (_, k: string) => encodePath(values.path[k]));
      const qs = new URLSearchParams(values.query).toString();
      let res: Awaited<ReturnType<typeof call>>;
      try {
        res = await call({
          method: op.method as "GET",
          url: qs ? `${url}?${qs}` : url,
          headers: { authorization: `Bearer ${tokens[role]}`, ...values.headers },
          ...(values.body === undefined && values.raw === undefined ? {} : { payload: values.raw ?? JSON.stringify(values.body), headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json", ...values.headers } }),
        });
      } catch (error) {
        // A response torn down mid-way is a failure of that route, named like a 500.
        failures.push(`${op.method} ${op.path} ${what}: no complete answer (${(error as { code?: string }).code ?? (error as Error).name})`);
        return { statusCode: 599, body: "", headers: {} } as unknown as Awaited<ReturnType<typeof call>>;
      }
      if (res.statusCode >= 500 && failures.length < 40) failures.push(`${op.method} ${op.path} ${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (res.statusCode >= 400 && SECRET_STRINGS.some((s) => res.body.includes(s))) leaks += 1;
      return res;
    }

    test("0 answers ≥ 500 and nothing of the request in the log, over every route, field and bad value", async (t) => {
      assert.ok(ops.length >= 60, `the OpenAPI document lists ${ops.length} operations`);
      for (const op of ops) {
        const base = { path: {} as Record<string, string>, query: {} as Record<string, string>, headers: {} as Record<string, string>, body: op.body ? sample(op.body) : undefined };
        for (const p of op.params) {
          const v = String(sample(p.schema, p.name));
          if (p.in === "path") base.path[p.name] = v;
          else if (p.in === "query" && p.required) base.query[p.name] = v;
          else if (p.in === "header") base.headers[p.name] = v;
        }
        // The analyst holds most permissions; admin-only routes are asked as admin.
        const first = await send(op, "analyst", base, "valid sample");
        const role = first.statusCode === 403 ? "admin" : "analyst";
        for (const p of op.params) {
          for (const bad of BAD_STRINGS) {
            const v = { ...base, path: { ...base.path }, query: { ...base.query }, headers: { ...base.headers } };
            if (p.in === "path") v.path[p.name] = bad;
            else if (p.in === "query") v.query[p.name] = bad;
            else if (p.in === "header") v.headers[p.name] = bad.replace(/[^\x20-\x7e]/g, "?");
            await send(op, role, v, `${p.in} ${p.name}=${JSON.stringify(bad.slice(0, 40))}`);
          }
        }
        if (op.body) {
          for (const path of fieldPaths(op.body)) {
            for (const bad of BAD_JSON) {
              const raw = JSON.stringify(withValue(base.body, path, SLOT)).replace(JSON.stringify(SLOT), bad);
              await send(op, role, { ...base, raw }, `body ${path.join(".")}=${bad.slice(0, 40)}`);
            }
          }
          for (const raw of [deep(5000, "array"), deep(5000, "object"), "[]", '"x"', "1e400", '{"a":1e400}']) {
            await send(op, role, { ...base, raw }, `whole body ${raw.slice(0, 20)}`);
          }
        }
      }
      const log = h.logs();
      for (const s of [MARKER, ...SECRET_STRINGS]) if (log.includes(s)) leaks += 1;
      t.diagnostic(`operations: ${ops.length}`);
      t.diagnostic(`requests: ${counts.requests}`);
      t.diagnostic(`answers ≥ 500: ${counts.serverErrors}`);
      t.diagnostic(`leaks: ${leaks}`);
      assert.deepEqual(failures, [], `answers ≥ 500:\n${failures.join("\n")}`);
      assert.equal(counts.serverErrors, 0);
      assert.equal(leaks, 0, "request data or reporter fixtures in answers to bad requests or in the log");
      assert.equal(counts.missingHeaders, 0);
    });
  });
}
