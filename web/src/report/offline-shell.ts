/**
 * Registers the service worker (`/sw.js`, made by the Vite build) that keeps the dashboard's own
 * files so the report form opens without a connection. It never stores API answers. Only the
 * sign-in and report pages register it: the public pages need no offline copy.
 */
let registered = false;

/** Registers `/sw.js` once per page load (no-op in development builds or without support). */
export function registerOfflineShell(): void {
  if (registered || !import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  registered = true;
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // Without it the form still queues offline; only reopening the page offline will not work.
  });
}
