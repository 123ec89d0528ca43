import { useEffect, useState, type FormEvent } from "react";
import { ApiError } from "../api.ts";
import { navigate } from "../navigation.ts";
import { signIn } from "../session.ts";
import { registerOfflineShell } from "./offline-shell.ts";
import { t } from "../i18n/i18n.ts";
import { errorText } from "../i18n/errors.ts";

/** Where to go after signing in: `?next=/path` when it is a local path, else by role. */
function destination(role: string): string {
  const next = new URLSearchParams(window.location.search).get("next");
  if (next && /^\/[A-Za-z0-9/_-]*$/.test(next)) return next;
  return role === "admin" ? "/admin" : "/report";
}

/** Sign-in for monitors, analysts and admins (session cookie + CSRF token, as the API expects). */
export function SignInPage() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(registerOfflineShell, []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
      // After an admin's forced reset nothing else works until a new password is chosen.
      navigate(user.passwordChangeRequired ? "/password?forced=1" : destination(user.role));
    } catch (err) {
      setError(err instanceof ApiError ? errorText(err) : t("signin.offline"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow" aria-labelledby="signin-title">
      <h1 id="signin-title">{t("signin.title")}</h1>
      <p className="note">{t("signin.intro")}</p>
      <form className="stack" onSubmit={onSubmit}>
        <label>{t("signin.email")} <input name="email" type="email" autoComplete="username" required maxLength={320} /></label>
        <label>{t("signin.password")} <input name="password" type="password" autoComplete="current-password" required maxLength={1024} /></label>
        {error && <p className="status error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? t("signin.busy") : t("signin.title")}</button>
      </form>
    </section>
  );
}
