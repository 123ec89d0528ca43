import { useState, type FormEvent, type ReactNode } from "react";
import { ApiError, client, unwrap, type ApiToken, type Me, type Organisation, type Permission, type Role, type RoleTable, type User } from "../api.ts";
import { ADMIN_SECTIONS, navigate, type AdminSection } from "../navigation.ts";
import { useMe } from "../session.ts";
import { Failed, Loading } from "../status.tsx";
import { useAsync } from "../use-async.ts";
import { FeedsSection } from "./feeds-section.tsx";

const TITLES: Record<AdminSection, string> = { users: "Users", organisation: "Organisation", roles: "Roles", tokens: "API tokens", feeds: "Feeds" };
const ROLES: Role[] = ["admin", "analyst", "monitor", "viewer"];

function message(e: unknown): string {
  return e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e);
}

/** Administration: users, the own organisation, the (read-only) role table and API tokens. */
export function AdminPage({ section }: { section: AdminSection }) {
  const me = useMe();
  if (me === undefined) return <Loading what="your account" />;
  if (me === null) return <p className="status error" role="alert">Administration needs a connection.</p>;
  if (me.kind !== "user") {
    return (
      <p role="alert">
        Sign in to manage your organisation. <a href={`/sign-in?next=/admin/${section}`} onClick={(e) => { e.preventDefault(); navigate(`/sign-in?next=/admin/${section}`); }}>Sign in</a>
      </p>
    );
  }
  const manager = me.permissions.includes("user:manage");
  const allowed = manager ? ADMIN_SECTIONS : (["tokens"] as const);
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">Administration: {TITLES[section]}</h1>
      <nav aria-label="Administration" className="tabs">
        {allowed.map((s) => (
          <a key={s} href={`/admin/${s}`} aria-current={s === section ? "page" : undefined} onClick={(e) => { e.preventDefault(); navigate(`/admin/${s}`); }}>{TITLES[s]}</a>
        ))}
      </nav>
      {!(allowed as readonly string[]).includes(section) ? <p role="alert">Your role ({me.role}) cannot manage {TITLES[section].toLowerCase()}.</p>
        : section === "users" ? <UsersSection me={me} />
        : section === "organisation" ? <OrganisationSection />
        : section === "roles" ? <RolesSection />
        : section === "feeds" ? <FeedsSection />
        : <TokensSection me={me} />}
    </section>
  );
}

function Loaded<T>({ state, what, children }: { state: ReturnType<typeof useAsync<T>>; what: string; children: (data: T) => ReactNode }) {
  if (state.status === "loading") return <Loading what={what} />;
  if (state.status === "error") return <Failed what={what} error={state.error} />;
  return <>{children(state.data)}</>;
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
      setStatus(`Added ${user.displayName} as ${user.role}.`);
      setVersion((v) => v + 1);
    } catch (err) {
      setStatus(`Not added: ${message(err)}`);
    }
  }

  async function toggle(user: User) {
    try {
      await unwrap(client.PATCH("/api/users/{id}", { params: { path: { id: user.id } }, body: { disabled: !user.disabled } }));
      setStatus(`${user.displayName} is ${user.disabled ? "enabled" : "disabled"}.`);
      setVersion((v) => v + 1);
    } catch (err) {
      setStatus(`Not changed: ${message(err)}`);
    }
  }

  return (
    <>
      <Loaded state={users} what="users">
        {({ users: list }) => (
          <div className="scroll" tabIndex={0} role="region" aria-label="Users">
            <table>
              <caption>{list.length} user{list.length === 1 ? "" : "s"} in your organisation</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Action</th></tr></thead>
              <tbody>
                {list.map((u) => (
                  <tr key={u.id}>
                    <td><bdi dir="auto">{u.displayName}</bdi></td><td>{u.email}</td><td>{u.role}</td><td>{u.disabled ? "disabled" : "active"}</td>
                    <td>{u.id === (me.kind === "user" ? me.userId : "") ? "you" : <button type="button" onClick={() => void toggle(u)} aria-label={`${u.disabled ? "Enable" : "Disable"} ${u.displayName}`}>{u.disabled ? "Enable" : "Disable"}</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      <h2>Add a user</h2>
      <form className="stack" onSubmit={create}>
        <div className="row">
          <label>Name <input name="displayName" required maxLength={200} dir="auto" /></label>
          <label>E-mail <input name="email" type="email" required maxLength={320} autoComplete="off" /></label>
        </div>
        <div className="row">
          <label>Role <select name="role" defaultValue="monitor">{ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select></label>
          <label>Initial password (12 or more characters) <input name="password" type="password" minLength={12} required autoComplete="new-password" /></label>
        </div>
        <button type="submit">Add user</button>
      </form>
      {status && <p className="status" role="status">{status}</p>}
    </>
  );
}

function OrganisationSection() {
  const org = useAsync("organisation", () => unwrap(client.GET("/api/organisation")));
  return (
    <Loaded<Organisation> state={org} what="your organisation">
      {(o) => (
        <dl className="identity">
          <dt>Name</dt><dd><bdi dir="auto">{o.name}</bdi></dd>
          <dt>Id</dt><dd><code>{o.id}</code></dd>
          <dt>Since</dt><dd>{new Date(o.createdAt).toLocaleDateString()}</dd>
          <dt>Members</dt><dd>{Object.entries(o.members).map(([role, n]) => `${n} ${role}${n === 1 ? "" : "s"}`).join(", ")}</dd>
        </dl>
      )}
    </Loaded>
  );
}

function RolesSection() {
  const table = useAsync("roles", () => unwrap(client.GET("/api/roles")));
  return (
    <Loaded<RoleTable> state={table} what="the role table">
      {(t) => (
        <>
          <p className="note">The access policy, as the server enforces it (read-only; defined in the code, <code>src/domain/identity/permissions.ts</code>).</p>
          <div className="scroll" tabIndex={0} role="region" aria-label="Permissions by role">
            <table className="roles">
              <caption>Which role holds which permission</caption>
              <thead><tr><th scope="col">Permission</th>{t.roles.map((r) => <th key={r} scope="col">{r}</th>)}</tr></thead>
              <tbody>
                {t.permissions.map((p) => (
                  <tr key={p.permission}>
                    <th scope="row"><code>{p.permission}</code></th>
                    {t.roles.map((r) => <td key={r} className="num">{p.roles.includes(r) ? <span aria-label="yes">✓</span> : <span aria-label="no">–</span>}</td>)}
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
      setStatus("Choose at least one scope.");
      return;
    }
    try {
      const created = await unwrap(client.POST("/api/tokens", { body: { name: String(f.get("name")), scopes: chosen, ...(days ? { expiresInDays: days } : {}) } }));
      form.reset();
      setSecret({ name: created.info.name, token: created.token });
      setStatus(null);
      setVersion((v) => v + 1);
    } catch (err) {
      setStatus(`Not created: ${message(err)}`);
    }
  }

  async function revoke(t: ApiToken) {
    try {
      await unwrap(client.DELETE("/api/tokens/{id}", { params: { path: { id: t.id } } }));
      setStatus(`Revoked ${t.name}.`);
      setVersion((v) => v + 1);
    } catch (err) {
      setStatus(`Not revoked: ${message(err)}`);
    }
  }

  return (
    <>
      {secret && (
        <div className="secret" role="alert">
          <p><strong>Copy the secret of “<bdi dir="auto">{secret.name}</bdi>” now</strong>: it is shown only once and cannot be recovered.</p>
          <p><code className="token-secret">{secret.token}</code></p>
          <button type="button" onClick={() => setSecret(null)}>I have copied it</button>
        </div>
      )}
      <Loaded state={tokens} what="API tokens">
        {({ tokens: list }) => (
          <div className="scroll" tabIndex={0} role="region" aria-label="API tokens">
            <table>
              <caption>{list.length} API token{list.length === 1 ? "" : "s"}</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Status</th></tr></thead>
              <tbody>
                {list.map((t) => (
                  <tr key={t.id}>
                    <td><bdi dir="auto">{t.name}</bdi></td><td>{t.scopes.join(", ")}</td><td>{new Date(t.createdAt).toLocaleDateString()}</td>
                    <td>{t.expiresAt ? new Date(t.expiresAt).toLocaleDateString() : "never"}</td>
                    <td>{t.revokedAt ? "revoked" : <button type="button" onClick={() => void revoke(t)} aria-label={`Revoke ${t.name}`}>Revoke</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      <h2>Create a token</h2>
      <form className="stack" onSubmit={create}>
        <div className="row">
          <label>Name <input name="name" required maxLength={100} dir="auto" /></label>
          <label>Expires after (days, empty: never) <input name="expiresInDays" type="number" min={1} max={3650} /></label>
        </div>
        <fieldset>
          <legend>Scopes (only permissions you hold)</legend>
          <div className="scopes">
            {scopes.map((p) => <label key={p} className="check"><input type="checkbox" name="scopes" value={p} /> <code>{p}</code></label>)}
          </div>
        </fieldset>
        <button type="submit">Create token</button>
      </form>
      {status && <p className="status" role="status">{status}</p>}
    </>
  );
}
