import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { initialLocale, LOCALE_STORAGE_KEY, setLocale } from "./i18n/i18n.ts";
import "./style.css";

function storedLocale(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null; // storage blocked: the browser's preferences decide
  }
}

// The catalogue loads before the first render, so no page ever flashes in the wrong language.
void setLocale(initialLocale(window.location.search, storedLocale(), navigator.languages ?? [navigator.language])).finally(() => {
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
