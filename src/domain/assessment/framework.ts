/**
 * Assessment frameworks as data: a versioned template of risk factors, each with numbered
 * indicators, guidance text and one answer scale. The three built-in templates live in
 * `frameworks/`; admins add their own through `validateFramework`, which turns untrusted JSON into
 * a checked `Framework` (no code change needed).
 */

/** The answers an analyst can give an indicator, in order of strength. `unknown` is explicit. */
export const ANSWERS = ["absent", "present", "strongly_present", "unknown"] as const;
export type Answer = (typeof ANSWERS)[number];

/** How sure the analyst is of an answer. */
export const CONFIDENCES = ["low", "medium", "high"] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** One answer on a framework's scale, with the value it contributes to scores (`null` for unknown). */
export interface ScaleOption {
  answer: Answer;
  label: string;
  /** 0 … 1; `null` means "not known" and is left out of scores (see `scoring.ts`). */
  value: number | null;
}

/** The default scale: absent 0, present 0.5, strongly present 1, unknown left out. */
export const DEFAULT_SCALE: readonly ScaleOption[] = [
  { answer: "absent", label: "Absent", value: 0 },
  { answer: "present", label: "Present", value: 0.5 },
  { answer: "strongly_present", label: "Strongly present", value: 1 },
  { answer: "unknown", label: "Unknown", value: null },
];

/** One question an analyst answers. */
export interface Indicator {
  /** `<factor number>.<n>`, e.g. `1.3`; unique within the framework. */
  id: string;
  text: string;
  /** What to look for, in the project's own words. */
  guidance: string;
}

/** A group of indicators with one summary (a risk factor, a stage, a part of a test). */
export interface Factor {
  /** `1`, `2`, … as a string; unique within the framework. */
  id: string;
  name: string;
  /** Grouping shown in the UI, e.g. `common` / `genocide` for the UN framework. */
  group?: string;
  description: string;
  /** Relative weight in the overall score (default 1). */
  weight?: number;
  indicators: Indicator[];
}

/** A versioned assessment template. `(key, version)` identifies it; a published version never changes. */
export interface Framework {
  /** Lower-case slug, e.g. `un-framework-2014`. */
  key: string;
  version: number;
  name: string;
  description: string;
  /** Where the structure comes from (the guidance is always the project's own text). */
  source: string;
  scale: readonly ScaleOption[];
  factors: Factor[];
}

/** A framework definition that failed validation; `path` names the offending field. */
export class FrameworkError extends Error {
  constructor(message: string, readonly path: string) {
    super(`${path}: ${message}`);
    this.name = "FrameworkError";
  }
}

const KEY = /^[a-z][a-z0-9-]{1,62}$/;
const FACTOR_ID = /^[1-9][0-9]{0,2}$/;

function str(value: unknown, path: string, max: number, optional = false): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== "string" || !value.trim()) throw new FrameworkError("must be a non-empty string", path);
  if (value.length > max) throw new FrameworkError(`must have at most ${max} characters`, path);
  if (value.includes("\u0000")) throw new FrameworkError("must not contain NUL characters", path);
  return value;
}

function obj(value: unknown, path: string): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new FrameworkError("must be an object", path);
  return value as Record<string, unknown>;
}

/**
 * Checks an untrusted framework definition and returns it in canonical form.
 *
 * Rules: `key` is a slug; `version` a positive integer; 1–50 factors with ids `1`, `2`, … in order;
 * each factor has 1–40 indicators numbered `<factor>.1`, `<factor>.2`, … in order; weights are
 * positive and finite (default 1); the scale, when given, must list each of `absent`, `present`,
 * `strongly_present` and `unknown` exactly once, with values in [0, 1] increasing in that order and
 * `unknown` valued `null` (default `DEFAULT_SCALE`).
 * @param input parsed JSON
 * @returns the framework, with default scale and weights filled in
 * @throws {FrameworkError} naming the first bad field, e.g. `factors[2].indicators[0].id`
 * @example
 * const fw = validateFramework({ key: "my-frame", version: 1, name: "Mine", description: "…", source: "ours",
 *   factors: [{ id: "1", name: "A", description: "…", indicators: [{ id: "1.1", text: "…", guidance: "…" }] }] });
 */
export function validateFramework(input: unknown): Framework {
  const o = obj(input, "framework");
  const key = str(o.key, "key", 63)!;
  if (!KEY.test(key)) throw new FrameworkError("must be a lower-case slug (a-z, 0-9, -), 2–63 characters", "key");
  const version = o.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1 || version > 1_000_000) throw new FrameworkError("must be a positive integer", "version");
  const scale = o.scale === undefined ? DEFAULT_SCALE : validateScale(o.scale);
  if (!Array.isArray(o.factors) || o.factors.length < 1 || o.factors.length > 50) throw new FrameworkError("must list 1–50 factors", "factors");
  const factors = o.factors.map((f, i): Factor => {
    const path = `factors[${i}]`;
    const fo = obj(f, path);
    const id = str(fo.id, `${path}.id`, 3)!;
    if (!FACTOR_ID.test(id) || Number(id) !== i + 1) throw new FrameworkError(`must be "${i + 1}" (factors are numbered in order)`, `${path}.id`);
    const weight = fo.weight === undefined ? 1 : fo.weight;
    if (typeof weight !== "number" || !Number.isFinite(weight) || weight <= 0 || weight > 100) throw new FrameworkError("must be a positive number up to 100", `${path}.weight`);
    if (!Array.isArray(fo.indicators) || fo.indicators.length < 1 || fo.indicators.length > 40) throw new FrameworkError("must list 1–40 indicators", `${path}.indicators`);
    const indicators = fo.indicators.map((ind, j): Indicator => {
      const ip = `${path}.indicators[${j}]`;
      const io = obj(ind, ip);
      const iid = str(io.id, `${ip}.id`, 8)!;
      if (iid !== `${id}.${j + 1}`) throw new FrameworkError(`must be "${id}.${j + 1}" (indicators are numbered within their factor)`, `${ip}.id`);
      return { id: iid, text: str(io.text, `${ip}.text`, 1000)!, guidance: str(io.guidance, `${ip}.guidance`, 5000)! };
    });
    const group = str(fo.group, `${path}.group`, 100, true);
    return { id, name: str(fo.name, `${path}.name`, 300)!, ...(group ? { group } : {}), description: str(fo.description, `${path}.description`, 5000)!, weight, indicators };
  });
  return { key, version, name: str(o.name, "name", 300)!, description: str(o.description, "description", 5000)!, source: str(o.source, "source", 1000)!, scale, factors };
}

function validateScale(input: unknown): ScaleOption[] {
  if (!Array.isArray(input) || input.length !== ANSWERS.length) throw new FrameworkError(`must list the ${ANSWERS.length} answers ${ANSWERS.join(", ")}`, "scale");
  const byAnswer = new Map<string, ScaleOption>();
  input.forEach((s, i) => {
    const so = obj(s, `scale[${i}]`);
    if (!(ANSWERS as readonly unknown[]).includes(so.answer)) throw new FrameworkError(`must be one of ${ANSWERS.join(", ")}`, `scale[${i}].answer`);
    if (byAnswer.has(so.answer as string)) throw new FrameworkError("is listed twice", `scale[${i}].answer`);
    const value = so.value;
    if (so.answer === "unknown" ? value !== null : typeof value !== "number" || !(value >= 0 && value <= 1)) {
      throw new FrameworkError(so.answer === "unknown" ? "must be null (unknowns are left out of scores)" : "must be a number in [0, 1]", `scale[${i}].value`);
    }
    byAnswer.set(so.answer as string, { answer: so.answer as Answer, label: str(so.label, `scale[${i}].label`, 100)!, value: value as number | null });
  });
  const ordered = ANSWERS.map((a) => byAnswer.get(a)!);
  if (!(ordered[0].value! < ordered[1].value! && ordered[1].value! < ordered[2].value!)) throw new FrameworkError("values must increase: absent < present < strongly_present", "scale");
  return ordered;
}

/** Every indicator of `framework`, in order, with its factor id. */
export function indicatorsOf(framework: Framework): (Indicator & { factorId: string })[] {
  return framework.factors.flatMap((f) => f.indicators.map((i) => ({ ...i, factorId: f.id })));
}

/** The value of `answer` on `framework`'s scale (`null` for unknown). */
export function answerValue(framework: Framework, answer: Answer): number | null {
  const option = framework.scale.find((s) => s.answer === answer);
  if (!option) throw new RangeError(`answer "${answer}" is not on the scale of ${framework.key}`);
  return option.value;
}
