/**
 * API errors in the reader's language: the server answers a stable `code` with English text
 * (logs, scripts and API clients rely on both); the dashboard shows the catalogue's `errors.<code>`
 * and keeps the server's English only for a code it does not know.
 */
import { ApiError } from "../api.ts";
import { t, tDynamic } from "./i18n.ts";

/**
 * The text to show for an error.
 * @param error anything thrown by an API call
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    // status 0: fetch itself failed (offline, server down)
    if (error.status === 0) return t("errors.network");
    return tDynamic(`errors.${error.code}`, error.message);
  }
  if (error instanceof TypeError) return t("errors.network");
  return error instanceof Error ? error.message : String(error);
}
