/** Small pieces shared by the alert panel and pages: the level badge, in-app links, a status line. */
import { useEffect, useState, type MouseEvent, type ReactNode } from "react";
import { navigate } from "../navigation.ts";
import { LEVEL_LABELS, type AlertLevel } from "./lib.ts";

/**
 * An alert level as a badge. The colour is decoration; the word carries the level (colour-blind
 * readers, screen readers and black-and-white print all get it).
 */
export function LevelBadge({ level, big }: { level: AlertLevel; big?: boolean }) {
  return <span className={`alert-badge alert-${level}${big ? " big" : ""}`}>{LEVEL_LABELS[level]}</span>;
}

/** An in-app link: a real `href` (works in a new tab) that navigates without a reload. */
export function AppLink({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={onClick} className={className}>{children}</a>;
}

/** The outcome of the last form submission: announced politely, errors assertively. */
export function Outcome({ message }: { message: { ok: boolean; text: string } | null }) {
  if (!message) return <p className="form-outcome" role="status" />;
  return message.ok ? <p className="form-outcome ok" role="status">{message.text}</p> : <p className="form-outcome error" role="alert">{message.text}</p>;
}

/** State of {@link useReloadable}: as `useAsync`, plus `reload`. */
export type Reloadable<T> = { status: "loading" } | { status: "error"; error: Error } | { status: "ready"; data: T };

/**
 * Runs `load` when `key` changes, and again on `reload()` — keeping the shown data while it
 * reloads, so a form's success does not blank the panel (and move the reader's focus and scroll).
 */
export function useReloadable<T>(key: string, load: () => Promise<T>): [Reloadable<T>, () => void] {
  const [state, setState] = useState<{ key: string; value: Reloadable<T> }>({ key, value: { status: "loading" } });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => (s.key === key ? s : { key, value: { status: "loading" } }));
    load().then(
      (data) => live && setState({ key, value: { status: "ready", data } }),
      (error: unknown) => live && setState({ key, value: { status: "error", error: error instanceof Error ? error : new Error(String(error)) } }),
    );
    return () => { live = false; };
    // `load` is a fresh closure each render; `key` and `tick` say when to run it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);
  return [state.key === key ? state.value : { status: "loading" }, () => setTick((t) => t + 1)];
}
