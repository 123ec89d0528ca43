/**
 * Where the Early Warning Project's public files come from: the project's GitHub repository at a
 * pinned commit, with the SHA-256 of each file so a download is verified before it is used.
 */
export const EWP_REPOSITORY = "EarlyWarningProject/2025-Statistical-Risk-Assessment";
export const EWP_COMMIT = "548cad77147d54cb59e529e7d390a6a7bdfe83b5";
export const EWP_RAW_BASE = `https://raw.githubusercontent.com/${EWP_REPOSITORY}/${EWP_COMMIT}`;

export interface PinnedFile {
  /** File name in the mirror folder (`ewp/<name>`). */
  name: string;
  /** Path inside the upstream repository. */
  upstreamPath: string;
  sha256: string;
  /** What the file is, for `tocsin data pull --list`. */
  description: string;
}

export const EWP_FILES: PinnedFile[] = [
  {
    name: "prepared2024predictors-2025-09-03.csv",
    upstreamPath: "3.Modeling/prepared2024predictors-2025-09-03.csv",
    sha256: "92ade125d6e2d41742d373169c81a14bd623f48b4d865c72433f5f0296bf1780",
    description: "country-year predictors and outcomes, 1960–2024",
  },
  {
    name: "FOOSforecasts_3Sep2025.csv",
    upstreamPath: "3.Modeling/FOOSforecasts_3Sep2025.csv",
    sha256: "41ba71770e1da0dac55e6fe2271b23f49d772607a6b6c161c574e18d84fea3c7",
    description: "EWP's fully out-of-sample forecasts 1994–2024 (the benchmark reference)",
  },
  {
    name: "final_forecasts_data_3Sep2025.csv",
    upstreamPath: "3.Modeling/final_forecasts_data_3Sep2025.csv",
    sha256: "1f6bb285e934aff927eb9cb414882e92d22fb8ffb041e3a70fb3da53efc5cb5d",
    description: "EWP's published 2025–2026 forecasts",
  },
  {
    name: "coefficients_3Sep2025.csv",
    upstreamPath: "3.Modeling/coefficients_3Sep2025.csv",
    sha256: "299ecf94d7eabb21bd5032b328f7890b54d9897420c250128868c9e36d1dfbec",
    description: "coefficients of EWP's 2025 model",
  },
  {
    name: "countrynamesheet_complete.csv",
    upstreamPath: "1.Buildcountryyears_and_mk_data/countrynamesheet_complete.csv",
    sha256: "f76adca3885183e7d3ba0ec517ff16f6c35e22d927902cedcac07704c8d20816",
    description: "EWP country names with COW codes",
  },
];

/** Mirror-relative paths of the files the first-run import loads. */
export const EWP_IMPORT_FILES = {
  predictors: "ewp/prepared2024predictors-2025-09-03.csv",
  episodes: "ewp/mass_killing_events_2025.csv",
} as const;
