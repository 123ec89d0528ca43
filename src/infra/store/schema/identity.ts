import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * Identity and access. Every organisation-scoped table carries `organisation_id`; on both engines
 * row-level security limits the restricted role `tocsin_app` to the organisation named by the
 * transaction setting `tocsin.org_id` (policies in the migration; see `org-scope.ts`).
 */

/** A monitoring organisation: the unit of isolation. */
export const organisations = pgTable("organisations", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  /** Designated by the instance's operators: this organisation's alert overrides set the public level (issue 16). */
  publicPublisher: boolean("public_publisher").notNull().default(false),
});

/**
 * Sign-in failures per e-mail (SHA-256 of the lower-cased address), for addresses with and without
 * an account alike, so that locking, answers and writes do not tell which e-mails exist.
 */
export const loginAttempts = pgTable("login_attempts", {
  emailHash: text("email_hash").primaryKey(),
  failed: integer("failed").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/** A person with one role in one organisation. E-mail is unique across organisations (login). */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    /** Lower-cased. */
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    /** `admin` | `analyst` | `monitor` | `viewer`. */
    role: text("role").notNull(),
    /** argon2id PHC string. */
    passwordHash: text("password_hash").notNull(),
    disabled: boolean("disabled").notNull().default(false),
    /** Set by an admin's forced reset: no permission until the user changes the password. */
    passwordResetRequired: boolean("password_reset_required").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** The dashboard language the user chose (BCP 47, e.g. `fr`); null: the browser's. Alert messages follow it too. */
    locale: text("locale"),
    /**
     * When a second holder of the identity permission (or the instance operator, `tocsin users
     * approve-role`) approved this user's access to reporter identities; null = not approved, and
     * the role's identity-reading permissions are withheld.
     */
    identityApprovedAt: timestamp("identity_approved_at", { withTimezone: true }),
    /** `user:<id>` of the approver, or `cli`. */
    identityApprovedBy: text("identity_approved_by"),
  },
  (t) => [uniqueIndex("users_email").on(t.email), index("users_org").on(t.organisationId)],
);

/** A browser session. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 hex of the session token. */
    id: text("id").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    /** SHA-256 hex of the CSRF token issued with the session. */
    csrfHash: text("csrf_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** A scoped, revocable API token (`tcn_…`); only its SHA-256 is stored. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    userId: uuid("user_id").notNull().references(() => users.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** Permissions the token may use (intersected with its user's role at every request). */
    scopes: jsonb("scopes").$type<string[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash), index("api_tokens_user").on(t.userId)],
);

export type OrganisationRow = typeof organisations.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
