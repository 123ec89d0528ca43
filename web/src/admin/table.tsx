/**
 * The admin sections' shared pieces: a loaded-or-not wrapper and the scrollable, captioned table
 * each section lists its rows in (users, API tokens, feeds).
 */
import type { ReactNode } from "react";
import { Failed, Loading } from "../status.tsx";
import type { useAsync } from "../use-async.ts";

/** Shows `children(data)` once `state` is loaded, else the shared loading or error line. `what` is translated. */
export function Loaded<T>({ state, what, children }: { state: ReturnType<typeof useAsync<T>>; what: string; children: (data: T) => ReactNode }) {
  if (state.status === "loading") return <Loading what={what} />;
  if (state.status === "error") return <Failed what={what} error={state.error} />;
  return <>{children(state.data)}</>;
}

/**
 * A table of rows in a keyboard-scrollable region (narrow screens scroll it, not the page).
 * @param label the region's name; `caption` the table's; `headers` the column headings (all translated)
 * @param row the cells of one row
 */
export function AdminTable<T>({ label, caption, headers, rows, rowKey, row, className }: {
  label: string;
  caption: string;
  headers: readonly ReactNode[];
  rows: readonly T[];
  rowKey: (item: T) => string;
  row: (item: T) => ReactNode;
  className?: string;
}) {
  return (
    <div className="scroll" tabIndex={0} role="region" aria-label={label}>
      <table className={className}>
        <caption>{caption}</caption>
        <thead><tr>{headers.map((h, i) => <th key={i} scope="col">{h}</th>)}</tr></thead>
        <tbody>{rows.map((item) => <tr key={rowKey(item)}>{row(item)}</tr>)}</tbody>
      </table>
    </div>
  );
}
