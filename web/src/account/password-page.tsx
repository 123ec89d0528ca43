import { useState, type FormEvent } from "react";
import { errorText } from "../i18n/errors.ts";
import { t } from "../i18n/i18n.ts";
import { navigate } from "../navigation.ts";
import { changePassword, useMe } from "../session.ts";

/**
 * Change one's own password (`POST /api/auth/password`). After an admin's forced reset this is the
 * only thing a signed-in user can do, so sign-in sends them here (`?forced=1`).
 */
export function PasswordPage() {
  const me = useMe();
  const forced = new URLSearchParams(window.location.search).get("forced") === "1";
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (me === undefined) return <p role="status">{t("common.loading", { what: t("password.title") })}</p>;
  if (!me || me.kind !== "user") return <p role="alert">{t("password.signIn")}</p>;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const next = String(f.get("newPassword") ?? "");
    if (next !== String(f.get("confirm") ?? "")) {
      setStatus({ ok: false, text: t("password.mismatch") });
      return;
    }
    setBusy(true);
    try {
      await changePassword(String(f.get("currentPassword") ?? ""), next);
      form.reset();
      setStatus({ ok: true, text: t("password.changed") });
      if (forced) navigate("/");
    } catch (err) {
      setStatus({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow" aria-labelledby="password-title">
      <h1 id="password-title">{t("password.title")}</h1>
      <p className="note">{forced ? t("password.forced") : t("password.intro")}</p>
      <form className="stack" onSubmit={onSubmit}>
        <label>{t("password.current")} <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={1024} /></label>
        <label>{t("password.new")} <input name="newPassword" type="password" autoComplete="new-password" required minLength={12} maxLength={1024} /></label>
        <label>{t("password.confirm")} <input name="confirm" type="password" autoComplete="new-password" required minLength={12} maxLength={1024} /></label>
        {status && <p className={status.ok ? "status ok" : "status error"} role={status.ok ? "status" : "alert"}>{status.text}</p>}
        <button type="submit" disabled={busy}>{t("password.submit")}</button>
      </form>
    </section>
  );
}
