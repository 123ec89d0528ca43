/** Client-side routes: `/` (world view) and `/countries/ISO3` (country page). */

/** A parsed route. */
export type Route = { page: "world" } | { page: "country"; iso3: string } | { page: "missing"; path: string };

/**
 * Parses a path into a route.
 * @param pathname e.g. `/countries/mmr/`
 * @returns the route; ISO codes upper-cased
 */
export function parseRoute(pathname: string): Route {
  if (pathname === "/" || pathname === "") return { page: "world" };
  const match = /^\/countries\/([A-Za-z]{3})\/?$/.exec(pathname);
  return match ? { page: "country", iso3: match[1].toUpperCase() } : { page: "missing", path: pathname };
}

/** Goes to `path` without a page load, as a link would, and tells the app. */
export function navigate(path: string): void {
  window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
  window.scrollTo(0, 0);
}
