/**
 * Archived copies of evidence URLs (issue 9): the author of an open draft asks Tocsin to fetch
 * every `url` evidence link that has no archived copy yet; the bytes go into the content-addressed
 * blob store and the link records SHA-256, fetch time, media type and status. A failure is recorded
 * on the link, not thrown, so one dead page does not block the others.
 *
 * Chosen trigger: an explicit `POST /api/assessments/:id/evidence/archive` (the dashboard calls it
 * when an analyst adds a URL and before submitting) rather than archiving inside submit, because a
 * slow site must not hold a workflow step, and the analyst should see what was archived before
 * asking a colleague to review it.
 *
 * Fetching happens outside any database transaction (no row lock is held during network waits);
 * the results are then merged into the newest draft in one audited transaction, re-checking that it
 * is still the same open draft of the same author.
 */
import type { EvidenceArchive, IndicatorAnswer } from "../domain/assessment/assessment.ts";
import { decide, type AssessmentStatus } from "../domain/assessment/workflow.ts";
import { authorize, type Actor } from "../domain/identity/permissions.ts";
import { fetchForArchive, type ArchiveFetchOptions, type ArchiveFetchResult } from "../infra/net/archive-fetch.ts";
import { AssessmentRepository } from "../infra/store/assessment.repository.ts";
import type { BlobStore } from "../infra/store/blob-store.ts";
import type { Store } from "../infra/store/database.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { actorLabel, recordAudit } from "./audit.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";

/** What archiving needs. */
export interface EvidenceArchiveDeps {
  store: Store;
  blobs: BlobStore;
  now?: () => Date;
  /** Guard and limits of the fetch; `allowPrivate` only for tests. */
  fetchOptions?: ArchiveFetchOptions;
  /** The fetcher (tests may replace it); defaults to the guarded `fetchForArchive`. */
  fetcher?: (url: string, options: ArchiveFetchOptions) => Promise<ArchiveFetchResult>;
}

/** The outcome for one link. */
export interface ArchiveOutcome {
  indicatorId: string;
  url: string;
  archive: EvidenceArchive;
}

/** At most this many URLs are fetched per call (each can take the fetch time limit). */
export const ARCHIVE_BATCH = 20;

type UrlLink = { indicatorId: string; url: string };

function pending(answers: Record<string, IndicatorAnswer>, retryFailed: boolean): UrlLink[] {
  const seen = new Set<string>();
  const out: UrlLink[] = [];
  for (const [indicatorId, a] of Object.entries(answers)) {
    for (const l of a.evidence) {
      if (l.kind !== "url" || l.archive?.status === "archived" || (l.archive?.status === "failed" && !retryFailed)) continue;
      const key = `${indicatorId}\n${l.ref}`;
      if (!seen.has(key)) out.push({ indicatorId, url: l.ref });
      seen.add(key);
    }
  }
  return out;
}

/**
 * Archives the `url` evidence of the actor's open draft that has no archived copy (failed ones are
 * tried again when `retryFailed`, the default), up to `ARCHIVE_BATCH` per call.
 * @returns what happened to each link (possibly none), and how many are left for another call
 * @throws {ForbiddenError} without `assessment:write`
 * @throws {NotFoundError} outside the organisation
 * @throws {AssessmentWorkflowError} when the newest version is not the actor's draft
 * @throws {ConflictError} when the draft moved on (was submitted) while the pages were fetched
 */
export async function archiveEvidence(deps: EvidenceArchiveDeps, actor: Actor, id: string, options: { retryFailed?: boolean } = {}): Promise<{ assessmentId: string; version: number; archived: ArchiveOutcome[]; remaining: number }> {
  authorize(actor, "assessment:write");
  const retryFailed = options.retryFailed ?? true;
  const fetcher = deps.fetcher ?? fetchForArchive;
  const check = (status: string, authorId: string) => decide({ status: status as AssessmentStatus, authorId, reviewerId: null, latest: true }, { type: "edit" }, actor.userId);

  const { versionId, version, todo } = await withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new AssessmentRepository(tx);
    const a = await repo.get(actor.organisationId, id);
    if (!a) throw new NotFoundError("assessment", id);
    const v = (await repo.latestVersion(actor.organisationId, id))!;
    check(v.status, v.authorId);
    return { versionId: v.id, version: v.version, todo: pending(v.content.answers, retryFailed) };
  });

  const batch = todo.slice(0, ARCHIVE_BATCH);
  const results: ArchiveOutcome[] = [];
  for (const link of batch) {
    const r = await fetcher(link.url, deps.fetchOptions ?? {});
    const fetchedAt = (deps.now?.() ?? new Date()).toISOString();
    if (r.ok) {
      const sha256 = await deps.blobs.put(r.bytes);
      results.push({ ...link, archive: { status: "archived", fetchedAt, sha256, bytes: r.bytes.length, ...(r.contentType ? { contentType: r.contentType.slice(0, 200) } : {}), httpStatus: r.httpStatus } });
    } else {
      results.push({ ...link, archive: { status: "failed", fetchedAt, error: r.error.slice(0, 300), ...(r.httpStatus ? { httpStatus: r.httpStatus } : {}) } });
    }
  }
  if (!results.length) return { assessmentId: id, version, archived: [], remaining: 0 };

  const now = deps.now?.() ?? new Date();
  await withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new AssessmentRepository(tx);
    const v = (await repo.latestVersion(actor.organisationId, id, { forUpdate: true }))!;
    if (v.id !== versionId) throw new ConflictError("the assessment has a newer version; archive again");
    check(v.status, v.authorId);
    const byKey = new Map(results.map((r) => [`${r.indicatorId}\n${r.url}`, r.archive]));
    const answers = Object.fromEntries(
      Object.entries(v.content.answers).map(([indicatorId, a]) => [
        indicatorId,
        { ...a, evidence: a.evidence.map((l) => (l.kind === "url" && byKey.has(`${indicatorId}\n${l.ref}`) ? { ...l, archive: byKey.get(`${indicatorId}\n${l.ref}`)! } : l)) },
      ]),
    );
    const updated = await repo.updateVersion(actor.organisationId, v.id, { content: { ...v.content, answers }, updatedAt: now });
    // Hashes and outcomes only: URLs stay in the (organisation-scoped) content, not the shared audit details.
    await recordAudit(tx, {
      organisationId: actor.organisationId, actor: actorLabel(actor), action: "assessment.evidence_archived", entity: "assessment_version", entityId: v.id, row: updated,
      details: { assessmentId: id, version: v.version, archived: results.filter((r) => r.archive.status === "archived").map((r) => r.archive.sha256), failed: results.filter((r) => r.archive.status === "failed").length },
      at: now,
    });
  });
  return { assessmentId: id, version, archived: results, remaining: todo.length - batch.length };
}

/**
 * The bytes of an archived evidence page, for members of the organisation that archived it: only a
 * hash some version of this assessment records as archived is served (the blob store also holds
 * sealed report files, which must not be reachable by hash).
 * @returns the bytes and the media type the site sent (callers must not serve it as active content)
 * @throws {ForbiddenError} without `assessment:read`
 * @throws {NotFoundError} outside the organisation, or when no version records this hash
 * @throws {BlobIntegrityError} when the stored copy is missing or altered
 */
export async function archivedCopy(deps: Pick<EvidenceArchiveDeps, "store" | "blobs">, actor: Actor, id: string, sha256: string): Promise<{ bytes: Buffer; contentType: string | null }> {
  authorize(actor, "assessment:read");
  const record = await withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new AssessmentRepository(tx);
    const a = await repo.get(actor.organisationId, id);
    if (!a) throw new NotFoundError("assessment", id);
    for (const v of await repo.versions(actor.organisationId, id)) {
      for (const ans of Object.values(v.content.answers)) {
        const hit = ans.evidence.find((l) => l.kind === "url" && l.archive?.status === "archived" && l.archive.sha256 === sha256);
        if (hit) return hit.archive!;
      }
    }
    return null;
  });
  if (!record) throw new NotFoundError("archived copy", sha256);
  return { bytes: await deps.blobs.get(sha256), contentType: record.contentType ?? null };
}
