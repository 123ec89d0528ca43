/**
 * Report use cases: submit (idempotent, with attachments), read (views shaped by permission),
 * review (the verification workflow), publish (blurred) and the anonymous public list.
 *
 * Every use case begins with `authorize` (the one access check) and then works inside
 * `withOrg`, so the database's row-level security also confines it to the actor's organisation.
 *
 * Submission and crashes: attachment files are written first (content-addressed, durable, so a
 * retry simply finds them), then the report, its attachment rows and audit entries are written in
 * one transaction. A crash before commit leaves only unreferenced blobs; after commit, the
 * Idempotency-Key finds the report. `(organisation, idempotency_key)` is unique, so two concurrent
 * retries cannot both insert: the loser reads the winner's report.
 */
import { randomUUID } from "node:crypto";
import { canonicalJson, sha256Hex } from "../domain/audit/chain.ts";
import { ImageFormatError, sniffImage, stripMetadata } from "../domain/evidence/metadata-strip.ts";
import { authorize, can, HiddenResourceError, type Actor } from "../domain/identity/permissions.ts";
import { areaCentre, blurPoint, DEFAULT_BLUR_M, MIN_PUBLIC_BLUR_M, publicationArea } from "../domain/reports/location.ts";
import { PublishedAreaRepository } from "../infra/store/published-area.repository.ts";
import { hasSourceDetails, sourceKinds, type AttachmentView, type PublicReportView, type ReportSource, type ReportSubmission, type ReportView } from "../domain/reports/report.ts";
import { decide, type Decision, type ReportStatus } from "../domain/reports/workflow.ts";
import { newDataKey, openFile, sealFile } from "../infra/secrets/file-cipher.ts";
import type { Keyring } from "../infra/secrets/keyring.ts";
import type { BlobStore } from "../infra/store/blob-store.ts";
import type { Store } from "../infra/store/database.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { ReportRepository } from "../infra/store/report.repository.ts";
import type { AttachmentRow, ReportRow } from "../infra/store/schema/mod.ts";
import { actorLabel, recordAudit } from "./audit.service.ts";
import { InvalidInputError } from "./auth.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";
import { stripBidiControls } from "../domain/text/safe-text.ts";

/** What report use cases need. */
export interface ReportDeps {
  store: Store;
  /** The current keyring (loaded lazily: a key file is only created when first needed). */
  keyring: () => Keyring;
  blobs: BlobStore;
  now?: () => Date;
}

/** Limits on attachments. */
export const ATTACHMENT_LIMITS = { count: 10, bytesEach: 8 * 1024 * 1024, bytesTotal: 20 * 1024 * 1024 } as const;

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Whether a file name is safe to keep: a plain name, no folders, no control characters.
 * Unsafe names are rejected rather than rewritten, so what is stored is what the reporter sent.
 */
export function isSafeFileName(name: string): boolean {
  return (
    name.length >= 1 && name.length <= 200 && !/[/\\\u0000-\u001f\u007f]/.test(name) && !name.startsWith(".") && name.trim() === name && !/[<>:"|?*]/.test(name)
  );
}

function addr(table: string, rowId: string, column: string) {
  return { table, rowId, column };
}

/**
 * Submits a report once per Idempotency-Key.
 * @returns the report's view and whether this call replayed an earlier submission
 * @throws {ForbiddenError} without `report:create`
 * @throws {InvalidInputError} for a bad key, file name, type mismatch or oversized attachments
 * @throws {ConflictError} when the key was used for a different submission
 */
export async function submitReport(deps: ReportDeps, actor: Actor, submitted: ReportSubmission, idempotencyKey: string): Promise<{ report: ReportView; replayed: boolean }> {
  authorize(actor, "report:create");
  // Bidirectional controls make `x\u202Egpj.exe` read as `xexe.jpg`: removed from file names.
  const input = { ...submitted, attachments: submitted.attachments.map((a) => ({ ...a, fileName: stripBidiControls(a.fileName) })) };
  const now = deps.now?.() ?? new Date();
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) throw new InvalidInputError("Idempotency-Key must be 8–128 characters of A–Z a–z 0–9 . _ : -", "Idempotency-Key");
  if (input.attachments.length > ATTACHMENT_LIMITS.count) throw new InvalidInputError(`at most ${ATTACHMENT_LIMITS.count} attachments`, "attachments");
  let total = 0;
  const files = input.attachments.map((a, i) => {
    if (!isSafeFileName(a.fileName)) throw new InvalidInputError(`attachments[${i}].fileName is not a plain file name`, `attachments/${i}/fileName`);
    if (a.bytes.length === 0 || a.bytes.length > ATTACHMENT_LIMITS.bytesEach) throw new InvalidInputError(`attachments[${i}] must be 1 byte to ${ATTACHMENT_LIMITS.bytesEach} bytes`, `attachments/${i}/data`);
    total += a.bytes.length;
    const sniffed = sniffImage(a.bytes);
    const declaredImage = a.mediaType === "image/jpeg" || a.mediaType === "image/png";
    if (declaredImage !== (sniffed !== null) || (declaredImage && sniffed !== a.mediaType)) {
      throw new InvalidInputError(`attachments[${i}] content does not match its media type ${a.mediaType}`, `attachments/${i}/mediaType`);
    }
    let working: Buffer | null = null;
    if (sniffed) {
      try {
        working = stripMetadata(a.bytes, sniffed);
      } catch (error) {
        if (error instanceof ImageFormatError) throw new InvalidInputError(`attachments[${i}]: ${error.message}`, `attachments/${i}/data`);
        throw error;
      }
    }
    return { ...a, sha256: sha256Hex(a.bytes), working, workingSha256: working ? sha256Hex(working) : null };
  });
  if (total > ATTACHMENT_LIMITS.bytesTotal) throw new InvalidInputError(`attachments exceed ${ATTACHMENT_LIMITS.bytesTotal} bytes in total`, "attachments");
  if (input.location) {
    const { lat, lon } = input.location;
    if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) throw new InvalidInputError("location is not on the globe", "location");
  }
  const requestHash = sha256Hex(canonicalJson({ ...input, attachments: files.map((f) => ({ fileName: f.fileName, mediaType: f.mediaType, capturedAt: f.capturedAt, sha256: f.sha256 })) }));

  const replay = async (): Promise<{ report: ReportView; replayed: boolean } | null> =>
    withOrg(deps.store, actor.organisationId, async (tx) => {
      const repo = new ReportRepository(tx);
      const existing = await repo.byIdempotencyKey(actor.organisationId, idempotencyKey);
      if (!existing) return null;
      // Only the same person replaying the same request gets the report back; anything else is a
      // conflict without details, so keys cannot be used to probe others' reports.
      if (existing.submittedBy !== actor.userId || existing.requestHash !== requestHash) throw new ConflictError("This Idempotency-Key was already used for a different request");
      return { report: toView(existing, await repo.attachments(actor.organisationId, existing.id), actor, deps.keyring), replayed: true };
    });
  const earlier = await replay();
  if (earlier) return earlier;

  const id = randomUUID();
  const detailedSources = hasSourceDetails(input.sources);
  const keyring = input.reporter?.name || input.reporter?.contact || input.location?.protect || detailedSources || files.length > 0 ? deps.keyring() : null;
  // Files first, sealed and durable; a crash from here on leaves only unreferenced sealed blobs
  // (a retry seals again under a fresh data key).
  const sealed: { attachmentId: string; storedSha256: string; workingStoredSha256: string | null; fileKey: string }[] = [];
  for (const f of files) {
    const attachmentId = randomUUID();
    const dataKey = newDataKey();
    const storedSha256 = await deps.blobs.put(sealFile(f.bytes, f.sha256, dataKey));
    const workingStoredSha256 = f.working ? await deps.blobs.put(sealFile(f.working, f.workingSha256!, dataKey)) : null;
    sealed.push({ attachmentId, storedSha256, workingStoredSha256, fileKey: keyring!.encrypt(dataKey.toString("base64"), addr("attachments", attachmentId, "file_key")) });
  }

  const loc = input.location;
  const blurM = loc ? Math.max(DEFAULT_BLUR_M, loc.precisionMeters) : null;
  const blurred = loc ? blurPoint(loc.lat, loc.lon, blurM!) : null;
  try {
    return await withOrg(deps.store, actor.organisationId, async (tx) => {
      const repo = new ReportRepository(tx);
      const row = await repo.insert({
        id, organisationId: actor.organisationId, submittedBy: actor.userId, idempotencyKey, requestHash, status: "received",
        firstReviewerId: null, duplicateOf: null,
        occurredFrom: new Date(input.occurred.from), occurredTo: input.occurred.to ? new Date(input.occurred.to) : null, timePrecision: input.occurred.precision,
        countryIso3: loc?.countryIso3?.toUpperCase() ?? null, adminArea: loc?.adminArea ?? null,
        lat: loc && !loc.protect ? loc.lat : null, lon: loc && !loc.protect ? loc.lon : null,
        locationPrecisionM: loc?.precisionMeters ?? null, locationProtected: Boolean(loc?.protect),
        locationSecret: loc?.protect ? keyring!.encrypt(JSON.stringify({ lat: loc.lat, lon: loc.lon }), addr("reports", id, "location_secret")) : null,
        blurredLat: blurred?.lat ?? null, blurredLon: blurred?.lon ?? null, blurM,
        description: input.description, victims: input.victims, perpetratorType: input.perpetratorType, targetedGroup: input.targetedGroup ?? null,
        sources: sourceKinds(input.sources),
        sourcesSecret: detailedSources ? keyring!.encrypt(JSON.stringify(input.sources), addr("reports", id, "sources_secret")) : null,
        reporterSecret: input.reporter?.name || input.reporter?.contact ? keyring!.encrypt(JSON.stringify(input.reporter), addr("reports", id, "reporter_secret")) : null,
        published: false, publishBlurM: null, receivedAt: now, updatedAt: now,
      });
      await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "report.submitted", entity: "report", entityId: id, row, details: { status: "received", attachments: files.length }, at: now });
      const stored: AttachmentRow[] = [];
      for (const [position, f] of files.entries()) {
        const a = await repo.insertAttachment({
          id: sealed[position].attachmentId, organisationId: actor.organisationId, reportId: id, position, fileName: f.fileName, mediaType: f.mediaType, sizeBytes: f.bytes.length,
          sha256: f.sha256, workingSha256: f.workingSha256, storedSha256: sealed[position].storedSha256, workingStoredSha256: sealed[position].workingStoredSha256,
          fileKey: sealed[position].fileKey, capturedAt: f.capturedAt ? new Date(f.capturedAt) : null, receivedAt: now,
        });
        await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "attachment.stored", entity: "attachment", entityId: a.id, row: a, details: { reportId: id, sha256: a.sha256, workingSha256: a.workingSha256 }, at: now });
        stored.push(a);
      }
      return { report: toView(row, stored, actor, deps.keyring), replayed: false };
    });
  } catch (error) {
    // A concurrent retry with the same key committed first: answer as a replay.
    if (isUniqueViolation(error)) {
      const again = await replay();
      if (again) return again;
    }
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) if ((e as { code?: string }).code === "23505") return true;
  return false;
}

/** Loads a report the actor may read, or hides it. */
async function loadReadable(deps: ReportDeps, actor: Extract<Actor, { kind: "user" }>, id: string) {
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ReportRepository(tx);
    const row = await repo.get(actor.organisationId, id);
    if (!row) throw new NotFoundError("report", id);
    try {
      authorize(actor, "report:read", { organisationId: row.organisationId, ownerId: row.submittedBy });
    } catch (error) {
      // Someone else's report must answer exactly like an id that does not exist (same body), so
      // a monitor cannot learn which ids are reports of the organisation.
      if (error instanceof HiddenResourceError) throw new NotFoundError("report", id);
      throw error;
    }
    return { row, attachments: await repo.attachments(actor.organisationId, id), reviews: await repo.reviews(actor.organisationId, id) };
  });
}

/**
 * One report as the actor may see it, with its review history.
 * @throws {ForbiddenError} without read permission
 * @throws {NotFoundError} when the report does not exist in the actor's organisation (or, for a
 *   monitor, was not submitted by them)
 */
export async function getReport(deps: ReportDeps, actor: Actor, id: string): Promise<ReportView & { reviews: { fromStatus: string; toStatus: string; reviewerId: string; reason: string | null; duplicateOf: string | null; at: string }[] }> {
  authorize(actor, "report:read");
  const { row, attachments, reviews } = await loadReadable(deps, actor, id);
  return {
    ...toView(row, attachments, actor, deps.keyring),
    reviews: reviews.map((r) => ({ fromStatus: r.fromStatus, toStatus: r.toStatus, reviewerId: r.reviewerId, reason: r.reason, duplicateOf: r.duplicateOf, at: new Date(r.at).toISOString() })),
  };
}

/** Reports of the actor's organisation (a monitor's own only). */
export async function listReports(deps: ReportDeps, actor: Actor, filter: { status?: ReportStatus } = {}): Promise<ReportView[]> {
  authorize(actor, "report:read");
  const ownOnly = !can(actor, "report:read");
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ReportRepository(tx);
    const rows = await repo.list(actor.organisationId, { status: filter.status, submittedBy: ownOnly ? actor.userId : undefined });
    const out: ReportView[] = [];
    for (const row of rows) out.push(toView(row, await repo.attachments(actor.organisationId, row.id), actor, deps.keyring));
    return out;
  });
}

/**
 * Applies a workflow decision (see `domain/reports/workflow.ts`), recording reviewer, reason and
 * time, and auditing both the review and the report's new state.
 * @throws {WorkflowError} for a transition the workflow refuses
 * @throws {NotFoundError} for an unknown report or duplicate target
 */
export async function reviewReport(deps: ReportDeps, actor: Actor, id: string, decision: Decision): Promise<ReportView> {
  authorize(actor, "report:review");
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ReportRepository(tx);
    const row = await repo.get(actor.organisationId, id, { forUpdate: true });
    if (!row) throw new NotFoundError("report", id);
    authorize(actor, "report:review", { organisationId: row.organisationId });
    if (decision.to === "duplicate" && decision.duplicateOf !== id && !(await repo.get(actor.organisationId, decision.duplicateOf))) throw new NotFoundError("report", decision.duplicateOf);
    const next = decide({ id, status: row.status as ReportStatus, firstReviewerId: row.firstReviewerId }, decision, actor.userId);
    const updated = await repo.update(actor.organisationId, id, { status: next.status, firstReviewerId: next.firstReviewerId, duplicateOf: next.duplicateOf, updatedAt: now });
    const review = await repo.insertReview({ id: randomUUID(), organisationId: actor.organisationId, reportId: id, fromStatus: row.status, toStatus: next.status, reviewerId: actor.userId, reason: decision.reason ?? null, duplicateOf: next.duplicateOf, at: now });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "review.recorded", entity: "review", entityId: review.id, row: review, details: { reportId: id }, at: now });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: `report.${next.status}`, entity: "report", entityId: id, row: updated, details: { from: row.status, to: next.status }, at: now });
    return toView(updated, await repo.attachments(actor.organisationId, id), actor, deps.keyring);
  });
}

/**
 * Publishes a verified report with its location blurred to `blurMeters` (at least 1 km).
 * @throws {InvalidInputError} for a blur under 1 km
 * @throws {ConflictError} when the report is not verified
 */
export async function publishReport(deps: ReportDeps, actor: Actor, id: string, options: { blurMeters: number }): Promise<ReportView> {
  authorize(actor, "report:publish");
  if (!(options.blurMeters >= MIN_PUBLIC_BLUR_M)) throw new InvalidInputError(`blurMeters must be at least ${MIN_PUBLIC_BLUR_M}`, "blurMeters");
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ReportRepository(tx);
    const row = await repo.get(actor.organisationId, id, { forUpdate: true });
    if (!row) throw new NotFoundError("report", id);
    if (row.status !== "verified") throw new ConflictError("only verified reports can be published");
    // The first publication fixes the area; later ones derive from it only (no narrowing).
    const areas = new PublishedAreaRepository(tx);
    const exact = exactPoint(row, deps.keyring);
    if (exact && !(await areas.get(id))) await areas.insert(actor.organisationId, id, publicationArea(null, exact, Math.round(options.blurMeters)), now);
    const updated = await repo.update(actor.organisationId, id, { published: true, publishBlurM: Math.round(options.blurMeters), updatedAt: now });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "report.published", entity: "report", entityId: id, row: updated, details: { blurMeters: Math.round(options.blurMeters) }, at: now });
    return toView(updated, await repo.attachments(actor.organisationId, id), actor, deps.keyring);
  });
}

/**
 * Withdraws a published report from the public list (it stays verified and readable inside the
 * organisation); audited. Unpublishing an unpublished report is refused, so the audit trail holds
 * only real changes.
 * @param reason why it was withdrawn (recorded in the audit details)
 * @throws {ConflictError} when the report is not published
 */
export async function unpublishReport(deps: ReportDeps, actor: Actor, id: string, reason: string): Promise<ReportView> {
  authorize(actor, "report:publish");
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ReportRepository(tx);
    const row = await repo.get(actor.organisationId, id, { forUpdate: true });
    if (!row) throw new NotFoundError("report", id);
    if (!row.published) throw new ConflictError("the report is not published");
    const updated = await repo.update(actor.organisationId, id, { published: false, updatedAt: now });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "report.unpublished", entity: "report", entityId: id, row: updated, details: { reason }, at: now });
    return toView(updated, await repo.attachments(actor.organisationId, id), actor, deps.keyring);
  });
}

/** Published reports of every organisation, for anyone: blurred place, day-level date, no people. */
export async function listPublicReports(deps: ReportDeps): Promise<PublicReportView[]> {
  const rows = await new ReportRepository(deps.store.db).listPublished();
  const firstAreas = await new PublishedAreaRepository(deps.store.db).forReports(rows.map((r) => r.id));
  return rows.map((r) => publicReportView(r, deps.keyring, firstAreas.get(r.id)));
}

/**
 * The public face of a published report (also what the open-data exports write): blurred place,
 * day-level date, no people, no internal fields.
 * @param r a published report row
 * @param keyring opens the sealed exact point, which is only ever blurred here
 * @param first the area fixed at first publication: every later answer stays within it, so
 *   republishing with other sizes cannot narrow the place down
 */
export function publicReportView(r: ReportRow, keyring: () => Keyring, first?: Parameters<typeof publicationArea>[0]): PublicReportView {
  const exact = exactPoint(r, keyring);
  const blur = Math.max(r.publishBlurM ?? DEFAULT_BLUR_M, MIN_PUBLIC_BLUR_M);
  // Reports published before first areas were kept fall back to snapping at the current size.
  const area = exact && first ? publicationArea(first, exact, blur) : null;
  return {
    id: r.id,
    occurredOn: new Date(r.occurredFrom).toISOString().slice(0, 10),
    timePrecision: ["exact", "hour"].includes(r.timePrecision) ? "day" : r.timePrecision,
    location: area
      ? { ...areaCentre(area), precisionMeters: Math.round(area.sizeMeters), countryIso3: r.countryIso3, adminArea: r.adminArea }
      : exact ? { ...blurPoint(exact.lat, exact.lon, blur), precisionMeters: blur, countryIso3: r.countryIso3, adminArea: r.adminArea } : null,
    description: r.description,
    victims: r.victims,
    perpetratorType: r.perpetratorType,
    targetedGroup: r.targetedGroup,
  };
}

/**
 * The bytes of an attachment: the metadata-free working copy, or (with `evidence:read-original`)
 * the sealed original. Files without a working copy (non-images) need the evidence permission.
 * @throws {NotFoundError} when not visible to the actor
 */
export async function getAttachment(deps: ReportDeps, actor: Actor, reportId: string, attachmentId: string, variant: "working" | "original"): Promise<{ bytes: Buffer; mediaType: string; fileName: string }> {
  authorize(actor, variant === "original" ? "evidence:read-original" : "report:read");
  const { attachments } = await loadReadable(deps, actor, reportId);
  const a = attachments.find((x) => x.id === attachmentId);
  if (!a) throw new NotFoundError("attachment", attachmentId);
  const original = variant === "original" || !a.workingSha256;
  if (original && !can(actor, "evidence:read-original")) throw new NotFoundError("attachment working copy", attachmentId);
  return { bytes: await readAttachmentFile(deps.blobs, deps.keyring, a, original ? "original" : "working"), mediaType: a.mediaType, fileName: a.fileName };
}

/**
 * The plaintext bytes of an attachment's original or working copy, opened with its data key and
 * checked against its evidence hash.
 * @throws {BlobIntegrityError} when the sealed file is missing or altered on disk
 * @throws {SealedFileError} when it cannot be opened to the recorded hash
 */
export async function readAttachmentFile(blobs: BlobStore, keyring: () => Keyring, a: AttachmentRow, variant: "original" | "working"): Promise<Buffer> {
  const plainSha = variant === "original" ? a.sha256 : a.workingSha256;
  const storedSha = variant === "original" ? a.storedSha256 : a.workingStoredSha256;
  if (!plainSha || !storedSha || !a.fileKey) throw new NotFoundError(`attachment ${variant}`, a.id);
  const dataKey = Buffer.from(keyring().decrypt(a.fileKey, addr("attachments", a.id, "file_key")), "base64");
  return openFile(await blobs.get(storedSha), plainSha, dataKey);
}

function exactPoint(r: ReportRow, keyring: () => Keyring): { lat: number; lon: number } | null {
  if (r.lat !== null && r.lon !== null) return { lat: r.lat, lon: r.lon };
  if (r.locationSecret) return JSON.parse(keyring().decrypt(r.locationSecret, addr("reports", r.id, "location_secret"))) as { lat: number; lon: number };
  return null;
}

function attachmentView(a: AttachmentRow): AttachmentView {
  return {
    id: a.id, fileName: stripBidiControls(a.fileName), mediaType: a.mediaType, sizeBytes: a.sizeBytes, sha256: a.sha256, workingSha256: a.workingSha256,
    capturedAt: a.capturedAt ? new Date(a.capturedAt).toISOString() : null, receivedAt: new Date(a.receivedAt).toISOString(),
  };
}

/** Whether `actor` may learn who submitted a report by `authorId`: readers of identities and the author. */
export function mayKnowAuthor(actor: Actor, authorId: string): boolean {
  return can(actor, "report:read-identity") || (actor.kind === "user" && actor.userId === authorId);
}

/** Shapes a row for `actor`: identity and exact protected location only with their permissions. */
function toView(r: ReportRow, attachments: AttachmentRow[], actor: Actor, keyring: () => Keyring): ReportView {
  let location: ReportView["location"] = null;
  const place = { countryIso3: r.countryIso3, adminArea: r.adminArea };
  if (r.locationProtected && can(actor, "report:read-exact-location")) {
    location = { ...exactPoint(r, keyring)!, precisionMeters: r.locationPrecisionM, exact: true, ...place };
  } else if (r.locationProtected && r.blurredLat !== null && r.blurredLon !== null) {
    location = { lat: r.blurredLat, lon: r.blurredLon, precisionMeters: r.blurM, exact: false, ...place };
  } else if (r.lat !== null && r.lon !== null) {
    location = { lat: r.lat, lon: r.lon, precisionMeters: r.locationPrecisionM, exact: true, ...place };
  } else if (r.countryIso3 || r.adminArea) {
    location = null;
  }
  const view: ReportView = {
    // Who reported is an identity: admins could otherwise map the id to a person via /api/users.
    id: r.id, status: r.status as ReportStatus, submittedBy: mayKnowAuthor(actor, r.submittedBy) ? r.submittedBy : null, firstReviewerId: r.firstReviewerId, duplicateOf: r.duplicateOf,
    occurred: { from: new Date(r.occurredFrom).toISOString(), to: r.occurredTo ? new Date(r.occurredTo).toISOString() : null, precision: r.timePrecision },
    location, description: r.description, victims: r.victims, perpetratorType: r.perpetratorType, targetedGroup: r.targetedGroup, sources: sourceKinds(r.sources),
    published: r.published, attachments: attachments.map(attachmentView), receivedAt: new Date(r.receivedAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString(),
  };
  if (can(actor, "report:read-identity")) {
    view.sources = r.sourcesSecret ? (JSON.parse(keyring().decrypt(r.sourcesSecret, addr("reports", r.id, "sources_secret"))) as ReportSource[]) : r.sources;
    view.reporter = r.reporterSecret ? (JSON.parse(keyring().decrypt(r.reporterSecret, addr("reports", r.id, "reporter_secret"))) as { name?: string; contact?: string }) : null;
  }
  return view;
}
