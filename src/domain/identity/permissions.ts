/**
 * Access policy as data: which role holds which permission, and the one pure check every use case
 * calls first (`authorize`). Routes never decide access; they only say who is asking.
 *
 * Deliberate choices (see README, "Threat model"):
 * - `admin` manages people and keys but does NOT see reporters' identities or exact locations —
 *   the Ushahidi complaint that "admins could see authors they should not".
 * - Only `analyst` holds `report:read-identity` / `report:read-exact-location`, because verifying
 *   a report may require contacting its reporter.
 * - `monitor` may read only the reports it submitted itself (`report:read-own`).
 */

/** Every permission a role or an API token can hold. */
export const PERMISSIONS = [
  "report:create",
  "report:read",
  "report:read-own",
  "report:read-identity",
  "report:read-exact-location",
  "report:review",
  "report:publish",
  "evidence:read-original",
  "audit:read",
  "user:manage",
  "token:manage",
  // Analyst assessments (issue 9): read the organisation's drafts, write and submit one's own,
  // review others' (never one's own: `domain/assessment/workflow.ts`), publish, manage frameworks.
  "assessment:read",
  "assessment:write",
  "assessment:review",
  "assessment:publish",
  "framework:manage",
  // Dangerous-speech monitoring (issue 5): submit public-source texts for analysis; read and edit
  // the run-time lexicon (kept from other roles: it tells evaders what is watched).
  "speech:write",
  "lexicon:manage",
  // Upload and activate the stored speech classifier (global: it labels every organisation's view
  // of the public texts), analysts only.
  "speech:manage-model",
  // The warning→response loop (issue 7): read the organisation's acknowledgements, actions and gap
  // metrics; acknowledge alerts and record actions; edit the organisation's response catalogue.
  "response:read",
  "response:write",
  "response:manage-catalogue",
  // Alert delivery (issue 7): subscribe oneself (every role: anyone may need to hear of a rise) and
  // read one's inbox; manage organisation-wide subscriptions; see and retry dead-lettered deliveries.
  "alert:subscribe",
  "alert:subscribe-org",
  "delivery:manage",
  // Live feeds (issue 15): add, pause, resume, run and remove the organisation's feeds and see
  // their health (admins: feeds carry source credentials).
  "feed:manage",
  // Alert levels (issue 7): set or clear an analyst override of the computed level, with a reason
  // (levels are global, so this is kept to analysts; every override is audited).
  "alert:override",
  // Cooperation (issues 14 and 16): confirm a speech spike so it moves levels others see; share an
  // alert, assessment or verified report with partner organisations (or publish it) and revoke it;
  // read what partners shared; acknowledge it.
  "speech:confirm",
  "share:write",
  "share:read",
  "share:acknowledge",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Roles within one organisation. */
export const ROLES = ["admin", "analyst", "monitor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** The policy table: role → permissions. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ["report:read", "audit:read", "user:manage", "token:manage", "assessment:read", "framework:manage", "lexicon:manage", "response:read", "response:manage-catalogue", "alert:subscribe", "alert:subscribe-org", "delivery:manage", "feed:manage", "share:read"],
  analyst: [
    "report:create", "report:read", "report:read-identity", "report:read-exact-location", "report:review", "report:publish",
    "evidence:read-original", "audit:read", "token:manage", "speech:write", "lexicon:manage", "speech:manage-model",
    "assessment:read", "assessment:write", "assessment:review", "assessment:publish",
    "response:read", "response:write",
    "alert:subscribe", "alert:subscribe-org",
    "alert:override",
    "speech:confirm", "share:write", "share:read", "share:acknowledge",
  ],
  monitor: ["report:create", "report:read-own", "token:manage", "speech:write", "alert:subscribe"],
  viewer: ["report:read", "token:manage", "assessment:read", "response:read", "alert:subscribe", "share:read"],
};

/** Who is asking: a signed-in user (by session or API token) or nobody. */
export type Actor =
  | { kind: "anonymous" }
  | {
      kind: "user";
      userId: string;
      organisationId: string;
      role: Role;
      /** Role permissions, narrowed to the token's scopes when the request carries an API token. */
      permissions: ReadonlySet<Permission>;
      via: "session" | "token";
    };

/** An organisation-scoped thing an actor wants to act on. */
export interface Resource {
  organisationId: string;
  /** The user who created it, for `*-own` permissions. */
  ownerId?: string | null;
}

/** The actor may not do this. Callers map it to 403 (or 401 for anonymous actors). */
export class ForbiddenError extends Error {
  constructor(readonly permission: Permission, readonly anonymous: boolean) {
    super(anonymous ? "Sign in first" : `Missing permission ${permission}`);
    this.name = "ForbiddenError";
  }
}

/** The resource is in another organisation: reported as "not found" so ids cannot be probed. */
export class HiddenResourceError extends Error {
  constructor(readonly entity: string) {
    super(`${entity} was not found`);
    this.name = "HiddenResourceError";
  }
}

/**
 * Permissions that reveal who reported or where exactly: granting a role that holds one takes
 * effect only once a second person who already holds them approves (issue 14 point 3).
 */
export const IDENTITY_PERMISSIONS: readonly Permission[] = ["report:read-identity", "report:read-exact-location", "evidence:read-original"];

/** Whether `role` holds any identity-reading permission (so granting it needs approval). */
export function roleReadsIdentities(role: Role): boolean {
  return ROLE_PERMISSIONS[role].some((p) => IDENTITY_PERMISSIONS.includes(p));
}

/**
 * The permissions of `role`, intersected with `scopes` when given (API tokens).
 * @param options.identityApproved false withholds {@link IDENTITY_PERMISSIONS} (a grant not yet approved); default true
 * @throws {TypeError} for an unknown role
 */
export function permissionsFor(role: Role, scopes?: readonly string[] | null, options: { identityApproved?: boolean } = {}): Set<Permission> {
  const granted = ROLE_PERMISSIONS[role];
  if (!granted) throw new TypeError(`unknown role "${role}"`);
  const allowed = options.identityApproved === false ? granted.filter((p) => !IDENTITY_PERMISSIONS.includes(p)) : granted;
  return new Set(scopes ? allowed.filter((p) => scopes.includes(p)) : allowed);
}

/** True when `actor` holds `permission` (ignoring any resource). */
export function can(actor: Actor, permission: Permission): boolean {
  return actor.kind === "user" && actor.permissions.has(permission);
}

/**
 * The single access check. Passes when the actor holds `permission` and, for a resource, belongs to
 * its organisation; `report:read` is also satisfied by `report:read-own` on the actor's own resource.
 * @throws {ForbiddenError} when the permission is missing
 * @throws {HiddenResourceError} when the resource belongs to another organisation (or, for
 *   `*-own` access, to another user) so its existence is not confirmed
 * @example
 * authorize(actor, "report:create");
 * authorize(actor, "report:read", { organisationId: report.organisationId, ownerId: report.submittedBy });
 */
export function authorize(actor: Actor, permission: Permission, resource?: Resource): asserts actor is Extract<Actor, { kind: "user" }> {
  if (actor.kind !== "user") throw new ForbiddenError(permission, true);
  const ownOnly = permission === "report:read" && !actor.permissions.has("report:read") && actor.permissions.has("report:read-own");
  if (!actor.permissions.has(permission) && !ownOnly) throw new ForbiddenError(permission, false);
  if (!resource) return;
  if (resource.organisationId !== actor.organisationId) throw new HiddenResourceError("resource");
  if (ownOnly && resource.ownerId !== actor.userId) throw new HiddenResourceError("resource");
}

/** Narrows `value` to a role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
