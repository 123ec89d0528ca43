import { Fragment, lazy, Suspense, useEffect, useState } from "react";
import { Loading } from "./status.tsx";
import { t } from "./i18n/i18n.ts";
import { LanguageSwitcher, useLocale } from "./i18n/language-switcher.tsx";
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
// The organisation's speech models (issue 18): train, inspect, activate, roll back.
// Changing one's password (also the only page after an admin's forced reset).
const PasswordPage = lazy(() => import("./account/password-page.tsx").then((m) => ({ default: m.PasswordPage })));
const SpeechModelsPage = lazy(() => import("./speech/models-page.tsx").then((m) => ({ default: m.SpeechModelsPage })));

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
  // Pages re-mount in a new language (keyed below), so a component only calls t() while rendering.
  const locale = useLocale();
  useEffect(() => {
    resumeOutbox();
    const onPop = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  return (
    <Fragment key={locale}>
      <a className="skip" href="#main">{t("app.skip")}</a>
      <header className="top">
        <a href="/" onClick={(e) => { e.preventDefault(); navigate("/"); }} className="brand" translate="no">Tocsin</a>
        <span className="tagline">{t("app.tagline")}</span>
        <nav aria-label={t("app.nav")}>
          <a href="/" onClick={(e) => { e.preventDefault(); navigate("/"); }} aria-current={route.page === "world" ? "page" : undefined}>{t("app.nav.world")}</a>
          <NavLink path="/report" current={route.page === "report"}>{t("app.nav.report")}</NavLink>
          <NavLink path="/alerts" current={route.page === "alerts"}>{t("app.nav.alerts")}</NavLink>
          <NavLink path="/assessments" current={route.page === "assessments"}>{t("app.nav.assessments")}</NavLink>
          <NavLink path="/speech/models" current={route.page === "speech-models"}>{t("app.nav.speechModels")}</NavLink>
          <NavLink path="/partners" current={route.page === "partners"}>{t("app.nav.partners")}</NavLink>
          <NavLink path="/admin" current={route.page === "admin"}>{t("app.nav.admin")}</NavLink>
          <NavLink path="/password" current={route.page === "password"}>{t("app.nav.password")}</NavLink>
          <a href="/api/docs">{t("app.nav.api")}</a>
        </nav>
        <LanguageSwitcher />
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === "country" ? <Suspense fallback={<Loading what={route.iso3} />}><CountryPage iso3={route.iso3} /></Suspense>
          : route.page === "world" ? <WorldView />
          : route.page === "sign-in" ? <Suspense fallback={<Loading what={t("app.loading.signin")} />}><SignInPage /></Suspense>
          : route.page === "report" ? <Suspense fallback={<Loading what={t("app.loading.report")} />}><ReportPage /></Suspense>
          : route.page === "admin" ? <Suspense fallback={<Loading what={t("app.loading.admin")} />}><AdminPage section={route.section} /></Suspense>
          : route.page === "assessments" ? <Suspense fallback={<Loading what={t("app.loading.assessments")} />}><AssessmentsSection path={route.path} /></Suspense>
          : route.page === "alerts" ? <Suspense fallback={<Loading what={t("app.loading.alerts")} />}><AlertsSection path={route.path} /></Suspense>
          : route.page === "speech-models" ? <Suspense fallback={<Loading what={t("app.loading.speechModels")} />}><SpeechModelsPage /></Suspense>
          : route.page === "password" ? <Suspense fallback={<Loading what={t("password.title")} />}><PasswordPage /></Suspense>
          : route.page === "partners" ? <Suspense fallback={<Loading what={t("app.loading.partners")} />}><PartnersPage /></Suspense>
          : <p role="alert">{t("app.missing", { path: route.path })}</p>}
      </main>
      <footer className="foot">
        {t("app.footer")}
      </footer>
    </Fragment>
  );
}
