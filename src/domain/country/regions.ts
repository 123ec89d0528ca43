/**
 * Regions used by the Early Warning Project (EWP) model.
 *
 * EWP's modelling table codes region as five dummy columns; sub-Saharan Africa is the reference
 * category (all five are 0). Despite its name `reg.na` covers the whole Americas (North, Central,
 * South and the Caribbean), as the 2025 table shows. Turkey, Cyprus and the South Caucasus are coded
 * Europe; Iran is Middle East & North Africa; Sudan (and South Sudan) are Africa; the Maldives are East
 * Asia & Pacific.
 */
export const EWP_REGIONS = ["americas", "eap", "sca", "mna", "eur", "africa"] as const;

/** One EWP region: `africa` is the reference category that has no dummy column. */
export type EwpRegion = (typeof EWP_REGIONS)[number];

/** The dummy column of EWP's table for each region (`null` for the reference category). */
export const EWP_REGION_COLUMN: Readonly<Record<EwpRegion, string | null>> = {
  americas: "reg.na",
  eap: "reg.eap",
  sca: "reg.sca",
  mna: "reg.mna",
  eur: "reg.eur",
  africa: null,
};

/** Human labels for the EWP regions, for the dashboard. */
export const EWP_REGION_LABEL: Readonly<Record<EwpRegion, string>> = {
  americas: "Americas",
  eap: "East Asia and Pacific",
  sca: "South and Central Asia",
  mna: "Middle East and North Africa",
  eur: "Europe",
  africa: "Sub-Saharan Africa",
};

/** The five EWP region dummy column names, in the table's order. */
export const EWP_REGION_COLUMNS = ["reg.na", "reg.eap", "reg.sca", "reg.mna", "reg.eur"] as const;

/**
 * The five EWP region dummies for a region.
 *
 * @param region an EWP region
 * @returns an object with each of `reg.na`, `reg.eap`, `reg.sca`, `reg.mna`, `reg.eur` set to 0 or 1
 *   (all 0 for `africa`)
 * @throws {RangeError} when `region` is not an EWP region
 */
export function ewpRegionDummies(region: EwpRegion): Record<(typeof EWP_REGION_COLUMNS)[number], 0 | 1> {
  if (!(EWP_REGIONS as readonly string[]).includes(region)) {
    throw new RangeError(`ewpRegionDummies: unknown EWP region ${JSON.stringify(region)}`);
  }
  const column = EWP_REGION_COLUMN[region];
  return {
    "reg.na": column === "reg.na" ? 1 : 0,
    "reg.eap": column === "reg.eap" ? 1 : 0,
    "reg.sca": column === "reg.sca" ? 1 : 0,
    "reg.mna": column === "reg.mna" ? 1 : 0,
    "reg.eur": column === "reg.eur" ? 1 : 0,
  };
}

/**
 * Reads an EWP region back from the five dummies of a table row.
 *
 * @param dummies the row's values by column name; a missing or `null` column counts as 0
 * @returns the region, or `undefined` when more than one dummy is 1
 */
export function ewpRegionFromDummies(
  dummies: Readonly<Record<string, number | null | undefined>>,
): EwpRegion | undefined {
  const on = EWP_REGION_COLUMNS.filter((c) => dummies[c] === 1);
  if (on.length > 1) return undefined;
  if (on.length === 0) return "africa";
  return (Object.keys(EWP_REGION_COLUMN) as EwpRegion[]).find((r) => EWP_REGION_COLUMN[r] === on[0]);
}
