/** Client-side routes: `/` (world view) and `/countries/ISO3` (country page). */

/** A parsed route. */
export type Route =
  | { page: "world" }
  | { page: "country"; iso3: string }
  | { page: "sign-in" }
  | { page: "report" }
  | { page: "admin"; section: AdminSection }
  | { page: "assessments"; path: string }
  | { page: "alerts"; path: string }
  | { page: "speech-models" }
  | { page: "partners" }
  | { page: "password" }
  | { page: "missing"; path: string };

/** The admin pages (`/admin/<section>`). */
export const ADMIN_SECTIONS = ["users", "organisation", "roles", "tokens", "feeds"] as const;
/** One admin page. */
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/**
 * Parses a path into a route.
 * @param pathname e.g. `/countries/mmr/`
 * @returns the route; ISO codes upper-cased
 */
export function parseRoute(pathname: string): Route {
  if (pathname === "/" || pathname === "") return { page: "world" };
  if (/^\/sign-in\/?$/.test(pathname)) return { page: "sign-in" };
  if (/^\/report\/?$/.test(pathname)) return { page: "report" };
  if (/^\/speech\/models\/?$/.test(pathname)) return { page: "speech-models" };
  if (/^\/partners\/?$/.test(pathname)) return { page: "partners" };
  if (/^\/password\/?$/.test(pathname)) return { page: "password" };
  // The assessment pages route among themselves (web/src/assessments/lib.ts).
  if (/^\/assessments(\/|$)/.test(pathname)) return { page: "assessments", path: pathname };
  // The alert pages (inbox, response gaps, track record) route among themselves (web/src/alerts/pages.tsx).
  if (/^\/alerts(\/|$)/.test(pathname)) return { page: "alerts", path: pathname };
  const admin = /^\/admin(?:\/([a-z]+))?\/?$/.exec(pathname);
  if (admin) {
    const section = (admin[1] ?? "users") as AdminSection;
    return ADMIN_SECTIONS.includes(section) ? { page: "admin", section } : { page: "missing", path: pathname };
  }
  const match = /^\/countries\/([A-Za-z]{3})\/?$/.exec(pathname);
  return match ? { page: "country", iso3: match[1].toUpperCase() } : { page: "missing", path: pathname };
}

/** Goes to `path` without a page load, as a link would, and tells the app. */
export function navigate(path: string): void {
  window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
  window.scrollTo(0, 0);
}
