/**
 * The header's language switcher and the hook that re-renders on a language change. A signed-in
 * user's choice is kept on the server (`PATCH /api/me`), so it follows them to another device; the
 * device remembers it too (localStorage), and `?lang=xx` in a link wins over both.
 */
import { useEffect, useSyncExternalStore } from "react";
import { csrfToken } from "../api.ts";
import { AVAILABLE_LOCALES, currentLocale, LOCALE_STORAGE_KEY, onLocaleChange, setLocale, t } from "./i18n.ts";

/** The current language code; the calling component re-renders when it changes. */
export function useLocale(): string {
  return useSyncExternalStore(onLocaleChange, currentLocale, currentLocale);
}

function remember(code: string): void {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, code);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}

/** Saves a signed-in user's language; anonymous readers get a 401, which changes nothing. */
async function saveForUser(code: string): Promise<void> {
  const token = csrfToken();
  if (!token) return; // not signed in with a session
  await fetch("/api/me", { method: "PATCH", headers: { "content-type": "application/json", "x-csrf-token": token }, body: JSON.stringify({ locale: code }) }).catch(() => undefined);
}

/** Applies the signed-in user's saved language once per page load, unless a `?lang=` link chose one. */
function useSavedLocale(): void {
  useEffect(() => {
    if (new URLSearchParams(window.location.search).has("lang") || !csrfToken()) return;
    const abort = new AbortController();
    fetch("/api/me", { signal: abort.signal, headers: { accept: "application/json" } })
      .then((r) => (r.ok ? (r.json() as Promise<{ locale: string | null }>) : null))
      .then((me) => {
        if (me?.locale && me.locale !== currentLocale()) {
          remember(me.locale);
          void setLocale(me.locale);
        }
      })
      .catch(() => undefined);
    return () => abort.abort();
  }, []);
}

/** `<select>` of the offered languages, each named in itself. */
export function LanguageSwitcher() {
  const locale = useLocale();
  useSavedLocale();
  return (
    <label className="language">
      <span className="visually-hidden">{t("app.language")}</span>
      <select
        value={AVAILABLE_LOCALES.some((l) => l.code === locale) ? locale : "en"}
        onChange={(e) => {
          const code = e.target.value;
          remember(code);
          void saveForUser(code);
          void setLocale(code);
        }}
      >
        {AVAILABLE_LOCALES.map((l) => <option key={l.code} value={l.code} lang={l.code}>{l.name}</option>)}
      </select>
    </label>
  );
}
