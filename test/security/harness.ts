/**
 * Shared fixtures for the security suite: a store (PGlite or PostgreSQL), two organisations each
 * with one user per role, an HTTP server with the protection routes, signed-in sessions, captured
 * logs, and reporter fixtures whose names, phones and coordinates must never reach a log.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import assert from "node:assert/strict";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { createServer, createTocsin, type Tocsin } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import type { Actor, Role } from "../../src/domain/identity/permissions.ts";
import { openTestStore, type StoreEngine } from "../../src/infra/store/testing.ts";
import { bootstrapAdmin, createUser, resolveSession } from "../../src/services/auth.service.ts";
import type { ProtectionContext } from "../../src/interfaces/http/auth.ts";
import { approveIdentityAccessByOperator } from "../../src/services/identity-admin.service.ts";

export const PASSWORD = "correct horse battery staple";
/** A fixed test key (never used outside tests). */
export const TEST_KEY = Buffer.alloc(32, 7).toString("base64");

/** Reporter fixtures: none of these strings may appear in any log or unprivileged response. */
export const REPORTER = { name: "Aung Kyaw Moe-Witness", contact: "+95 9 7712 3344" };
export const EXACT = { lat: 20.14159, lon: 92.89731 };
export const SECRET_STRINGS = [REPORTER.name, REPORTER.contact, "7712 3344", String(EXACT.lat), String(EXACT.lon), "20.1415", "92.8973"];

/** A signed-in user: cookie + CSRF headers, ready for `inject`. */
export interface Session {
  userId: string;
  organisationId: string;
  role: Role;
  email: string;
  headers: Record<string, string>;
}

export interface Harness {
  tocsin: Tocsin;
  app: FastifyInstance;
  protection: ProtectionContext;
  home: string;
  logs: () => string;
  /** Sessions by organisation ("a" | "b") and role; "a" also has a second analyst `analyst2`. */
  s: Record<"a" | "b", Record<Role | "analyst2", Session>>;
  actor(session: Session): Promise<Extract<Actor, { kind: "user" }>>;
  close(): Promise<void>;
}

/** Builds the harness on `engine`. */
export async function openHarness(engine: StoreEngine = "pglite"): Promise<Harness> {
  const home = mkdtempSync(join(tmpdir(), "tocsin-sec-"));
  const env = { TOCSIN_SECRET_KEY: TEST_KEY };
  const config = { ...loadConfig({ TOCSIN_HOME: home }), webDir: join(home, "no-web") };
  const tocsin = await createTocsin(config, { store: await openTestStore(engine), env });
  let logs = "";
  const stream = new PassThrough();
  stream.on("data", (c: Buffer) => (logs += c.toString()));
  const app = await createServer(tocsin, { logLevel: "info", logStream: stream });
  const protection = tocsin.context.protection!;
  const s = {} as Harness["s"];
  for (const org of ["a", "b"] as const) {
    const boot = await bootstrapAdmin(tocsin.store, { organisationName: `Org ${org.toUpperCase()}`, email: `admin@${org}.test`, displayName: `Admin ${org}`, password: PASSWORD });
    const adminActor = (await resolveOrThrow(tocsin, boot.user.email)).actor;
    const roles: (Role | "analyst2")[] = ["analyst", "analyst2", "monitor", "viewer"];
    for (const r of roles) {
      await createUser(tocsin.store, adminActor, { email: `${r}@${org}.test`, displayName: `${r} ${org}`, role: r === "analyst2" ? "analyst" : r, password: PASSWORD });
    }
    // Analysts read identities only once approved (the first by the instance's operator).
    for (const r of ["analyst", "analyst2"]) await approveIdentityAccessByOperator(tocsin.store, `${r}@${org}.test`);
    s[org] = {} as Harness["s"]["a"];
    for (const r of ["admin", ...roles] as (Role | "analyst2")[]) s[org][r] = await signIn(app, `${r}@${org}.test`);
  }
  return {
    tocsin, app, protection, home, s,
    logs: () => logs,
    async actor(session) {
      return (await resolveSession(tocsin.store, session.headers.cookie.split("=")[1]))!.actor;
    },
    async close() {
      await app.close();
      await tocsin.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

async function resolveOrThrow(tocsin: Tocsin, email: string) {
  const { login } = await import("../../src/services/auth.service.ts");
  const session = await login(tocsin.store, { email, password: PASSWORD });
  return (await resolveSession(tocsin.store, session.sessionToken))!;
}

/** Signs in over HTTP and returns the headers a browser would send. */
export async function signIn(app: FastifyInstance, email: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { csrfToken: string; user: { id: string; organisationId: string; role: Role } };
  const setCookie = ([] as string[]).concat(res.headers["set-cookie"] as string | string[]);
  const session = setCookie.find((c) => c.startsWith("tocsin_session="))!.split(";")[0];
  return { userId: body.user.id, organisationId: body.user.organisationId, role: body.user.role, email, headers: { cookie: session, "x-csrf-token": body.csrfToken } };
}

/** A small but structurally real JPEG carrying EXIF with GPS, a comment and XMP. */
export function jpegWithGps(): Buffer {
  const seg = (marker: number, payload: Buffer) => Buffer.concat([Buffer.from([0xff, marker]), u16(payload.length + 2), payload]);
  const exif = Buffer.concat([Buffer.from("Exif\0\0MM\0*\0\0\0\x08", "latin1"), Buffer.from(`GPSLatitude=${EXACT.lat};GPSLongitude=${EXACT.lon};Owner=${REPORTER.name}`, "latin1")]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", "latin1")),
    seg(0xe1, exif),
    seg(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${REPORTER.contact}</x:xmpmeta>`, "latin1")),
    seg(0xfe, Buffer.from(`taken by ${REPORTER.name}`, "latin1")),
    seg(0xdb, Buffer.alloc(65, 1)),
    seg(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
    seg(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** A valid report body; `overrides` replace top-level fields. */
export function reportBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    occurred: { from: "2026-11-20T14:30:00Z", precision: "hour" },
    location: { lat: EXACT.lat, lon: EXACT.lon, precisionMeters: 50, countryIso3: "MMR", adminArea: "Rakhine", protect: true },
    description: "Soldiers burned houses in the village at dawn; residents fled toward the river.",
    victims: { killed: 4, injured: 11, breakdown: [{ sex: "female", age: "child", count: 2 }] },
    perpetratorType: "state_forces",
    targetedGroup: "Rohingya",
    sources: [{ kind: "witness", description: "eyewitness account" }],
    reporter: REPORTER,
    attachments: [{ fileName: "village.jpg", mediaType: "image/jpeg", capturedAt: "2026-11-20T14:35:00Z", data: jpegWithGps().toString("base64") }],
    ...overrides,
  };
}

/** Every role an organisation has, for the suites that ask each of them. */
/**
 * The injection strings every suite sends in string fields (SQL, markup, script URL, traversal, NUL);
 * `table` names the suite's own table in the DROP attempt.
 */
export function injectionPayloads(table: string): string[] {
  return ["' OR '1'='1", `'); DROP TABLE ${table}; --`, "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "../../../../etc/passwd", "%2e%2e%2f", "nul\u0000byte"];
}

export const ROLES: readonly Role[] = ["admin", "analyst", "viewer", "monitor"];

/** The tallies a security suite keeps over its requests, printed as test diagnostics. */
export interface RequestCounts {
  requests: number;
  leaks: number;
  serverErrors: number;
  missingHeaders: number;
  unauthenticated: number;
  crossOrg: number;
  lowerRole: number;
  idGuesses: number;
  payloads: number;
}

/** What `securityProbe` gives a suite: its tallies, a counting `inject`, and a leak check. */
export interface SecurityProbe<C extends RequestCounts> {
  counts: C;
  /**
   * `inject` that counts: each request adds to `requests`, a 5xx answer to `serverErrors`, and an
   * answer without the security headers (CSP `frame-ancestors 'none'`, `nosniff`, `no-referrer`)
   * to `missingHeaders`, so the suite can assert 0 of both at the end.
   */
  call(opts: InjectOptions): Promise<LightMyRequestResponse>;
  /**
   * Fails, counting a leak, when the body carries one of `secrets`. The `echoed` strings are
   * blanked first: an id the caller sent itself, echoed back in an error, is no leak.
   */
  assertNoLeak(res: LightMyRequestResponse, what: string, secrets: readonly string[], echoed?: readonly string[]): void;
}

/**
 * The setup every security suite shares: zeroed tallies (plus the suite's `extra` ones), a
 * counting `inject` and a leak check. `harness` is a getter because suites open theirs in `before`.
 */
export function securityProbe<E extends Record<string, number> = Record<never, number>>(harness: () => Harness, extra?: E): SecurityProbe<RequestCounts & E> {
  const counts = { requests: 0, leaks: 0, serverErrors: 0, missingHeaders: 0, unauthenticated: 0, crossOrg: 0, lowerRole: 0, idGuesses: 0, payloads: 0, ...extra } as RequestCounts & E;
  return {
    counts,
    async call(opts) {
      const res = await harness().app.inject(opts);
      counts.requests += 1;
      if (res.statusCode >= 500) counts.serverErrors += 1;
      const csp = String(res.headers["content-security-policy"] ?? "");
      if (!/frame-ancestors 'none'/.test(csp) || res.headers["x-content-type-options"] !== "nosniff" || res.headers["referrer-policy"] !== "no-referrer") counts.missingHeaders += 1;
      return res;
    },
    assertNoLeak(res, what, secrets, echoed = []) {
      let body = res.body;
      for (const e of echoed) body = body.replaceAll(e, "ID");
      for (const s of secrets) {
        if (body.includes(s)) {
          counts.leaks += 1;
          assert.fail(`${what} leaked "${s}"`);
        }
      }
    },
  };
}

let keyCounter = 0;
/** A fresh Idempotency-Key. */
export function newKey(): string {
  keyCounter += 1;
  return `test-${process.pid}-${Date.now()}-${keyCounter}`;
}
