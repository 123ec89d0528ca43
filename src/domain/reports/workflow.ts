/**
 * The verification workflow as a pure state machine:
 *
 *   received → under_review → verified | unverifiable | false | duplicate
 *
 * `under_review` records its reviewer (the first reviewer). `verified` must be decided by a second
 * analyst, never the first reviewer (four-eyes rule). Every closing decision needs a reason;
 * `duplicate` also needs the original report it duplicates. Closed states are final.
 */

/** Report states. */
export const REPORT_STATUSES = ["received", "under_review", "verified", "unverifiable", "false", "duplicate"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** A decision an analyst asks for. */
export type Decision =
  | { to: "under_review"; reason?: string }
  | { to: "verified" | "unverifiable" | "false"; reason: string }
  | { to: "duplicate"; reason: string; duplicateOf: string };

/** The workflow facts of one report. */
export interface WorkflowState {
  id: string;
  status: ReportStatus;
  firstReviewerId: string | null;
}

/** A decision the workflow does not allow; callers map it to 409 (or 400). */
export class WorkflowError extends Error {
  constructor(message: string, readonly code: "invalid_transition" | "four_eyes" | "reason_required" | "duplicate_target") {
    super(message);
    this.name = "WorkflowError";
  }
}

const NEXT: Readonly<Record<ReportStatus, readonly ReportStatus[]>> = {
  received: ["under_review"],
  under_review: ["verified", "unverifiable", "false", "duplicate"],
  verified: [],
  unverifiable: [],
  false: [],
  duplicate: [],
};

/**
 * Applies `decision` by `reviewerId` to `state`.
 * @returns the new state fields (status, first reviewer, duplicate link)
 * @throws {WorkflowError} for a transition not in the graph, a missing reason, a self-duplicate or
 *   a verification by the first reviewer
 */
export function decide(
  state: WorkflowState,
  decision: Decision,
  reviewerId: string,
): { status: ReportStatus; firstReviewerId: string; duplicateOf: string | null } {
  if (!NEXT[state.status].includes(decision.to)) {
    throw new WorkflowError(`a ${state.status} report cannot become ${decision.to}`, "invalid_transition");
  }
  if (decision.to !== "under_review" && !decision.reason?.trim()) throw new WorkflowError(`${decision.to} needs a reason`, "reason_required");
  if (decision.to === "verified" && state.firstReviewerId === reviewerId) {
    throw new WorkflowError("verification needs a second analyst other than the first reviewer", "four_eyes");
  }
  if (decision.to === "duplicate" && decision.duplicateOf === state.id) throw new WorkflowError("a report cannot duplicate itself", "duplicate_target");
  return {
    status: decision.to,
    firstReviewerId: state.firstReviewerId ?? reviewerId,
    duplicateOf: decision.to === "duplicate" ? decision.duplicateOf : null,
  };
}
