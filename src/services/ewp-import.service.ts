/**
 * Use case: import the Early Warning Project's public data (country-year table and episode list)
 * into the store. Files are parsed and every country resolved before anything is written; the
 * write is one transaction, so a bad file leaves the store exactly as it was.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { CountryRegistry } from "../domain/country/registry.ts";
import type { EwpCountryYear } from "../domain/ewp/predictors.ts";
import { parseEwpEpisodes, type EwpEpisode } from "../infra/importers/ewp-episodes.ts";
import { parseEwpTable } from "../infra/importers/ewp-table.ts";
import { ImportError } from "../infra/importers/import-error.ts";
import type { Store } from "../infra/store/database.ts";
import { CountryRepository, type NewCountryYear, type NewEpisode } from "../infra/store/country.repository.ts";
import { DatasetRepository } from "../infra/store/dataset.repository.ts";
import { syncCountries } from "./country.service.ts";

export const EWP_PREDICTORS_DATASET = "ewp-predictors";
export const EWP_EPISODES_DATASET = "ewp-episodes";

export interface ImportProgress {
  phase: "read" | "parse" | "resolve" | "write" | "done";
  file?: string;
  done?: number;
  total?: number;
}

export interface EwpImportFiles {
  /** The country-year modelling table (`prepared*predictors*.csv`). */
  predictors?: string;
  /** The episode list (`mass_killing_events_*.csv`). */
  episodes?: string;
}

export interface EwpImportOptions {
  /** Where the files came from, recorded with the version (default `file:<name>`). */
  source?: string;
  /** Upstream commit the files belong to, when known. */
  sourceCommit?: string;
  onProgress?: (p: ImportProgress) => void;
  /**
   * Allow the import to remove stored rows (country-years or episodes the new files do not hold).
   * Off by default: a truncated or header-only file must not silently empty the table.
   */
  replace?: boolean;
}

export interface EwpImportResult {
  countryYears?: { rows: number; countries: number; firstYear: number; lastYear: number; versionId: number; sha256: string };
  episodes?: { rows: number; countries: number; versionId: number; sha256: string };
  warnings: string[];
}

interface LoadedFile {
  path: string;
  name: string;
  text: string;
  sha256: string;
}

async function load(path: string): Promise<LoadedFile> {
  const buffer = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new ImportError(path, undefined, undefined, `cannot read the file (${error.code ?? error.message})`, { cause: error });
  });
  return { path, name: basename(path), text: buffer.toString("utf8"), sha256: createHash("sha256").update(buffer).digest("hex") };
}

/**
 * Resolves every EWP country-year to a registry entry, by EWP name, and checks its COW code.
 * @throws {ImportError} naming the first unknown name (and how many more there are)
 */
export function resolveCountryYears(rows: EwpCountryYear[], registry: CountryRegistry, file: string): NewCountryYear[] {
  const unknown: string[] = [];
  const out: NewCountryYear[] = [];
  rows.forEach((row, i) => {
    const line = i + 2; // header is line 1; the EWP table has no multi-line records
    const entry = registry.byEwpName(row.ewpName) ?? registry.byCow(row.ccode, row.year);
    if (!entry) {
      unknown.push(`line ${line}: "${row.ewpName}" (ccode ${row.ccode})`);
      return;
    }
    if (entry.cow !== null && entry.cow !== row.ccode) {
      throw new ImportError(file, line, "ccode", `"${row.ewpName}" has COW code ${entry.cow} in the registry, but the file says ${row.ccode}`);
    }
    out.push({
      countryIso3: entry.key,
      year: row.year,
      ewpName: row.ewpName,
      ccode: row.ccode,
      mkOnset: row.values.mk_onset ?? null,
      values: row.values,
      datasetVersionId: 0,
    });
  });
  if (unknown.length) {
    const [first, ...rest] = unknown;
    const lineNo = Number(/line (\d+)/.exec(first)![1]);
    throw new ImportError(file, lineNo, "ewp_name", `unknown country ${first.replace(/^line \d+: /, "")}` + (rest.length ? `; ${rest.length} more unknown: ${rest.slice(0, 5).join("; ")}` : ""));
  }
  const seen = new Set<string>();
  out.forEach((r, i) => {
    const key = `${r.countryIso3}:${r.year}`;
    if (seen.has(key)) throw new ImportError(file, i + 2, "year", `duplicate country-year ${r.ewpName} ${r.year}`);
    seen.add(key);
  });
  return out;
}

/**
 * Resolves each episode's country: the EWP-tracked country with the episode's location COW code
 * (EWP follows a state through name changes by its COW code), else the state that held that code
 * in the start year, else the episode's country name.
 * @throws {ImportError} naming the line of the first episode whose country is unknown
 */
export function resolveEpisodes(episodes: EwpEpisode[], registry: CountryRegistry, file: string): NewEpisode[] {
  return episodes.map((e) => {
    const entry = registry.byEwpCow(e.locationCow) ?? registry.byCow(e.locationCow, e.startYear) ?? registry.match(e.country);
    if (!entry) throw new ImportError(file, e.line, "mk_location_cow", `unknown country "${e.country}" (COW ${e.locationCow})`);
    return {
      code: e.code,
      countryIso3: entry.key,
      countryName: e.country,
      name: e.name,
      summary: e.summary,
      startYear: e.startYear,
      endYear: e.endYear,
      stateLed: e.stateLed,
      ethnicGroups: e.ethnicGroups,
      locationCow: e.locationCow,
      responsibleStateCow: e.responsibleStateCow,
      notes: e.notes,
      datasetVersionId: 0,
    };
  });
}

/**
 * Imports EWP files into the store in one transaction. Re-importing the same file replaces its
 * rows and refreshes its version record; a new file becomes the current version.
 * @throws {ImportError} for unreadable, malformed or unresolvable input (the store is unchanged)
 */
export async function importEwp(store: Store, registry: CountryRegistry, files: EwpImportFiles, options: EwpImportOptions = {}): Promise<EwpImportResult> {
  const { onProgress = () => {} } = options;
  if (!files.predictors && !files.episodes) throw new TypeError("importEwp needs a predictors file, an episodes file, or both");
  const result: EwpImportResult = { warnings: [] };

  let table: { file: LoadedFile; rows: NewCountryYear[] } | undefined;
  if (files.predictors) {
    onProgress({ phase: "read", file: files.predictors });
    const file = await load(files.predictors);
    onProgress({ phase: "parse", file: file.name });
    const parsed = parseEwpTable(file.text, file.name);
    onProgress({ phase: "resolve", file: file.name, total: parsed.length });
    table = { file, rows: resolveCountryYears(parsed, registry, file.name) };
  }
  let list: { file: LoadedFile; rows: NewEpisode[] } | undefined;
  if (files.episodes) {
    onProgress({ phase: "read", file: files.episodes });
    const file = await load(files.episodes);
    onProgress({ phase: "parse", file: file.name });
    list = { file, rows: resolveEpisodes(parseEwpEpisodes(file.text, file.name), registry, file.name) };
  }

  await store.transaction(async (tx) => {
    await syncCountries(tx, registry);
    const datasets = new DatasetRepository(tx);
    const countries = new CountryRepository(tx);
    if (table) {
      const { file, rows } = table;
      if (!options.replace) {
        const incoming = new Set(rows.map((r) => `${r.countryIso3} ${r.year}`));
        const lost = (await countries.allCountryYears()).filter((r) => !incoming.has(`${r.countryIso3} ${r.year}`));
        if (lost.length) {
          const shown = lost.slice(0, 5).map((r) => `${r.countryIso3} ${r.year}`).join(", ");
          throw new ImportError(file.name, undefined, undefined, `would remove ${lost.length} stored country-years (${shown}${lost.length > 5 ? ", …" : ""}) that the file does not hold; pass --replace to replace the table`);
        }
      }
      const years = rows.map((r) => r.year);
      const counts = { rows: rows.length, countries: new Set(rows.map((r) => r.countryIso3)).size, firstYear: Math.min(...years), lastYear: Math.max(...years) };
      const version = await datasets.record({
        dataset: EWP_PREDICTORS_DATASET, source: options.source ?? `file:${file.name}`, sourceCommit: options.sourceCommit ?? null,
        fileName: file.name, sha256: file.sha256, rowCounts: counts, warnings: [],
      });
      rows.forEach((r) => (r.datasetVersionId = version.id));
      await countries.replaceCountryYears(rows, (done) => onProgress({ phase: "write", file: file.name, done, total: rows.length }));
      result.countryYears = { ...counts, versionId: version.id, sha256: file.sha256 };
    }
    if (list) {
      const { file, rows } = list;
      if (!options.replace) {
        const incoming = new Set(rows.map((r) => r.code));
        const lost = (await countries.allEpisodes()).filter((e) => !incoming.has(e.code));
        if (lost.length) {
          throw new ImportError(file.name, undefined, undefined, `would remove ${lost.length} stored mass-killing episodes (${lost.slice(0, 5).map((e) => e.code).join(", ")}${lost.length > 5 ? ", …" : ""}) that the file does not hold; pass --replace to replace the list`);
        }
      }
      const counts = { rows: rows.length, countries: new Set(rows.map((r) => r.countryIso3)).size };
      const version = await datasets.record({
        dataset: EWP_EPISODES_DATASET, source: options.source ?? `file:${file.name}`, sourceCommit: options.sourceCommit ?? null,
        fileName: file.name, sha256: file.sha256, rowCounts: counts, warnings: [],
      });
      rows.forEach((r) => (r.datasetVersionId = version.id));
      onProgress({ phase: "write", file: file.name, done: 0, total: rows.length });
      await countries.replaceEpisodes(rows);
      onProgress({ phase: "write", file: file.name, done: rows.length, total: rows.length });
      result.episodes = { ...counts, versionId: version.id, sha256: file.sha256 };
    }
  });
  onProgress({ phase: "done" });
  return result;
}
