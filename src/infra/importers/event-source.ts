/**
 * What the event-source registry holds for each source (see `event-sources.ts`): everything the
 * importer, the CLI, the API and the schema checks need to know about a source, in one entry.
 */
import type { Event } from "../../domain/events/event.ts";
import type { EventInput, EventParserOptions } from "./event-parse.ts";

/**
 * A column mapping for sources whose columns are named by the user (the generic CSV source):
 * event field → column name in the file's header.
 */
export type ColumnMapping = Readonly<Record<string, string>>;

/** Options every registered parser accepts. */
export interface EventSourceParseOptions extends EventParserOptions {
  /** Called once with the detected layout (sources with one layout may not call it). */
  onLayout?: (layout: { name: string }) => void;
  /** The column mapping, for sources with `needsMapping` (ignored by the others). */
  mapping?: ColumnMapping;
}

/** One event source in the registry. */
export interface EventSourceEntry {
  /** Stored in `events.source` and used on the command line and in the API: lower case, at most 10 characters. */
  readonly id: string;
  /** Display name, e.g. "UCDP GED". */
  readonly name: string;
  /** What kind of file the source reads, for help texts. */
  readonly fileDescription: string;
  /** Licence and citation the data carries. */
  readonly credit: string;
  /** Dataset name under which imported files are recorded as versions (`dataset_versions.dataset`). */
  readonly dataset: string;
  /** Layout reported when the parser does not report one. */
  readonly defaultLayout: string;
  /** The parser needs a column mapping (`options.mapping`); its files are never detected from the header. */
  readonly needsMapping: boolean;
  /**
   * Whether a file's first line (BOM removed) is this source's header.
   * @param firstLine the first line of the file, without its line break
   */
  detect(firstLine: string): boolean;
  /**
   * Streams the file's events.
   * @throws {EventParseError} naming file, line and field (see `EventParserOptions.onInvalid`)
   */
  parse(input: EventInput, options: EventSourceParseOptions): AsyncIterable<Event>;
}
