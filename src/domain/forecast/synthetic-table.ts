/**
 * A seeded synthetic EWP-like table for tests and examples: countries × years with the 39 EWP
 * predictor columns and the outcome columns, where the onset probability follows a known logistic
 * model of a few predictors. Not real data; never use it for claims about the world.
 */
import { EWP_PREDICTORS, type EwpCountryYear } from "../ewp/predictors.ts";
import { createRng } from "./random.ts";

/** Options of {@link syntheticEwpTable}. */
export interface SyntheticOptions {
  countries?: number;
  firstYear?: number;
  lastYear?: number;
  seed?: number;
  /** Intercept of the true onset model (log-odds). Default −3. */
  intercept?: number;
}

/**
 * Builds the table. True model: logit P(onset in year t) = intercept + 1.5·discrimpop·2
 * + 1.0·coup.try.5yr + 0.8·battledeaths.log2/10 − 1.0·even_civilrights; other predictors are noise.
 * `mk_onset_1or2` of year t is 1 when an onset occurs in t+1 or t+2 (missing for the last two years).
 * @param o options
 * @returns country-years sorted by country then year
 */
export function syntheticEwpTable(o: SyntheticOptions = {}): EwpCountryYear[] {
  const rng = createRng(o.seed ?? 7);
  const countries = o.countries ?? 40;
  const first = o.firstYear ?? 1970;
  const last = o.lastYear ?? 2010;
  const b0 = o.intercept ?? -3;
  const out: EwpCountryYear[] = [];
  for (let c = 0; c < countries; c++) {
    const traits = EWP_PREDICTORS.map(() => rng.next());
    const onsets: number[] = [];
    const rows: EwpCountryYear[] = [];
    for (let y = first; y <= last; y++) {
      const values: Record<string, number | null> = {};
      EWP_PREDICTORS.forEach((p, j) => {
        values[p] = p.startsWith("reg.") || p.endsWith("_binary") || p === "coup.try.5yr" || p === "newcountry"
          ? (rng.next() < traits[j] * 0.6 ? 1 : 0)
          : traits[j] + 0.3 * rng.next();
      });
      values.year = y;
      values.year_sq = y * y;
      values["battledeaths.log2"] = rng.next() < traits[28] * 0.5 ? 5 + 10 * rng.next() : 0;
      const z = b0 + 3 * (values.discrimpop as number) + (values["coup.try.5yr"] as number) +
        0.08 * (values["battledeaths.log2"] as number) - (values.even_civilrights as number);
      const onset = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
      onsets.push(onset);
      values.mk_onset = onset;
      values.ccode = 100 + c;
      rows.push({ ewpName: `Country ${c}`, ccode: 100 + c, year: y, values });
    }
    rows.forEach((r, k) => {
      const n1 = k + 1 < onsets.length ? onsets[k + 1] : null;
      const n2 = k + 2 < onsets.length ? onsets[k + 2] : null;
      r.values.mk_onset_1 = n1;
      r.values.mk_onset_2 = n2;
      r.values.mk_onset_1or2 = n1 === null || n2 === null ? null : Math.max(n1, n2);
    });
    out.push(...rows);
  }
  return out;
}
