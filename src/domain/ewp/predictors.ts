/**
 * The Early Warning Project's modelling table: which columns are predictors and which are outcomes.
 *
 * The 39 predictors are those of EWP's 2025 model (`coefficients_3Sep2025.csv`), in that order;
 * `year` is itself a predictor (EWP includes a linear time trend alongside `year_sq`).
 * Outcomes: `mk_onset` (a new mass killing begins that year), `mk_onset_1`/`mk_onset_2` (one begins
 * next year / the year after) and `mk_onset_1or2`, the training target.
 */
export const EWP_PREDICTORS = [
  "widetargeting", "narrowtargeting", "v2csgender_binary", "v2mecenefm_binary",
  "partyban.new.0", "partyban.new.1", "partyban.new.2", "minorityrule", "judicialreform",
  "religiousfreedom", "pol_killing_approved", "freediscussion", "social_inequality",
  "even_civilrights", "repress_civilsoc", "social_power_dist", "ses_power_dist", "popsize.log2",
  "gdppcgrowth", "un_imr_sqrt", "efindex", "discrimpop", "reg.na", "reg.eap", "reg.sca", "reg.mna",
  "reg.eur", "ios.iccpr1", "battledeaths.log2", "coup.try.5yr", "mk_ongoing_count_log2",
  "mean_mk_onset_interaction", "mk_onset_prev_year", "newcountry", "mk_ever", "year_sq", "year",
  "countryage.new.log2", "includesnonstate",
] as const;

export type EwpPredictor = (typeof EWP_PREDICTORS)[number];

/** Outcome columns; `mk_onset_1or2` is what the model is trained on. */
export const EWP_OUTCOMES = ["mk_onset", "mk_onset_1", "mk_onset_2", "mk_onset_1or2"] as const;
export type EwpOutcome = (typeof EWP_OUTCOMES)[number];

/** Identity columns every vintage of the table carries. */
export const EWP_KEYS = ["ewp_name", "year", "ccode"] as const;

/**
 * One country-year of the EWP table. Missing values (`NA` in the CSV) are `null`.
 * `values` holds every numeric column of the row, predictors and outcomes alike, by column name,
 * so tables of other vintages (with more or fewer columns) round-trip unchanged.
 */
export interface EwpCountryYear {
  ewpName: string;
  ccode: number;
  year: number;
  values: Record<string, number | null>;
}

/** A short human label for each predictor, for explanations and the dashboard. */
export const EWP_PREDICTOR_LABELS: Record<EwpPredictor, string> = {
  widetargeting: "Group targeting: wide",
  narrowtargeting: "Group targeting: narrow",
  v2csgender_binary: "Restrictions on women's civil-society participation",
  v2mecenefm_binary: "Government censorship of the media",
  "partyban.new.0": "Political parties: none banned",
  "partyban.new.1": "Political parties: some banned",
  "partyban.new.2": "Political parties: all but the ruling party banned",
  minorityrule: "Ruling elite drawn from an ethnic minority",
  judicialreform: "Judicial purges or reform by the executive",
  religiousfreedom: "Religious freedom",
  pol_killing_approved: "Political killings approved by the state",
  freediscussion: "Freedom of discussion",
  social_inequality: "Social-group inequality",
  even_civilrights: "Equal civil liberties across groups",
  repress_civilsoc: "Repression of civil society",
  social_power_dist: "Power distributed by social group",
  ses_power_dist: "Power distributed by socio-economic position",
  "popsize.log2": "Population (log2)",
  gdppcgrowth: "GDP per capita growth",
  un_imr_sqrt: "Infant mortality (square root)",
  efindex: "Ethnic fractionalisation",
  discrimpop: "Share of population discriminated against",
  "reg.na": "Region: Americas",
  "reg.eap": "Region: East Asia & Pacific",
  "reg.sca": "Region: South & Central Asia",
  "reg.mna": "Region: Middle East & North Africa",
  "reg.eur": "Region: Europe",
  "ios.iccpr1": "Party to the ICCPR First Optional Protocol",
  "battledeaths.log2": "Battle deaths (log2)",
  "coup.try.5yr": "Coup attempt in the last five years",
  mk_ongoing_count_log2: "Ongoing mass killings (log2 count)",
  mean_mk_onset_interaction: "Regional mass-killing onsets (interaction)",
  mk_onset_prev_year: "Mass-killing onset in the previous year",
  newcountry: "New country",
  mk_ever: "Mass killing ever recorded",
  year_sq: "Year squared (time trend)",
  year: "Year (time trend)",
  "countryage.new.log2": "Country age (log2)",
  includesnonstate: "Non-state mass killing included",
};
