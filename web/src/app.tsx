import { lazy, Suspense, useEffect, useState } from "react";
import { Loading } from "./status.tsx";
import { navigate, parseRoute } from "./navigation.ts";
import { WorldView } from "./world-view.tsx";

// The country page (and Observable Plot with it) loads on demand, so the world view's bundle stays small.
const CountryPage = lazy(() => import("./country-page.tsx").then((m) => ({ default: m.CountryPage })));

/** The dashboard shell: header, skip link and the current page. */
export function App() {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <a href="/" onClick={(e) => { e.preventDefault(); navigate("/"); }} className="brand">Tocsin</a>
        <span className="tagline">Early warning of genocide and mass atrocities</span>
        <nav aria-label="Main">
          <a href="/" onClick={(e) => { e.preventDefault(); navigate("/"); }} aria-current={route.page === "world" ? "page" : undefined}>World</a>
          <a href="/api/docs">API</a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === "country" ? <Suspense fallback={<Loading what={route.iso3} />}><CountryPage iso3={route.iso3} /></Suspense> : route.page === "world" ? <WorldView /> : <p role="alert">No page at {route.path}.</p>}
      </main>
      <footer className="foot">
        Risk data: USHMM Early Warning Project replication files; map: Natural Earth via world-atlas. Tocsin is open source (AGPL-3.0).
      </footer>
    </>
  );
}
