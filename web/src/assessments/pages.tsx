/**
 * The analyst assessment pages under `/assessments` (loaded on demand): the organisation's list,
 * a new assessment, one assessment to fill / review / publish / revise, its history with diffs,
 * and a factor-by-factor comparison of two assessments or versions. Members sign in first.
 */
import { useEffect, useState, type FormEvent } from "react";
import { navigate } from "../navigation.ts";
import { Failed, Loading } from "../status.tsx";
import { useAsync } from "../use-async.ts";
import { assessmentsApi, type Assessment, type FrameworkView, type Version } from "./client.ts";
import { FillForm } from "./fill-form.tsx";
import {
  compareSyntheses, describeChange, differingAnswers, formatScore, LEVEL_LABEL, ANSWER_LABEL, parseAssessmentRoute, STATUS_LABEL, versionRefString,
  type AssessmentRoute, type VersionRef,
} from "./lib.ts";
import { AnswersTable, FactorBars, Link, OverallScore } from "./parts.tsx";

type Me = Awaited<ReturnType<typeof assessmentsApi.me>>;

let frameworksOnce: Promise<FrameworkView[]> | null = null;
/** The frameworks, fetched once per page load (they change only when an admin adds one). */
function frameworks(): Promise<FrameworkView[]> {
  frameworksOnce ??= assessmentsApi.frameworks().then((r) => r.frameworks, (e: unknown) => { frameworksOnce = null; throw e; });
  return frameworksOnce;
}
const findFramework = (list: FrameworkView[], fw: { key: string; version: number }) => list.find((f) => f.key === fw.key && f.version === fw.version);

/** The whole `/assessments…` section; reads the route from the address itself. */
export function AssessmentsSection({ path }: { path: string }) {
  const route = parseAssessmentRoute(path, window.location.search);
  const me = useAsync("me", () => assessmentsApi.me());
  useEffect(() => {
    document.title = "Assessments — Tocsin";
    return () => { document.title = "Tocsin — early warning of mass atrocities"; };
  }, []);
  if (me.status === "loading") return <Loading what="your session" />;
  if (me.status === "error") return <Failed what="your session" error={me.error} />;
  if (me.data.kind !== "user" || !me.data.permissions.includes("assessment:read")) {
    return (
      <section className="narrow" aria-labelledby="a-signin">
        <h1 id="a-signin">Analyst assessments</h1>
        <p>Drafts and reviews are for analysts of a monitoring organisation. <Link to={`/sign-in?next=${encodeURIComponent(path)}`}>Sign in</Link> to work on assessments.</p>
        <p className="note">Published assessments appear on each country's page for everyone.</p>
      </section>
    );
  }
  return <Routed route={route} me={me.data} key={`${path}${window.location.search}`} />;
}

function Routed({ route, me }: { route: AssessmentRoute; me: Me }) {
  switch (route.view) {
    case "list": return <ListPage country={route.country} me={me} />;
    case "new": return <NewPage country={route.country} />;
    case "work": return <WorkPage id={route.id} me={me} />;
    case "history": return <HistoryPage id={route.id} />;
    case "compare": return <ComparePage a={route.a} b={route.b} />;
    default: return <p role="alert">No such assessment page.</p>;
  }
}

function ListPage({ country, me }: { country: string | null; me: Me }) {
  const state = useAsync(country ?? "*", () => Promise.all([assessmentsApi.list(country ?? undefined), frameworks()]));
  const onFilter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const c = String(new FormData(e.currentTarget).get("country") ?? "").trim();
    navigate(c ? `/assessments?country=${encodeURIComponent(c.toUpperCase())}` : "/assessments");
  };
  return (
    <section aria-labelledby="a-list">
      <h1 id="a-list">Assessments{country ? ` of ${country}` : ""}</h1>
      <p className="lede">Your organisation's structured assessments (UN Framework of Analysis, Ten Stages, Rabat test, and your own frameworks): drafts, reviews and published versions.</p>
      <div className="filters">
        <form onSubmit={onFilter} className="row">
          <label>Country (ISO3) <input name="country" defaultValue={country ?? ""} pattern="[A-Za-z]{3}" size={5} maxLength={3} /></label>
          <button type="submit">Show</button>
        </form>
        {me.permissions.includes("assessment:write") && <Link to={`/assessments/new${country ? `?country=${country}` : ""}`} className="button-link">New assessment</Link>}
      </div>
      {state.status === "loading" ? <Loading what="assessments" /> : state.status === "error" ? <Failed what="assessments" error={state.error} /> : state.data[0].assessments.length === 0 ? (
        <p>No assessments{country ? ` of ${country}` : ""} yet.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Assessments" tabIndex={0}>
          <table>
            <thead><tr><th scope="col">Title</th><th scope="col">Country</th><th scope="col" className="hide-narrow">Framework</th><th scope="col">Version</th><th scope="col">Status</th><th scope="col" className="hide-narrow">Assessed on</th><th scope="col">Score</th></tr></thead>
            <tbody>
              {state.data[0].assessments.map((a) => (
                <tr key={a.id}>
                  <td dir="auto"><Link to={`/assessments/${a.id}`}>{a.title}</Link>{a.situation ? ` — ${a.situation}` : ""}</td>
                  <td><Link to={`/countries/${a.countryIso3}`}>{a.countryIso3}</Link></td>
                  <td className="hide-narrow">{findFramework(state.data[1], a.framework)?.name ?? a.framework.key} v{a.framework.version}</td>
                  <td className="num">{a.latest.version}</td>
                  <td>{STATUS_LABEL[a.latest.status]}</td>
                  <td className="hide-narrow">{a.latest.assessedOn}</td>
                  <td className="num">{formatScore(a.latest.synthesis.score)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NewPage({ country }: { country: string | null }) {
  const state = useAsync("frameworks", frameworks);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const [key, version] = String(f.get("framework")).split("@");
    setBusy(true);
    setError(null);
    try {
      const situation = String(f.get("situation") ?? "").trim();
      const a = await assessmentsApi.create({
        countryIso3: String(f.get("country")).trim().toUpperCase(), title: String(f.get("title")).trim(), ...(situation ? { situation } : {}),
        framework: { key, version: Number(version) }, assessedOn: String(f.get("assessedOn")),
      });
      navigate(`/assessments/${a.id}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }
  if (state.status === "loading") return <Loading what="frameworks" />;
  if (state.status === "error") return <Failed what="frameworks" error={state.error} />;
  return (
    <section className="narrow" aria-labelledby="a-new">
      <h1 id="a-new">New assessment</h1>
      <form className="stack" onSubmit={onSubmit}>
        <label>Country (ISO3) <input name="country" required pattern="[A-Za-z]{3}" maxLength={3} defaultValue={country ?? ""} /></label>
        <label>Title <input name="title" required maxLength={300} dir="auto" /></label>
        <label>Situation (optional: a region or group within the country) <input name="situation" maxLength={300} dir="auto" /></label>
        <label>
          Framework{" "}
          <select name="framework" required>
            {state.data.map((f) => <option key={`${f.key}@${f.version}`} value={`${f.key}@${f.version}`}>{f.name} (v{f.version}, {f.factors.length} factors){f.origin === "organisation" ? " — your organisation's" : ""}</option>)}
          </select>
        </label>
        <label>Assessed on <input name="assessedOn" type="date" required defaultValue={new Date().toISOString().slice(0, 10)} /></label>
        {error && <p className="status error" role="alert">The server refused: {error}</p>}
        <button type="submit" disabled={busy}>{busy ? "Creating…" : "Create draft"}</button>
      </form>
    </section>
  );
}

function who(me: Me, userId: string | null): string {
  if (!userId) return "—";
  return userId === me.userId ? "you" : `analyst ${userId.slice(0, 8)}`;
}

function WorkPage({ id, me }: { id: string; me: Me }) {
  const [version, setVersion] = useState(0);
  const [flash, setFlash] = useState<string | null>(null);
  const state = useAsync(`${id}:${version}`, () => Promise.all([assessmentsApi.get(id), frameworks()]));
  if (state.status === "loading") return <Loading what="the assessment" />;
  if (state.status === "error") return <Failed what="the assessment" error={state.error} />;
  const [a, fws] = state.data;
  const fw = findFramework(fws, a.framework);
  const v = a.latest;
  // After any change, read the whole assessment again (versions, synthesis) rather than patch it locally.
  const changed = (_next: Assessment, message: string) => {
    setFlash(message);
    setVersion((n) => n + 1);
    window.scrollTo(0, 0);
  };
  const published = (a.versions ?? []).filter((x) => x.status === "published");
  const previous = published.filter((x) => x.version < v.version).at(-1);
  return (
    <article className="assessment" aria-labelledby="a-title">
      <header className="country-head">
        <h1 id="a-title" dir="auto">{a.title}</h1>
        <nav aria-label="This assessment" className="row">
          <Link to={`/assessments/${a.id}/history`}>History</Link>
          {previous && <Link to={`/assessments/compare?a=${a.id}@${previous.version}&b=${a.id}@${v.version}`}>Compare with version {previous.version}</Link>}
          <a href={assessmentsApi.exportUrl(a.id)} download={`assessment-${a.id}.json`}>Export JSON</a>
        </nav>
      </header>
      <dl className="identity">
        <dt>Country</dt><dd><Link to={`/countries/${a.countryIso3}`}>{a.countryIso3}</Link>{a.situation ? ` — ${a.situation}` : ""}</dd>
        <dt>Framework</dt><dd>{fw?.name ?? a.framework.key} v{a.framework.version}</dd>
        <dt>Version</dt><dd>{v.version} · <strong className={`status-badge status-${v.status}`}>{STATUS_LABEL[v.status]}</strong></dd>
        <dt>Author</dt><dd>{who(me, v.authorId)}{v.reviewerId ? `; reviewed by ${who(me, v.reviewerId)}` : ""}</dd>
        <dt>Assessed on</dt><dd>{v.assessedOn}</dd>
      </dl>
      {flash && <p className="status ok" role="status">{flash}</p>}
      {v.status === "draft" && v.reviewNote && <p className="returned" role="note"><strong>Returned by the reviewer:</strong> <span dir="auto">{v.reviewNote}</span></p>}
      {!fw ? <p role="alert">The framework {a.framework.key} v{a.framework.version} is not available.</p> : (
        <>
          <section aria-labelledby="a-synth">
            <h2 id="a-synth">Synthesis{v.status === "draft" ? " (so far)" : ""}</h2>
            <OverallScore synthesis={v.synthesis} />
            <FactorBars synthesis={v.synthesis} label="Factor scores" />
          </section>
          {v.status === "draft" && v.authorId === me.userId ? (
            <FillForm key={v.updatedAt} assessment={a} framework={fw} onSaved={changed} />
          ) : (
            <>
              {v.status === "draft" && <p className="note">Only the author ({who(me, v.authorId)}) edits this draft.</p>}
              {v.status === "submitted" && me.permissions.includes("assessment:review") && <ReviewForm a={a} me={me} onDone={changed} />}
              {v.status === "reviewed" && me.permissions.includes("assessment:publish") && <ActionButton label="Publish this version" what="Published." run={() => assessmentsApi.publish(a.id)} onDone={changed} />}
              {v.status === "published" && me.permissions.includes("assessment:write") && <ActionButton label="Start a new version" what="New draft version started." run={() => assessmentsApi.revise(a.id)} onDone={changed} />}
              <section aria-labelledby="a-summary">
                <h2 id="a-summary">Summary</h2>
                <p dir="auto" className="summary-text">{v.content.summary || "—"}</p>
              </section>
              <section aria-labelledby="a-answers">
                <h2 id="a-answers">Answers</h2>
                <AnswersTable framework={fw} answers={v.content.answers} assessmentId={a.id} />
              </section>
            </>
          )}
        </>
      )}
    </article>
  );
}

function ActionButton({ label, what, run, onDone }: { label: string; what: string; run: () => Promise<Assessment>; onDone: (a: Assessment, m: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="actions">
      <button type="button" className="primary" disabled={busy} onClick={async () => {
        setBusy(true);
        setError(null);
        try { onDone(await run(), what); } catch (e) { setError(e instanceof Error ? e.message : String(e)); setBusy(false); }
      }}>{label}</button>
      {error && <p className="status error server-refusal" role="alert">The server refused: {error}</p>}
    </div>
  );
}

function ReviewForm({ a, me, onDone }: { a: Assessment; me: Me; onDone: (a: Assessment, m: string) => void }) {
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  async function decide(decision: "approve" | "return") {
    setBusy(true);
    setError(null);
    try {
      onDone(await assessmentsApi.review(a.id, decision, note), decision === "approve" ? "Approved: ready to publish." : "Returned to the author with your note.");
    } catch (e) {
      setError({ code: (e as { code?: string }).code ?? "error", message: e instanceof Error ? e.message : String(e) });
      setBusy(false);
    }
  }
  const own = a.latest.authorId === me.userId;
  return (
    <section className="review" aria-labelledby="a-review">
      <h2 id="a-review">Review</h2>
      <p className="note">A second analyst checks the answers and evidence, then approves the version or returns it to its author with a note. {own ? "You wrote this version: the four-eyes rule means another analyst must review it." : ""}</p>
      <label className="block">Review note <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={5000} required dir="auto" /></label>
      {error && (
        <div className="status error server-refusal" role="alert">
          <strong>{error.code === "four_eyes" ? "Refused by the server (four-eyes rule): " : "The server refused: "}</strong>{error.message}
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy || !note.trim()} onClick={() => decide("approve")}>Approve</button>
        <button type="button" disabled={busy || !note.trim()} onClick={() => decide("return")}>Return to the author</button>
      </div>
    </section>
  );
}

function HistoryPage({ id }: { id: string }) {
  const state = useAsync(id, () => Promise.all([assessmentsApi.history(id), assessmentsApi.get(id)]));
  const [pick, setPick] = useState<{ a: string; b: string } | null>(null);
  if (state.status === "loading") return <Loading what="the history" />;
  if (state.status === "error") return <Failed what="the history" error={state.error} />;
  const [{ history }, a] = state.data;
  const versions = history.map((h) => h.version);
  const sel = pick ?? { a: String(versions.at(-2) ?? versions[0]), b: String(versions.at(-1)) };
  return (
    <article aria-labelledby="h-title">
      <h1 id="h-title" dir="auto">History of “{a.title}”</h1>
      <p><Link to={`/assessments/${id}`}>Back to the assessment</Link></p>
      <form className="row filters" onSubmit={(e) => { e.preventDefault(); navigate(`/assessments/compare?a=${id}@${sel.a}&b=${id}@${sel.b}`); }}>
        <label>Compare version <select value={sel.a} onChange={(e) => setPick({ ...sel, a: e.target.value })}>{versions.map((n) => <option key={n}>{n}</option>)}</select></label>
        <label>with version <select value={sel.b} onChange={(e) => setPick({ ...sel, b: e.target.value })}>{versions.map((n) => <option key={n}>{n}</option>)}</select></label>
        <button type="submit">Compare</button>
      </form>
      <ol className="history" reversed>
        {history.slice().reverse().map((h) => (
          <li key={h.version}>
            <h2>Version {h.version} — {STATUS_LABEL[h.status]}</h2>
            <p className="note">Assessed on {h.assessedOn}; score {formatScore(h.score)}; last changed {h.updatedAt.slice(0, 16).replace("T", " ")} UTC{h.publishedAt ? `; published ${h.publishedAt.slice(0, 10)}` : ""}.</p>
            {h.changes.length === 0 ? <p>No changes from version {h.version - 1}.</p> : (
              <details open={h.changes.length <= 20}>
                <summary>{h.changes.length} change{h.changes.length === 1 ? "" : "s"} {h.version === 1 ? "from an empty draft" : `since version ${h.version - 1}`}</summary>
                <ul className="changes">{h.changes.map((c, i) => <li key={i} dir="auto" className={`change-${c.kind}`}>{describeChange(c)}</li>)}</ul>
              </details>
            )}
          </li>
        ))}
      </ol>
    </article>
  );
}

async function loadSide(ref: VersionRef): Promise<{ a: Assessment; v: Version }> {
  const a = await assessmentsApi.get(ref.id);
  const v = ref.version === null ? a.latest : a.versions?.find((x) => x.version === ref.version);
  if (!v) throw new Error(`version ${ref.version} of “${a.title}” does not exist`);
  return { a, v };
}

function ComparePage({ a: ra, b: rb }: { a: VersionRef; b: VersionRef }) {
  const state = useAsync(`${versionRefString(ra)}|${versionRefString(rb)}`, () => Promise.all([loadSide(ra), loadSide(rb), frameworks()]));
  if (state.status === "loading") return <Loading what="the comparison" />;
  if (state.status === "error") return <Failed what="the comparison" error={state.error} />;
  const [A, B, fws] = state.data;
  const same = A.a.framework.key === B.a.framework.key && A.a.framework.version === B.a.framework.version;
  const fw = findFramework(fws, A.a.framework);
  const label = (s: { a: Assessment; v: Version }) => `${s.a.title} v${s.v.version}`;
  const rows = compareSyntheses(A.v.synthesis, B.v.synthesis);
  const diffs = same && fw ? differingAnswers(fw, A.v.content.answers, B.v.content.answers) : [];
  return (
    <article aria-labelledby="c-title">
      <h1 id="c-title">Compare assessments</h1>
      <div className="scroll" role="region" aria-label="The two versions" tabIndex={0}>
        <table className="compare-head">
          <thead><tr><th scope="col"></th><th scope="col">A</th><th scope="col">B</th></tr></thead>
          <tbody>
            <tr><th scope="row">Assessment</th><td dir="auto"><Link to={`/assessments/${A.a.id}`}>{label(A)}</Link></td><td dir="auto"><Link to={`/assessments/${B.a.id}`}>{label(B)}</Link></td></tr>
            <tr><th scope="row">Country</th><td>{A.a.countryIso3}</td><td>{B.a.countryIso3}</td></tr>
            <tr><th scope="row">Status</th><td>{STATUS_LABEL[A.v.status]}</td><td>{STATUS_LABEL[B.v.status]}</td></tr>
            <tr><th scope="row">Assessed on</th><td>{A.v.assessedOn}</td><td>{B.v.assessedOn}</td></tr>
            <tr><th scope="row">Overall</th><td>{formatScore(A.v.synthesis.score)} {A.v.synthesis.level ? LEVEL_LABEL[A.v.synthesis.level] : ""}</td><td>{formatScore(B.v.synthesis.score)} {B.v.synthesis.level ? LEVEL_LABEL[B.v.synthesis.level] : ""}</td></tr>
          </tbody>
        </table>
      </div>
      {!same ? <p role="note">These use different frameworks ({A.a.framework.key} v{A.a.framework.version} and {B.a.framework.key} v{B.a.framework.version}), so only the overall scores compare; factors are listed side by side below.</p> : null}
      <h2>Factor by factor</h2>
      <div className="scroll" role="region" aria-label="Factor scores compared" tabIndex={0}>
        <table className="compare-factors">
          <thead><tr><th scope="col">Factor</th><th scope="col">A</th><th scope="col">B</th><th scope="col">Change</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.factorId} className={r.delta !== null && Math.abs(r.delta) >= 0.25 ? "big-change" : undefined}>
                <th scope="row" dir="auto">{r.factorId}. {r.name}</th>
                <td className="num">{formatScore(r.a)}</td>
                <td className="num">{formatScore(r.b)}</td>
                <td className="num">{r.delta === null ? "—" : `${r.delta > 0 ? "+" : r.delta < 0 ? "−" : "±"}${Math.abs(r.delta).toFixed(2)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {same && fw && (
        <>
          <h2>Indicators answered differently ({diffs.length})</h2>
          {diffs.length === 0 ? <p>Every indicator has the same answer and confidence.</p> : (
            <div className="scroll" role="region" aria-label="Indicators answered differently" tabIndex={0}>
              <table>
                <thead><tr><th scope="col">Indicator</th><th scope="col">A</th><th scope="col">B</th></tr></thead>
                <tbody>
                  {diffs.map((d) => (
                    <tr key={d.indicatorId}>
                      <th scope="row" className="indicator-cell" dir="auto">{d.indicatorId} {d.text}</th>
                      <td>{d.a ? `${ANSWER_LABEL[d.a.answer]} (${d.a.confidence})` : "unanswered"}</td>
                      <td>{d.b ? `${ANSWER_LABEL[d.b.answer]} (${d.b.confidence})` : "unanswered"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </article>
  );
}
