/**
 * The assessment workflow as a pure state machine, per version:
 *
 *   draft → submitted → reviewed → published
 *              ↑  │ (returned by the reviewer)
 *   draft ←────┘──┘
 *
 * - Only the author edits a draft and submits it.
 * - Only a submitted version can be reviewed, and never by its author (four-eyes rule). A review
 *   either approves (→ reviewed) or returns it to draft with a note.
 * - Only a reviewed version can be published; a published version is immutable.
 * - Revising a published assessment starts a new draft version (n + 1) by whoever revises it;
 *   only one unpublished version may be open at a time.
 */

/** Version states. */
export const ASSESSMENT_STATUSES = ["draft", "submitted", "reviewed", "published"] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** What someone asks to do to a version. */
export type AssessmentAction =
  | { type: "edit" }
  | { type: "submit" }
  | { type: "review"; decision: "approve" | "return"; note: string }
  | { type: "publish" }
  | { type: "revise" };

/** The workflow facts of one version. */
export interface VersionState {
  status: AssessmentStatus;
  authorId: string;
  reviewerId: string | null;
  /** Whether this is the newest version of its assessment. */
  latest: boolean;
}

/** Why an action was refused. */
export type AssessmentWorkflowCode = "invalid_transition" | "four_eyes" | "not_author" | "immutable" | "note_required" | "not_latest";

/** An action the workflow refuses; callers map it to 409 (400 for a missing note). */
export class AssessmentWorkflowError extends Error {
  constructor(message: string, readonly code: AssessmentWorkflowCode) {
    super(message);
    this.name = "AssessmentWorkflowError";
  }
}

/** The result of an allowed action: the version's new state, or (for `revise`) the new version's. */
export interface Transition {
  status: AssessmentStatus;
  reviewerId: string | null;
  /** True when the action creates a new version instead of changing this one. */
  newVersion: boolean;
  /** Audit action name, e.g. `assessment.submitted`. */
  event: string;
}

/**
 * Decides whether `actorId` may apply `action` to `state`.
 * @returns the new state
 * @throws {AssessmentWorkflowError} `immutable` (editing or reviewing a published version),
 *   `not_author` (someone else edits or submits a draft), `four_eyes` (the author reviews),
 *   `note_required` (a review without a note), `not_latest` (acting on an older version),
 *   `invalid_transition` (anything else out of order)
 * @example
 * decide({ status: "submitted", authorId: "a", reviewerId: null, latest: true }, { type: "review", decision: "approve", note: "checked" }, "b");
 * // → { status: "reviewed", reviewerId: "b", newVersion: false, event: "assessment.reviewed" }
 */
export function decide(state: VersionState, action: AssessmentAction, actorId: string): Transition {
  if (!state.latest) throw new AssessmentWorkflowError("only the newest version of an assessment can change", "not_latest");
  switch (action.type) {
    case "edit":
    case "submit":
      if (state.status === "published") throw new AssessmentWorkflowError("a published version is immutable; start a new version", "immutable");
      if (state.status !== "draft") throw new AssessmentWorkflowError(`a ${state.status} version cannot be ${action.type === "edit" ? "edited" : "submitted"}`, "invalid_transition");
      if (state.authorId !== actorId) throw new AssessmentWorkflowError(`only the author may ${action.type} a draft`, "not_author");
      return action.type === "edit"
        ? { status: "draft", reviewerId: null, newVersion: false, event: "assessment.edited" }
        : { status: "submitted", reviewerId: null, newVersion: false, event: "assessment.submitted" };
    case "review":
      if (state.status === "published") throw new AssessmentWorkflowError("a published version is immutable", "immutable");
      if (state.status !== "submitted") throw new AssessmentWorkflowError(`only a submitted version can be reviewed, this one is ${state.status}`, "invalid_transition");
      if (state.authorId === actorId) throw new AssessmentWorkflowError("the reviewer must be a second analyst, not the author", "four_eyes");
      if (!action.note.trim()) throw new AssessmentWorkflowError("a review needs a note", "note_required");
      return action.decision === "approve"
        ? { status: "reviewed", reviewerId: actorId, newVersion: false, event: "assessment.reviewed" }
        : { status: "draft", reviewerId: null, newVersion: false, event: "assessment.returned" };
    case "publish":
      if (state.status === "published") throw new AssessmentWorkflowError("this version is already published", "immutable");
      if (state.status !== "reviewed") throw new AssessmentWorkflowError(`only a reviewed version can be published, this one is ${state.status}`, "invalid_transition");
      return { status: "published", reviewerId: state.reviewerId, newVersion: false, event: "assessment.published" };
    case "revise":
      if (state.status !== "published") throw new AssessmentWorkflowError("a new version can start only from a published one (finish or edit the open version)", "invalid_transition");
      return { status: "draft", reviewerId: null, newVersion: true, event: "assessment.revised" };
  }
}
