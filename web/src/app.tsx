import { lazy, Suspense, useEffect, useState } from "react";
import { Loading } from "./status.tsx";
import { navigate, parseRoute } from "./navigation.ts";
import { WorldView } from "./world-view.tsx";

// The country page (and Observable Plot with it) loads on demand, so the world view's bundle stays small.
const CountryPage = lazy(() => import("./country-page.tsx").then((m) => ({ default: m.CountryPage })));
// The sign-in, report and admin pages load on demand too (issue 8).
const SignInPage = lazy(() => import("./report/sign-in-page.tsx").then((m) => ({ default: m.SignInPage })));
const ReportPage = lazy(() => import("./report/report-page.tsx").then((m) => ({ default: m.ReportPage })));
const AdminPage = lazy(() => import("./admin/admin-page.tsx").then((m) => ({ default: m.AdminPage })));
// Analyst assessments (issue 9): fill, review, history, compare.
const AssessmentsSection = lazy(() => import("./assessments/pages.tsx").then((m) => ({ default: m.AssessmentsSection })));
// Alerts (issue 7): inbox and subscriptions, response gaps, track record.
// Partners and shared items (issue 16).
const PartnersPage = lazy(() => import("./cooperation/partners-page.tsx").then((m) => ({ default: m.PartnersPage })));
const AlertsSection = lazy(() => import("./alerts/pages.tsx").then((m) => ({ default: m.AlertsSection })));

/** Sends reports left in the device's outbox on any page load, without loading the form for everyone. */
function resumeOutbox(): void {
  if (typeof indexedDB === "undefined" || typeof indexedDB.databases !== "function") return;
  void indexedDB.databases().then((dbs) => {
    if (dbs.some((d) => d.name === "tocsin-outbox")) void import("./lib/report-queue.ts").then((m) => m.startQueueSync());
  }, () => undefined);
}

/** A same-origin link that navigates without a page load. */
function NavLink({ path, current, children }: { path: string; current: boolean; children: string }) {
  return <a href={path} onClick={(e) => { e.preventDefault(); navigate(path); }} aria-current={current ? "page" : undefined}>{children}</a>;
}

/** The dashboard shell: header, skip link and the current page. */
export function App() {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    resumeOutbox();
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
          <NavLink path="/report" current={route.page === "report"}>Report</NavLink>
          <NavLink path="/alerts" current={route.page === "alerts"}>Alerts</NavLink>
          <NavLink path="/assessments" current={route.page === "assessments"}>Assessments</NavLink>
          <NavLink path="/partners" current={route.page === "partners"}>Partners</NavLink>
          <NavLink path="/admin" current={route.page === "admin"}>Admin</NavLink>
          <a href="/api/docs">API</a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === "country" ? <Suspense fallback={<Loading what={route.iso3} />}><CountryPage iso3={route.iso3} /></Suspense>
          : route.page === "world" ? <WorldView />
          : route.page === "sign-in" ? <Suspense fallback={<Loading what="sign-in" />}><SignInPage /></Suspense>
          : route.page === "report" ? <Suspense fallback={<Loading what="the report form" />}><ReportPage /></Suspense>
          : route.page === "admin" ? <Suspense fallback={<Loading what="administration" />}><AdminPage section={route.section} /></Suspense>
          : route.page === "assessments" ? <Suspense fallback={<Loading what="assessments" />}><AssessmentsSection path={route.path} /></Suspense>
          : route.page === "partners" ? <Suspense fallback={<Loading what="partners" />}><PartnersPage /></Suspense>
          : route.page === "alerts" ? <Suspense fallback={<Loading what="alerts" />}><AlertsSection path={route.path} /></Suspense>
          : <p role="alert">No page at {route.path}.</p>}
      </main>
      <footer className="foot">
        Risk data: USHMM Early Warning Project replication files; map: Natural Earth via world-atlas. Tocsin is open source (AGPL-3.0).
      </footer>
    </>
  );
}
