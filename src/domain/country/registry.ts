import { COUNTRIES } from "./countries.data.ts";
import type { CodeSpan, Country } from "./country.ts";

/** Raised when registry data is inconsistent (duplicate keys, ambiguous names, broken lineage). */
export class CountryRegistryError extends Error {
  override name = "CountryRegistryError";
}

/**
 * Which name a batch of names comes from: EWP's `ewp_name`, UCDP GED's `country`, or free text.
 * The source's own name column is tried first, then {@link CountryRegistry.match}.
 */
export type NameSource = "ewp" | "ged" | "any";

/** Result of {@link CountryRegistry.resolveNames}. */
export interface NameResolution {
  /** Each distinct input string (exactly as given) that resolved, with its country. */
  readonly matched: Map<string, Country>;
  /** Each distinct input string that did not resolve, in first-seen order (blank strings included). */
  readonly unmatched: string[];
}

/** Options of {@link CountryRegistry.resolveNames}. */
export interface ResolveOptions {
  /**
   * Only the source's own name column counts (`ewpName` for "ewp", `gedName` for "ged"); aliases
   * and fuzzy fallbacks are not tried. Ignored for "any". Default `false`.
   */
  readonly strict?: boolean;
}

/**
 * Normalises a country name for matching: Unicode compatibility decomposition with accents
 * removed, lower case, "&" read as "and", apostrophes dropped ("Côte d'Ivoire" → "cote divoire"),
 * every other run of punctuation or whitespace turned into one space, the word "the" dropped
 * anywhere ("The Gambia", "Democratic Republic of the Congo") and "st" read as "saint".
 *
 * @param name any name; leading and trailing whitespace does not matter
 * @returns the normalised key ("" for a blank name)
 * @example normaliseCountryName("  Bosnia-Herzegovina ") // "bosnia herzegovina"
 */
export function normaliseCountryName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’‘`ʼ]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .split(" ")
    .filter((t) => t !== "" && t !== "the")
    .map((t) => (t === "st" ? "saint" : t))
    .join(" ");
}

/** A code claimed by a country over an inclusive year range (`null` bounds are open). */
interface Claim {
  readonly country: Country;
  readonly from: number | null;
  readonly to: number | null;
  /** true for the entry's main code, false for an `altCow`/`altGw` span */
  readonly main: boolean;
}

const maxOrNull = (a: number | null, b: number | null | undefined): number | null =>
  a === null ? (b ?? null) : b === null || b === undefined ? a : Math.max(a, b);
const minOrNull = (a: number | null, b: number | null | undefined): number | null =>
  a === null ? (b ?? null) : b === null || b === undefined ? a : Math.min(a, b);

function covers(claim: Claim, year: number): boolean {
  return (claim.from === null || year >= claim.from) && (claim.to === null || year <= claim.to);
}

/**
 * Picks one country among those claiming a code.
 * With a year: the claims covering that year, main codes before alternative ones, then the state
 * that held the code first (a code handed over mid-year stays with its earlier holder that year).
 * Without a year: a current entry (main code first), else the claim that ended last.
 */
function pick(claims: readonly Claim[] | undefined, year: number | undefined): Country | undefined {
  if (!claims || claims.length === 0) return undefined;
  if (year !== undefined) {
    const inYear = claims.filter((c) => covers(c, year));
    inYear.sort(
      (a, b) =>
        Number(b.main) - Number(a.main) ||
        (a.from ?? Number.NEGATIVE_INFINITY) - (b.from ?? Number.NEGATIVE_INFINITY),
    );
    return inYear[0]?.country;
  }
  const current = claims.filter((c) => c.to === null && c.country.validTo === null);
  if (current.length > 0) return (current.find((c) => c.main) ?? current[0]).country;
  const ended = [...claims].sort((a, b) => (b.to ?? 0) - (a.to ?? 0));
  return ended[0].country;
}

function checkYear(year: number | undefined, method: string): void {
  if (year !== undefined && !Number.isInteger(year)) {
    throw new RangeError(`CountryRegistry.${method}: year must be an integer, got ${year}`);
  }
}

/**
 * Lookups over the country registry: by ISO alpha-2, alpha-3 and numeric code, by Correlates of
 * War and Gleditsch–Ward code (year-aware where a code passed from one state to another), by EWP
 * and UCDP name, and by free-text name.
 *
 * Year-aware code lookups (`year` given) return the state that held the code that year:
 * COW/GW 345 is Yugoslavia up to 1991, Serbia and Montenegro 1992–2005 and Serbia from 2006
 * (GW 340 is Serbia's own GW code; UCDP keeps 345); 365 is the USSR up to 1991 and Russia from
 * 1992; GW 678 is North Yemen up to 1989 and unified Yemen from 1990. Without a year they return
 * the current holder, so `byCow(345)` is Serbia, as EWP's "Serbia" (345, 1960–2024) expects.
 * A year in which no state held the code gives `undefined`.
 *
 * Pure: builds its indexes from the data it is given; no I/O.
 */
export class CountryRegistry {
  /** Every entry, in data order (current ISO countries, then historical states). */
  readonly all: readonly Country[];
  readonly #byKey = new Map<string, Country>();
  readonly #iso2 = new Map<string, Claim[]>();
  readonly #iso3 = new Map<string, Claim[]>();
  readonly #isoNum = new Map<string, Claim[]>();
  readonly #cow = new Map<number, Claim[]>();
  readonly #gw = new Map<number, Claim[]>();
  readonly #ewp = new Map<string, Country>();
  readonly #ged = new Map<string, Country>();
  readonly #ewpCow = new Map<number, Country>();
  readonly #names = new Map<string, Country>();

  /**
   * Builds and checks the indexes.
   *
   * @param entries the registry data (default: {@link COUNTRIES})
   * @throws {CountryRegistryError} when keys repeat, two entries claim the same name (after
   *   {@link normaliseCountryName}), two current entries share a code, a predecessor or successor
   *   key is unknown, or predecessors and successors disagree
   */
  constructor(entries: readonly Country[] = COUNTRIES) {
    this.all = entries;
    for (const c of entries) {
      if (this.#byKey.has(c.key)) throw new CountryRegistryError(`duplicate country key ${c.key}`);
      this.#byKey.set(c.key, c);
    }
    for (const c of entries) {
      const claim = (main: boolean, span?: CodeSpan): Claim => ({
        country: c,
        from: maxOrNull(c.validFrom, span?.from),
        to: minOrNull(c.validTo, span?.to),
        main,
      });
      const add = <K>(index: Map<K, Claim[]>, code: K | null, cl: Claim, scheme: string): void => {
        if (code === null) return;
        const list = index.get(code) ?? [];
        const clash = list.find(
          (o) => o.to === null && cl.to === null && o.country.validTo === null && c.validTo === null,
        );
        if (clash) {
          throw new CountryRegistryError(
            `${scheme} code ${String(code)} is claimed by both ${clash.country.key} and ${c.key}`,
          );
        }
        list.push(cl);
        index.set(code, list);
      };
      add(this.#iso2, c.iso2?.toUpperCase() ?? null, claim(true), "ISO alpha-2");
      add(this.#iso3, c.iso3?.toUpperCase() ?? null, claim(true), "ISO alpha-3");
      add(this.#isoNum, c.isoNumeric, claim(true), "ISO numeric");
      add(this.#cow, c.cow, claim(true), "COW");
      add(this.#gw, c.gw, claim(true), "GW");
      for (const s of c.altCow ?? []) add(this.#cow, s.code, claim(false, s), "COW");
      for (const s of c.altGw ?? []) add(this.#gw, s.code, claim(false, s), "GW");

      const own = (index: Map<string, Country>, name: string | null, what: string): void => {
        if (name === null) return;
        const k = normaliseCountryName(name);
        const other = index.get(k);
        if (other && other !== c) {
          throw new CountryRegistryError(`${what} "${name}" is claimed by both ${other.key} and ${c.key}`);
        }
        index.set(k, c);
      };
      own(this.#ewp, c.ewpName, "EWP name");
      if (c.ewpName !== null && c.cow !== null) {
        const other = this.#ewpCow.get(c.cow);
        if (other) throw new CountryRegistryError(`EWP tracks COW ${c.cow} as both ${other.key} and ${c.key}`);
        this.#ewpCow.set(c.cow, c);
      }
      own(this.#ged, c.gedName, "UCDP name");
      for (const n of [c.name, c.officialName, c.ewpName, c.gedName, ...c.aliases]) own(this.#names, n, "name");
    }
    for (const c of entries) {
      for (const p of c.predecessors) {
        const pc = this.#byKey.get(p);
        if (!pc) throw new CountryRegistryError(`${c.key}: unknown predecessor ${p}`);
        if (!pc.successors.includes(c.key)) {
          throw new CountryRegistryError(`${c.key} names ${p} as predecessor but ${p} does not list it as successor`);
        }
      }
      for (const s of c.successors) {
        const sc = this.#byKey.get(s);
        if (!sc) throw new CountryRegistryError(`${c.key}: unknown successor ${s}`);
        if (!sc.predecessors.includes(c.key)) {
          throw new CountryRegistryError(`${c.key} names ${s} as successor but ${s} does not list it as predecessor`);
        }
      }
    }
  }

  /** Number of entries. */
  get size(): number {
    return this.all.length;
  }

  /**
   * @param key a registry key ("MMR", "SUN", "YAR")
   * @returns the entry with that key, or `undefined`
   */
  byKey(key: string): Country | undefined {
    return this.#byKey.get(key);
  }

  /**
   * @param code ISO 3166-1 alpha-2, any case ("MM"); former codes find historical states ("SU")
   * @param year optional year, for codes used by more than one state over time ("CS")
   * @returns the country, or `undefined`
   * @throws {RangeError} when `year` is not an integer
   */
  byIso2(code: string, year?: number): Country | undefined {
    checkYear(year, "byIso2");
    return pick(this.#iso2.get(code.trim().toUpperCase()), year);
  }

  /**
   * @param code ISO 3166-1 alpha-3, any case ("MMR"); "YEM" with a year before 1990 is North Yemen
   * @param year optional year, for codes used by more than one state over time
   * @returns the country, or `undefined`
   * @throws {RangeError} when `year` is not an integer
   */
  byIso3(code: string, year?: number): Country | undefined {
    checkYear(year, "byIso3");
    return pick(this.#iso3.get(code.trim().toUpperCase()), year);
  }

  /**
   * @param code ISO 3166-1 numeric as world-atlas writes it ("104") or as a number (104, "4" for
   *   Afghanistan is read as "004")
   * @param year optional year (no numeric code has been reused, so this only filters by validity)
   * @returns the country, or `undefined` (also for non-numeric input)
   * @throws {RangeError} when `year` is not an integer
   */
  byIsoNumeric(code: string | number, year?: number): Country | undefined {
    checkYear(year, "byIsoNumeric");
    const s = String(code).trim();
    if (!/^\d{1,3}$/.test(s)) return undefined;
    return pick(this.#isoNum.get(s.padStart(3, "0")), year);
  }

  /**
   * Looks a country up by Correlates of War code (as EWP's `ccode`).
   *
   * @param code COW code
   * @param year optional year; with it, the state that held the code that year (see class doc)
   * @returns the country, or `undefined`
   * @throws {RangeError} when `year` is not an integer
   */
  byCow(code: number, year?: number): Country | undefined {
    checkYear(year, "byCow");
    return pick(this.#cow.get(code), year);
  }

  /**
   * Looks a country up by Gleditsch–Ward code (UCDP's `country_id`, `gwnoa`, `gwnob`).
   *
   * @param code GW code
   * @param year optional year; with it, the state that held the code that year (see class doc)
   * @returns the country, or `undefined`
   * @throws {RangeError} when `year` is not an integer
   */
  byGw(code: number, year?: number): Country | undefined {
    checkYear(year, "byGw");
    return pick(this.#gw.get(code), year);
  }

  /**
   * The country EWP tracks under a COW code, whatever the year: EWP follows a state through name
   * and regime changes by its code (345 is "Serbia" from 1960, 816 "Democratic Republic of
   * Vietnam" to 2024).
   *
   * @param code a COW code as in EWP's `ccode` or `mk_location_cow`
   * @returns the entry with that `cow` and a non-null `ewpName`, or `undefined` when EWP has no
   *   country with that code (Zanzibar 511, Tibet 711, …)
   */
  byEwpCow(code: number): Country | undefined {
    return this.#ewpCow.get(code);
  }

  /**
   * @param name an EWP `ewp_name` ("Burma/Myanmar"); compared after {@link normaliseCountryName}
   * @returns the country whose `ewpName` it is, or `undefined` (aliases are not tried)
   */
  byEwpName(name: string): Country | undefined {
    return this.#ewp.get(normaliseCountryName(name));
  }

  /**
   * @param name a UCDP country name ("Myanmar (Burma)"); compared after {@link normaliseCountryName}
   * @returns the country whose `gedName` it is, or `undefined` (aliases are not tried)
   */
  byGedName(name: string): Country | undefined {
    return this.#ged.get(normaliseCountryName(name));
  }

  /**
   * Matches a free-text country name against every known name of every entry (short and official
   * name, EWP and UCDP names, aliases), after {@link normaliseCountryName}. When that fails it tries,
   * in order: the part inside a parenthesis, then the rest ("Yemen (Arab Republic of Yemen)",
   * "Iran (Islamic Republic of)"); an inverted "X, Y" as "Y X" ("Macedonia, North"); and the
   * parts of "X/Y" when those that match agree ("Italy/Sardinia").
   *
   * @param name the name as found in a source; surrounding whitespace is ignored
   * @returns the entry, or `undefined` when nothing matches (callers must report it, not drop it)
   */
  match(name: string): Country | undefined {
    const key = normaliseCountryName(name);
    if (key === "") return undefined;
    const direct = this.#names.get(key);
    if (direct) return direct;
    const paren = /^(.*?)\s*\(([^)]*)\)\s*(.*)$/.exec(name.trim());
    if (paren) {
      // The parenthesis is usually the more specific name: "Yemen (Arab Republic of Yemen)".
      for (const part of [paren[2], `${paren[1]} ${paren[3]}`]) {
        const hit = this.#names.get(normaliseCountryName(part));
        if (hit) return hit;
      }
    }
    const comma = /^([^,]+),([^,]+)$/.exec(name.trim());
    if (comma) {
      const hit = this.#names.get(normaliseCountryName(`${comma[2]} ${comma[1]}`));
      if (hit) return hit;
    }
    // "Italy/Sardinia", "Tanzania/Tanganyika": alternatives; all parts that match must agree.
    if (name.includes("/")) {
      const hits = new Set(
        name.split("/").map((p) => this.#names.get(normaliseCountryName(p))).filter((c) => c !== undefined),
      );
      if (hits.size === 1) return [...hits][0];
    }
    return undefined;
  }

  /**
   * Resolves a batch of names, keeping the ones that do not resolve so importers can report them.
   *
   * @param names names as found in a source (duplicates are resolved once)
   * @param source which data set the names come from: its own column is tried first
   *   ("ewp" → `ewpName`, "ged" → `gedName`), then {@link match} unless `options.strict`
   * @param options see {@link ResolveOptions}
   * @returns `matched` (input string → country) and `unmatched` (input strings, first-seen order)
   */
  resolveNames(names: Iterable<string>, source: NameSource = "any", options: ResolveOptions = {}): NameResolution {
    const matched = new Map<string, Country>();
    const unmatched: string[] = [];
    const seen = new Set<string>();
    for (const raw of names) {
      if (seen.has(raw)) continue;
      seen.add(raw);
      let hit: Country | undefined;
      if (source === "ewp") hit = this.byEwpName(raw);
      else if (source === "ged") hit = this.byGedName(raw);
      if (!hit && (source === "any" || !options.strict)) hit = this.match(raw);
      if (hit) matched.set(raw, hit);
      else unmatched.push(raw);
    }
    return { matched, unmatched };
  }

  /**
   * @param country an entry of this registry
   * @returns its direct predecessors
   */
  predecessorsOf(country: Country): Country[] {
    return country.predecessors.map((k) => this.#byKey.get(k)).filter((c): c is Country => c !== undefined);
  }

  /**
   * @param country an entry of this registry
   * @returns its direct successors
   */
  successorsOf(country: Country): Country[] {
    return country.successors.map((k) => this.#byKey.get(k)).filter((c): c is Country => c !== undefined);
  }

  /**
   * Whether `ancestor` is `country` itself or one of its predecessors, transitively
   * (Yugoslavia → Serbia and Montenegro → Serbia → Kosovo).
   *
   * @param country the later state
   * @param ancestor the possible earlier state
   * @returns true when `ancestor` is in `country`'s lineage
   */
  isSameOrAncestor(country: Country, ancestor: Country): boolean {
    const seen = new Set<string>();
    const stack = [country];
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (c.key === ancestor.key) return true;
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      stack.push(...this.predecessorsOf(c));
    }
    return false;
  }

  /**
   * The current entries that stand for a country on a present-day map: the country itself when it
   * still exists, else every existing descendant (the USSR gives its 15 successor states;
   * Yugoslavia gives Serbia, Montenegro, Kosovo, Croatia, …).
   *
   * @param country an entry of this registry
   * @returns current entries (`validTo === null`), in lineage order without repeats
   */
  currentSuccessorsOf(country: Country): Country[] {
    if (country.validTo === null) return [country];
    const out: Country[] = [];
    const seen = new Set<string>([country.key]);
    const queue = this.successorsOf(country);
    while (queue.length > 0) {
      const c = queue.shift()!;
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      if (c.validTo === null) out.push(c);
      queue.push(...this.successorsOf(c));
    }
    return out;
  }
}

let shared: CountryRegistry | undefined;

/**
 * The registry over the built-in data ({@link COUNTRIES}), built once on first use.
 * @returns the shared registry
 * @throws {CountryRegistryError} when the built-in data is inconsistent
 */
export function countryRegistry(): CountryRegistry {
  shared ??= new CountryRegistry();
  return shared;
}
