/**
 * An input file could not be imported. The message always names the file, and the line and column
 * (field) when the problem is in one place, so a user can open the file and fix it.
 */
export class ImportError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: string | undefined;

  constructor(file: string, line: number | undefined, column: string | undefined, problem: string, options?: ErrorOptions) {
    const where = [file, line !== undefined ? `line ${line}` : undefined, column !== undefined ? `column "${column}"` : undefined]
      .filter(Boolean)
      .join(", ");
    super(`${where}: ${problem}`, options);
    this.name = "ImportError";
    this.file = file;
    this.line = line;
    this.column = column;
  }
}
