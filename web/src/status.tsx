/** Loading and error messages shared by the pages. */
export function Loading({ what }: { what: string }) {
  return <p className="status" role="status" aria-busy="true">Loading {what}…</p>;
}

export function Failed({ what, error }: { what: string; error: Error }) {
  return <p className="status error" role="alert">Could not load {what}: {error.message}</p>;
}
