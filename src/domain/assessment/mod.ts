/** Structured analyst assessments: frameworks as data, scoring, workflow, diffs, disagreement. */
export * from "./framework.ts";
export * from "./assessment.ts";
export * from "./scoring.ts";
export * from "./workflow.ts";
export * from "./diff.ts";
export * from "./disagreement.ts";
export * from "./summary.ts";
export * from "./frameworks/mod.ts";
