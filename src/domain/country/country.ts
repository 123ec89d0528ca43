import type { EwpRegion } from "./regions.ts";

/**
 * A code another data set uses for a country over a span of years, besides its main code.
 * `from`/`to` are inclusive calendar years; a missing bound is open.
 */
export interface CodeSpan {
  readonly code: number;
  readonly from?: number;
  readonly to?: number;
}

/**
 * One country (current ISO 3166-1 country or territory, or a historical state) with its codes in
 * every scheme the project joins on.
 *
 * Conventions:
 * - `key` is unique and stable: the ISO alpha-3 code for current entries; for historical states
 *   their former ISO alpha-3 (SUN, YUG, SCG, CSK, DDR, YMD) or a project-local code where the ISO
 *   code is shared or never existed (YAR North Yemen, RVN South Vietnam, ZAN Zanzibar, TBT Tibet,
 *   KRE Korean Empire).
 * - `isoNumeric` is the 3-digit zero-padded string world-atlas uses as feature id ("104").
 * - `cow` is the Correlates of War state code as EWP uses it; `gw` the Gleditsch–Ward code (what
 *   UCDP calls `country_id`/`gwno`), equal to `cow` unless the schemes differ.
 * - `validFrom`/`validTo` (inclusive years) are set for historical states and for current states
 *   that share a code with a predecessor (Russia from 1992, Serbia from 2006, Yemen from 1990);
 *   `null` means open.
 * - `predecessors`/`successors` hold `key`s: states this one emerged from (wholly or by secession) and
 *   states that emerged from it. They describe lineage, not an ending: Sudan has South Sudan as a
 *   successor and continues.
 */
export interface Country {
  /** Unique registry key (see conventions above). */
  readonly key: string;
  /** Short English name. */
  readonly name: string;
  /** Official (long) English name. */
  readonly officialName: string;
  /** ISO 3166-1 alpha-2 (former code for historical states), or `null`. */
  readonly iso2: string | null;
  /** ISO 3166-1 alpha-3 (former code for historical states), or `null`. */
  readonly iso3: string | null;
  /** ISO 3166-1 numeric as a 3-digit string, or `null` (Kosovo has none). */
  readonly isoNumeric: string | null;
  /** Correlates of War code, or `null` for non-states. */
  readonly cow: number | null;
  /** Gleditsch–Ward code, or `null` for non-states. */
  readonly gw: number | null;
  /** Further COW codes used for this country in some years (e.g. 260 for West Germany). */
  readonly altCow?: readonly CodeSpan[];
  /** Further GW codes used for this country in some years (e.g. UCDP's 345 for Serbia). */
  readonly altGw?: readonly CodeSpan[];
  /** Name in EWP's tables (`ewp_name`), or `null` when EWP does not cover it. */
  readonly ewpName: string | null;
  /** Name in UCDP data (GED `country`), or `null` when UCDP does not list it as a state. */
  readonly gedName: string | null;
  /** Other names and spellings used to match free text. */
  readonly aliases: readonly string[];
  /** World region (world-countries' `region`, close to UN M49). */
  readonly unRegion: string;
  /** Sub-region (world-countries' `subregion`), or `null`. */
  readonly unSubregion: string | null;
  /** EWP model region, or `null` (Antarctica). */
  readonly ewpRegion: EwpRegion | null;
  /** Display region: the EWP region's label ("Sub-Saharan Africa"), or `unRegion` without one. */
  readonly region: string;
  /** World-countries' `independent` flag; `true` for historical states. */
  readonly independent: boolean;
  /** First year (inclusive) this entry stands for, or `null` when open. */
  readonly validFrom: number | null;
  /** Last year (inclusive) this entry stands for, or `null` when it still exists. */
  readonly validTo: number | null;
  /** Keys of the states this one emerged from. */
  readonly predecessors: readonly string[];
  /** Keys of the states that emerged from this one. */
  readonly successors: readonly string[];
}
