import { useEffect, useState } from "react";
import { CountryList } from "./country-list.tsx";
import { CountryPage } from "./country-page.tsx";

/** Reads the current route from the URL: `/` or `/countries/ISO3`. */
function currentRoute(): { page: "list" } | { page: "country"; iso3: string } {
  const match = /^\/countries\/([A-Za-z]{3})\/?$/.exec(window.location.pathname);
  return match ? { page: "country", iso3: match[1].toUpperCase() } : { page: "list" };
}

export function navigate(path: string): void {
  window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

export function App() {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onPop = () => setRoute(currentRoute());
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  return (
    <>
      <header className="top">
        <a href="/" onClick={(e) => { e.preventDefault(); navigate("/"); }} className="brand">Tocsin</a>
        <span className="tagline">Early warning of genocide and mass atrocities</span>
        <a href="/api/docs" className="docs">API</a>
      </header>
      <main>{route.page === "country" ? <CountryPage iso3={route.iso3} /> : <CountryList />}</main>
    </>
  );
}
