import { useState, type FormEvent } from "react";
import { client, unwrap, type ApiToken, type Me, type Organisation, type Permission, type Role, type RoleTable, type User } from "../api.ts";
import { errorText } from "../i18n/errors.ts";
import { fmtDate, fmtList, t, tDynamic } from "../i18n/i18n.ts";
import { ADMIN_SECTIONS, navigate, type AdminSection } from "../navigation.ts";
import { useMe } from "../session.ts";
import { useAsync } from "../use-async.ts";
import { FeedsSection } from "./feeds-section.tsx";
import { AdminTable, Loaded } from "./table.tsx";

const ROLES: Role[] = ["admin", "analyst", "monitor", "viewer"];

/** A section's name in the current language. */
const title = (s: AdminSection) => t(`admin.section.${s}`);
/** A role's name in the current language (the code for a role the catalogue does not know). */
export const roleName = (r: string) => tDynamic(`role.${r}`, r);

/** Administration: users, the own organisation, the (read-only) role table, API tokens and feeds. */
export function AdminPage({ section }: { section: AdminSection }) {
  const me = useMe();
  if (me === undefined) return <p className="status" role="status" aria-busy="true">{t("common.loading", { what: t("admin.yourAccount") })}</p>;
  if (me === null) return <p className="status error" role="alert">{t("admin.needsConnection")}</p>;
  if (me.kind !== "user") {
    return (
      <p role="alert">
        {t("admin.signInPrompt")} <a href={`/sign-in?next=/admin/${section}`} onClick={(e) => { e.preventDefault(); navigate(`/sign-in?next=/admin/${section}`); }}>{t("admin.signIn")}</a>
      </p>
    );
  }
  const manager = me.permissions.includes("user:manage");
  const allowed = manager ? ADMIN_SECTIONS : (["tokens"] as const);
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.title", { section: title(section) })}</h1>
      <nav aria-label={t("admin.nav")} className="tabs">
        {allowed.map((s) => (
          <a key={s} href={`/admin/${s}`} aria-current={s === section ? "page" : undefined} onClick={(e) => { e.preventDefault(); navigate(`/admin/${s}`); }}>{title(s)}</a>
        ))}
      </nav>
      {!(allowed as readonly string[]).includes(section) ? <p role="alert">{t("admin.notAllowed", { role: roleName(me.role ?? ""), section: title(section) })}</p>
        : section === "users" ? <UsersSection me={me} />
        : section === "organisation" ? <OrganisationSection />
        : section === "roles" ? <RolesSection />
        : section === "feeds" ? <FeedsSection />
        : <TokensSection me={me} />}
    </section>
  );
}

function UsersSection({ me }: { me: Me }) {
  const [version, setVersion] = useState(0);
  const users = useAsync(`users:${version}`, () => unwrap(client.GET("/api/users")));
  const [status, setStatus] = useState<string | null>(null);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    try {
      const { user } = await unwrap(client.POST("/api/users", { body: { email: String(f.get("email")), displayName: String(f.get("displayName")), role: String(f.get("role")) as Role, password: String(f.get("password")) } }));
      form.reset();
      setStatus(t("admin.users.added", { name: user.displayName, role: roleName(user.role) }));
      setVersion((v) => v + 1);
    } catch (err) {
      setStatus(t("admin.notAdded", { error: errorText(err) }));
    }
  }

  async function toggle(user: User) {
    try {
      await unwrap(client.PATCH("/api/users/{id}", { params: { path: { id: user.id } }, body: { disabled: !user.disabled } }));
      setStatus(t("admin.users.toggled", { name: user.displayName, disabled: user.disabled ? "no" : "yes" }));
      setVersion((v) => v + 1);
    } catch (err) {
      setStatus(t("admin.notChanged", { error: errorText(err) }));
    }
  }

  async function forceReset(user: User) {
    // The admin hands the temporary password over by a channel they trust; the user must replace it.
    const temporary = window.prompt(t("admin.users.resetPrompt", { name: user.displayName }));
    if (!temporary) return;
    try {
      await unwrap(client.POST("/api/users/{id}/password-reset", { params: { path: { id: user.id } }, body: { temporaryPassword: temporary } }));
      setStatus(t("admin.users.resetDone", { name: user.displayName }));
      setVersion((v) => v + 1);
    } catch (err) {
      setStatus(t("admin.notChanged", { error: errorText(err) }));
    }
  }

  const self = me.kind === "user" ? me.userId : "";
  return (
    <>
      <Loaded state={users} what={t("admin.users.what")}>
        {({ users: list }) => (
          <AdminTable
            label={t("admin.section.users")}
            caption={t("admin.users.caption", { n: list.length })}
            headers={[t("admin.col.name"), t("admin.col.email"), t("admin.col.role"), t("admin.col.status"), t("admin.col.action")]}
            rows={list}
            rowKey={(u) => u.id}
            row={(u) => (
              <>
                <td><bdi dir="auto">{u.displayName}</bdi></td><td><bdi translate="no">{u.email}</bdi></td><td>{roleName(u.role)}</td><td>{u.disabled ? t("admin.users.disabled") : t("admin.users.active")}</td>
                <td>{u.id === self ? t("admin.users.you") : (
                  <button type="button" onClick={() => void toggle(u)} aria-label={t(u.disabled ? "admin.users.enableName" : "admin.users.disableName", { name: u.displayName })}>
                    {u.disabled ? t("admin.users.enable") : t("admin.users.disable")}
                  </button>
                )}{u.id === self ? null : (
                  <>{" "}<button type="button" onClick={() => void forceReset(u)} aria-label={t("admin.users.resetName", { name: u.displayName })}>{t("admin.users.reset")}</button></>
                )}</td>
              </>
            )}
          />
        )}
      </Loaded>
      <h2>{t("admin.users.add")}</h2>
      <form className="stack" onSubmit={create}>
        <div className="row">
          <label>{t("admin.col.name")} <input name="displayName" required maxLength={200} dir="auto" /></label>
          <label>{t("admin.col.email")} <input name="email" type="email" required maxLength={320} autoComplete="off" /></label>
        </div>
        <div className="row">
          <label>{t("admin.col.role")} <select name="role" defaultValue="monitor">{ROLES.map((r) => <option key={r} value={r}>{roleName(r)}</option>)}</select></label>
          <label>{t("admin.users.password")} <input name="password" type="password" minLength={12} required autoComplete="new-password" /></label>
        </div>
        <button type="submit">{t("admin.users.addSubmit")}</button>
      </form>
      {status && <p className="status" role="status">{status}</p>}
    </>
  );
}

function OrganisationSection() {
  const org = useAsync("organisation", () => unwrap(client.GET("/api/organisation")));
  return (
    <Loaded<Organisation> state={org} what={t("admin.org.what")}>
      {(o) => (
        <dl className="identity">
          <dt>{t("admin.col.name")}</dt><dd><bdi dir="auto">{o.name}</bdi></dd>
          <dt>{t("admin.org.id")}</dt><dd><code>{o.id}</code></dd>
          <dt>{t("admin.org.since")}</dt><dd>{fmtDate(o.createdAt)}</dd>
          <dt>{t("admin.org.members")}</dt><dd>{fmtList(Object.entries(o.members).map(([role, n]) => tDynamic(`role.count.${role}`, `${n} ${role}`, { n })), "unit")}</dd>
        </dl>
      )}
    </Loaded>
  );
}

function RolesSection() {
  const table = useAsync("roles", () => unwrap(client.GET("/api/roles")));
  return (
    <Loaded<RoleTable> state={table} what={t("admin.roles.what")}>
      {(rt) => (
        <>
          <p className="note">{t("admin.roles.note")} <code>src/domain/identity/permissions.ts</code></p>
          <div className="scroll" tabIndex={0} role="region" aria-label={t("admin.roles.label")}>
            <table className="roles">
              <caption>{t("admin.roles.caption")}</caption>
              <thead><tr><th scope="col">{t("admin.roles.permission")}</th>{rt.roles.map((r) => <th key={r} scope="col">{roleName(r)}</th>)}</tr></thead>
              <tbody>
                {rt.permissions.map((p) => (
                  <tr key={p.permission}>
                    <th scope="row"><code>{p.permission}</code></th>
                    {rt.roles.map((r) => <td key={r} className="num">{p.roles.includes(r) ? <span aria-label={t("admin.roles.yes")}>✓</span> : <span aria-label={t("admin.roles.no")}>–</span>}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Loaded>
  );
}

function TokensSection({ me }: { me: Me }) {
  const [version, setVersion] = useState(0);
  const tokens = useAsync(`tokens:${version}`, () => unwrap(client.GET("/api/tokens")));
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const scopes = me.permissions as Permission[];

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const chosen = f.getAll("scopes").map(String) as Permission[];
    const days = Number(f.get("expiresInDays"));
    if (chosen.length === 0) {
      setStatus(t("admin.tokens.chooseScope"));
      return;
    }
    try {
      const created = await unwrap(client.POST("/api/tokens", { body: { name: String(f.get("name")), scopes: chosen, ...(days ? { expiresInDays: days } : {}) } }));
      form.reset();
      setSecret({ name: created.info.name, token: created.token });
      setStatus(null);
      setVersion((v) => v + 1);
    } catch (err) {
      setStatus(t("admin.tokens.notCreated", { error: errorText(err) }));
    }
  }

  async function revoke(tk: ApiToken) {
    try {
      await unwrap(client.DELETE("/api/tokens/{id}", { params: { path: { id: tk.id } } }));
      setStatus(t("admin.tokens.revokedName", { name: tk.name }));
      setVersion((v) => v + 1);
    } catch (err) {
      setStatus(t("admin.tokens.notRevoked", { error: errorText(err) }));
    }
  }

  return (
    <>
      {secret && (
        <div className="secret" role="alert">
          <p><strong>{t("admin.tokens.copyNow", { name: secret.name })}</strong> {t("admin.tokens.shownOnce")}</p>
          <p><code className="token-secret">{secret.token}</code></p>
          <button type="button" onClick={() => setSecret(null)}>{t("admin.tokens.copied")}</button>
        </div>
      )}
      <Loaded state={tokens} what={t("admin.tokens.what")}>
        {({ tokens: list }) => (
          <AdminTable
            label={t("admin.section.tokens")}
            caption={t("admin.tokens.caption", { n: list.length })}
            headers={[t("admin.col.name"), t("admin.tokens.scopes"), t("admin.tokens.created"), t("admin.tokens.expires"), t("admin.col.status")]}
            rows={list}
            rowKey={(tk) => tk.id}
            row={(tk) => (
              <>
                <td><bdi dir="auto">{tk.name}</bdi></td><td><code>{tk.scopes.join(", ")}</code></td><td>{fmtDate(tk.createdAt)}</td>
                <td>{tk.expiresAt ? fmtDate(tk.expiresAt) : t("admin.tokens.never")}</td>
                <td>{tk.revokedAt ? t("admin.tokens.revoked") : <button type="button" onClick={() => void revoke(tk)} aria-label={t("admin.tokens.revokeName", { name: tk.name })}>{t("admin.tokens.revoke")}</button>}</td>
              </>
            )}
          />
        )}
      </Loaded>
      <h2>{t("admin.tokens.create")}</h2>
      <form className="stack" onSubmit={create}>
        <div className="row">
          <label>{t("admin.col.name")} <input name="name" required maxLength={100} dir="auto" /></label>
          <label>{t("admin.tokens.expiresAfter")} <input name="expiresInDays" type="number" min={1} max={3650} /></label>
        </div>
        <fieldset>
          <legend>{t("admin.tokens.scopesLegend")}</legend>
          <div className="scopes">
            {scopes.map((p) => <label key={p} className="check"><input type="checkbox" name="scopes" value={p} /> <code>{p}</code></label>)}
          </div>
        </fieldset>
        <button type="submit">{t("admin.tokens.createSubmit")}</button>
      </form>
      {status && <p className="status" role="status">{status}</p>}
    </>
  );
}
