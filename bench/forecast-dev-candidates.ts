/**
 * The design candidates for `default`, fixed before any of them was run (the decision rule is in
 * model-registry.ts). Used by bench/forecast-dev.ts only.
 */
import { DEFAULT_MODEL_V3, EWP_GLMNET } from "../src/domain/forecast/model-registry.ts";
import type { ModelSpec } from "../src/domain/forecast/model.ts";
import { stableGlmnetSpec } from "../src/domain/forecast/stable-glmnet.ts";

const base = { nfolds: 10, description: "dev candidate" };
/** Candidates, in the order they are reported. */
export const DEV_CANDIDATES: ModelSpec[] = [
  EWP_GLMNET,
  stableGlmnetSpec({ ...base, id: "enet-rcv5", alphas: [0.5], selection: "repeated-cv", repeats: 5 }),
  stableGlmnetSpec({ ...base, id: "enet-bag5", alphas: [0.5], selection: "bagged", repeats: 5 }),
  stableGlmnetSpec({ ...base, id: "enet-blocked", alphas: [0.5], selection: "blocked-cv" }),
  stableGlmnetSpec({ ...base, id: "enet-forward", alphas: [0.5], selection: "forward", forwardOrigins: 8 }),
  stableGlmnetSpec({ ...base, id: "enet-alphamix", alphas: [0.1, 0.5, 1], selection: "repeated-cv", repeats: 2 }),
  DEFAULT_MODEL_V3,
];
