/** A hook that runs an async load when its key changes and exposes loading, error and data. */
import { useEffect, useState } from "react";

/** State of {@link useAsync}. */
export type AsyncState<T> = { status: "loading" } | { status: "error"; error: Error } | { status: "ready"; data: T };

/**
 * Runs `load` whenever `key` changes; results of superseded runs are dropped.
 * @param key what the load depends on (a string)
 * @param load the async load
 * @returns the current state
 */
export function useAsync<T>(key: string, load: () => Promise<T>): AsyncState<T> {
  const [state, setState] = useState<{ key: string; value: AsyncState<T> }>({ key, value: { status: "loading" } });
  useEffect(() => {
    let live = true;
    setState({ key, value: { status: "loading" } });
    load().then(
      (data) => live && setState({ key, value: { status: "ready", data } }),
      (error: unknown) => live && setState({ key, value: { status: "error", error: error instanceof Error ? error : new Error(String(error)) } }),
    );
    return () => { live = false; };
    // `load` is a fresh closure each render; `key` says when it means something new.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state.key === key ? state.value : { status: "loading" };
}
