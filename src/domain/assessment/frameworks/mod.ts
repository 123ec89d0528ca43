/** The built-in assessment frameworks, keyed by `key@version`. */
import type { Framework } from "../framework.ts";
import { RABAT } from "./rabat.ts";
import { TEN_STAGES } from "./ten-stages.ts";
import { UN_FRAMEWORK_2014 } from "./un-framework-2014.ts";

export { RABAT, TEN_STAGES, UN_FRAMEWORK_2014 };

/** Every built-in framework, in display order. */
export const BUILTIN_FRAMEWORKS: readonly Framework[] = [UN_FRAMEWORK_2014, TEN_STAGES, RABAT];

/** A built-in framework by key and version, or `undefined`. */
export function builtinFramework(key: string, version: number): Framework | undefined {
  return BUILTIN_FRAMEWORKS.find((f) => f.key === key && f.version === version);
}
