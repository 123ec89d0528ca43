/**
 * The analyst assessment pages under `/assessments` (loaded on demand): the organisation's list,
 * a new assessment, one assessment to fill / review / publish / revise, its history with diffs,
 * and a factor-by-factor comparison of two assessments or versions. Members sign in first.
 */
import { useEffect, useState, type FormEvent } from "react";
import { fmtDate, fmtDateTime, fmtNumber, frameworkText, t } from "../i18n/i18n.ts";
import { navigate } from "../navigation.ts";
import { Failed, Loading } from "../status.tsx";
import { useAsync } from "../use-async.ts";
import { assessmentsApi, type Assessment, type FrameworkView, type Version } from "./client.ts";
import { FillForm } from "./fill-form.tsx";
import {
  compareSyntheses, CONFIDENCE_LABEL, describeChange, differingAnswers, formatScore, LEVEL_LABEL, ANSWER_LABEL, parseAssessmentRoute, STATUS_LABEL, versionRefString,
  type AssessmentRoute, type VersionRef,
} from "./lib.ts";
import { AnswersTable, FactorBars, FrameworkText, Link, OverallScore } from "./parts.tsx";

type Me = Awaited<ReturnType<typeof assessmentsApi.me>>;

let frameworksOnce: Promise<FrameworkView[]> | null = null;
/** The frameworks, fetched once per page load (they change only when an admin adds one). */
function frameworks(): Promise<FrameworkView[]> {
  frameworksOnce ??= assessmentsApi.frameworks().then((r) => r.frameworks, (e: unknown) => { frameworksOnce = null; throw e; });
  return frameworksOnce;
}
const findFramework = (list: FrameworkView[], fw: { key: string; version: number }) => list.find((f) => f.key === fw.key && f.version === fw.version);

/** A framework's name and version: translated for a built-in one, else as the server sent it (or its key), marked English. */
function FrameworkName({ framework, view }: { framework: { key: string; version: number }; view: FrameworkView | undefined }) {
  return <>{view ? <FrameworkText frameworkKey={framework.key} part="name" english={view.name} /> : <bdi translate="no">{framework.key}</bdi>} <bdi translate="no">v{framework.version}</bdi></>;
}

/** The whole `/assessments…` section; reads the route from the address itself. */
export function AssessmentsSection({ path }: { path: string }) {
  const route = parseAssessmentRoute(path, window.location.search);
  const me = useAsync("me", () => assessmentsApi.me());
  useEffect(() => {
    document.title = `${t("assessPage.list")} — Tocsin`;
    return () => { document.title = t("app.docTitle"); };
  }, []);
  if (me.status === "loading") return <Loading what={t("assessPage.what.session")} />;
  if (me.status === "error") return <Failed what={t("assessPage.what.session")} error={me.error} />;
  if (me.data.kind !== "user" || !me.data.permissions.includes("assessment:read")) {
    return (
      <section className="narrow" aria-labelledby="a-signin">
        <h1 id="a-signin">{t("assess.panel")}</h1>
        <p>{t("assessPage.signIn.who")} <Link to={`/sign-in?next=${encodeURIComponent(path)}`}>{t("admin.signIn")}</Link> {t("assessPage.signIn.to")}</p>
        <p className="note">{t("assessPage.signIn.published")}</p>
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
    default: return <p role="alert">{t("assessPage.missing")}</p>;
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
      <h1 id="a-list">{country ? t("assessPage.listOf", { country }) : t("assessPage.list")}</h1>
      <p className="lede">{t("assessPage.lede")}</p>
      <div className="filters">
        <form onSubmit={onFilter} className="row">
          <label>{t("assessPage.countryIso3")} <input name="country" defaultValue={country ?? ""} pattern="[A-Za-z]{3}" size={5} maxLength={3} /></label>
          <button type="submit">{t("assessPage.show")}</button>
        </form>
        {me.permissions.includes("assessment:write") && <Link to={`/assessments/new${country ? `?country=${country}` : ""}`} className="button-link">{t("assessPage.new")}</Link>}
      </div>
      {state.status === "loading" ? <Loading what={t("assessPage.what.list")} /> : state.status === "error" ? <Failed what={t("assessPage.what.list")} error={state.error} /> : state.data[0].assessments.length === 0 ? (
        <p>{country ? t("assessPage.noneOf", { country }) : t("assessPage.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-label={t("assessPage.list")} tabIndex={0}>
          <table>
            <thead><tr><th scope="col">{t("assessPage.col.title")}</th><th scope="col">{t("gaps.col.country")}</th><th scope="col" className="hide-narrow">{t("assessPage.col.framework")}</th><th scope="col">{t("assessPage.col.version")}</th><th scope="col">{t("admin.col.status")}</th><th scope="col" className="hide-narrow">{t("assessPage.col.assessedOn")}</th><th scope="col">{t("assessPage.col.score")}</th></tr></thead>
            <tbody>
              {state.data[0].assessments.map((a) => (
                <tr key={a.id}>
                  <td dir="auto"><bdi dir="auto"><Link to={`/assessments/${a.id}`}>{a.title}</Link>{a.situation ? ` — ${a.situation}` : ""}</bdi></td>
                  <td><Link to={`/countries/${a.countryIso3}`}><bdi translate="no">{a.countryIso3}</bdi></Link></td>
                  <td className="hide-narrow"><FrameworkName framework={a.framework} view={findFramework(state.data[1], a.framework)} /></td>
                  <td className="num">{fmtNumber(a.latest.version)}</td>
                  <td>{STATUS_LABEL[a.latest.status]}</td>
                  <td className="hide-narrow">{fmtDate(a.latest.assessedOn)}</td>
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
  if (state.status === "loading") return <Loading what={t("assessPage.what.frameworks")} />;
  if (state.status === "error") return <Failed what={t("assessPage.what.frameworks")} error={state.error} />;
  return (
    <section className="narrow" aria-labelledby="a-new">
      <h1 id="a-new">{t("assessPage.new")}</h1>
      <form className="stack" onSubmit={onSubmit}>
        <label>{t("assessPage.countryIso3")} <input name="country" required pattern="[A-Za-z]{3}" maxLength={3} defaultValue={country ?? ""} /></label>
        <label>{t("assessPage.col.title")} <input name="title" required maxLength={300} dir="auto" /></label>
        <label>{t("assessPage.situation")} <input name="situation" maxLength={300} dir="auto" /></label>
        <label>
          {t("assessPage.col.framework")}{" "}
          <select name="framework" required>
            {state.data.map((f) => <option key={`${f.key}@${f.version}`} value={`${f.key}@${f.version}`}>{t("assessPage.frameworkOption", { name: frameworkText(f.key, "name", f.name).text, version: f.version, factors: f.factors.length, own: f.origin === "organisation" ? "yes" : "no" })}</option>)}
          </select>
        </label>
        <label>{t("assessPage.col.assessedOn")} <input name="assessedOn" type="date" required defaultValue={new Date().toISOString().slice(0, 10)} /></label>
        {error && <p className="status error" role="alert">{t("assessPage.refused", { error })}</p>}
        <button type="submit" disabled={busy}>{busy ? t("assessPage.creating") : t("assessPage.create")}</button>
      </form>
    </section>
  );
}

function who(me: Me, userId: string | null): string {
  if (!userId) return "—";
  return userId === me.userId ? t("admin.users.you") : t("assessPage.analystId", { id: userId.slice(0, 8) });
}

function WorkPage({ id, me }: { id: string; me: Me }) {
  const [version, setVersion] = useState(0);
  const [flash, setFlash] = useState<string | null>(null);
  const state = useAsync(`${id}:${version}`, () => Promise.all([assessmentsApi.get(id), frameworks()]));
  if (state.status === "loading") return <Loading what={t("assessPage.what.one")} />;
  if (state.status === "error") return <Failed what={t("assessPage.what.one")} error={state.error} />;
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
        <h1 id="a-title" dir="auto"><bdi dir="auto">{a.title}</bdi></h1>
        <nav aria-label={t("assessPage.thisOne")} className="row">
          <Link to={`/assessments/${a.id}/history`}>{t("assessPage.history")}</Link>
          {previous && <Link to={`/assessments/compare?a=${a.id}@${previous.version}&b=${a.id}@${v.version}`}>{t("assessPage.compareWith", { version: previous.version })}</Link>}
          <a href={assessmentsApi.exportUrl(a.id)} download={`assessment-${a.id}.json`}>{t("assessPage.export")}</a>
        </nav>
      </header>
      <dl className="identity">
        <dt>{t("gaps.col.country")}</dt><dd><Link to={`/countries/${a.countryIso3}`}><bdi translate="no">{a.countryIso3}</bdi></Link>{a.situation ? <> — <bdi dir="auto">{a.situation}</bdi></> : ""}</dd>
        <dt>{t("assessPage.col.framework")}</dt><dd><FrameworkName framework={a.framework} view={fw} /></dd>
        <dt>{t("assessPage.col.version")}</dt><dd>{fmtNumber(v.version)} · <strong className={`status-badge status-${v.status}`}>{STATUS_LABEL[v.status]}</strong></dd>
        <dt>{t("assessPage.author")}</dt><dd>{v.reviewerId ? t("assessPage.authorReviewed", { author: who(me, v.authorId), reviewer: who(me, v.reviewerId) }) : who(me, v.authorId)}</dd>
        <dt>{t("assessPage.col.assessedOn")}</dt><dd>{fmtDate(v.assessedOn)}</dd>
      </dl>
      {flash && <p className="status ok" role="status">{flash}</p>}
      {v.status === "draft" && v.reviewNote && <p className="returned" role="note"><strong>{t("assessPage.returned")}</strong> <span dir="auto">{v.reviewNote}</span></p>}
      {!fw ? <p role="alert">{t("assessPage.noFramework", { framework: `${a.framework.key} v${a.framework.version}` })}</p> : (
        <>
          <section aria-labelledby="a-synth">
            <h2 id="a-synth">{v.status === "draft" ? t("assessPage.synthesisSoFar") : t("assessPage.synthesis")}</h2>
            <OverallScore synthesis={v.synthesis} />
            <FactorBars synthesis={v.synthesis} label={t("assessPage.factorScores")} frameworkKey={a.framework.key} />
          </section>
          {v.status === "draft" && v.authorId === me.userId ? (
            <FillForm key={v.updatedAt} assessment={a} framework={fw} onSaved={changed} />
          ) : (
            <>
              {v.status === "draft" && <p className="note">{t("assessPage.onlyAuthor", { author: who(me, v.authorId) })}</p>}
              {v.status === "submitted" && me.permissions.includes("assessment:review") && <ReviewForm a={a} me={me} onDone={changed} />}
              {v.status === "reviewed" && me.permissions.includes("assessment:publish") && <ActionButton label={t("assessPage.publish")} what={t("assessPage.published")} run={() => assessmentsApi.publish(a.id)} onDone={changed} />}
              {v.status === "published" && me.permissions.includes("assessment:write") && <ActionButton label={t("assessPage.revise")} what={t("assessPage.revised")} run={() => assessmentsApi.revise(a.id)} onDone={changed} />}
              <section aria-labelledby="a-summary">
                <h2 id="a-summary">{t("assessPage.summary")}</h2>
                <p dir="auto" className="summary-text">{v.content.summary || "—"}</p>
              </section>
              <section aria-labelledby="a-answers">
                <h2 id="a-answers">{t("assessPage.answers")}</h2>
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
      {error && <p className="status error server-refusal" role="alert">{t("assessPage.refused", { error })}</p>}
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
      onDone(await assessmentsApi.review(a.id, decision, note), decision === "approve" ? t("assessPage.approved") : t("assessPage.returnedDone"));
    } catch (e) {
      setError({ code: (e as { code?: string }).code ?? "error", message: e instanceof Error ? e.message : String(e) });
      setBusy(false);
    }
  }
  const own = a.latest.authorId === me.userId;
  return (
    <section className="review" aria-labelledby="a-review">
      <h2 id="a-review">{t("assessPage.review")}</h2>
      <p className="note">{t("assessPage.reviewNote")}{own ? ` ${t("assessPage.ownVersion")}` : ""}</p>
      <label className="block">{t("assessPage.reviewNoteInput")} <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={5000} required dir="auto" /></label>
      {error && (
        <div className="status error server-refusal" role="alert">
          <strong>{error.code === "four_eyes" ? t("assessPage.fourEyes") : t("assessPage.refusedLead")}</strong> <span lang="en">{error.message}</span>
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy || !note.trim()} onClick={() => decide("approve")}>{t("assessPage.approve")}</button>
        <button type="button" disabled={busy || !note.trim()} onClick={() => decide("return")}>{t("assessPage.return")}</button>
      </div>
    </section>
  );
}

function HistoryPage({ id }: { id: string }) {
  const state = useAsync(id, () => Promise.all([assessmentsApi.history(id), assessmentsApi.get(id)]));
  const [pick, setPick] = useState<{ a: string; b: string } | null>(null);
  if (state.status === "loading") return <Loading what={t("assessPage.what.history")} />;
  if (state.status === "error") return <Failed what={t("assessPage.what.history")} error={state.error} />;
  const [{ history }, a] = state.data;
  const versions = history.map((h) => h.version);
  const sel = pick ?? { a: String(versions.at(-2) ?? versions[0]), b: String(versions.at(-1)) };
  return (
    <article aria-labelledby="h-title">
      <h1 id="h-title" dir="auto">{t("assessPage.historyOf", { title: a.title })}</h1>
      <p><Link to={`/assessments/${id}`}>{t("assessPage.back")}</Link></p>
      <form className="row filters" onSubmit={(e) => { e.preventDefault(); navigate(`/assessments/compare?a=${id}@${sel.a}&b=${id}@${sel.b}`); }}>
        <label>{t("assessPage.compareVersion")} <select value={sel.a} onChange={(e) => setPick({ ...sel, a: e.target.value })}>{versions.map((n) => <option key={n}>{n}</option>)}</select></label>
        <label>{t("assessPage.withVersion")} <select value={sel.b} onChange={(e) => setPick({ ...sel, b: e.target.value })}>{versions.map((n) => <option key={n}>{n}</option>)}</select></label>
        <button type="submit">{t("assessPage.compare")}</button>
      </form>
      <ol className="history" reversed>
        {history.slice().reverse().map((h) => (
          <li key={h.version}>
            <h2>{t("assessPage.versionHeading", { version: h.version, status: STATUS_LABEL[h.status] })}</h2>
            <p className="note">{t("assessPage.versionLine", { assessed: fmtDate(h.assessedOn), score: formatScore(h.score), changed: fmtDateTime(h.updatedAt), published: h.publishedAt ? fmtDate(h.publishedAt) : "", isPublished: h.publishedAt ? "yes" : "no" })}</p>
            {h.changes.length === 0 ? <p>{t("assessPage.noChanges", { version: h.version - 1 })}</p> : (
              <details open={h.changes.length <= 20}>
                <summary>{h.version === 1 ? t("assessPage.changesFirst", { n: h.changes.length }) : t("assessPage.changesSince", { n: h.changes.length, version: h.version - 1 })}</summary>
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
  if (!v) throw new Error(t("assessPage.noVersion", { version: ref.version ?? 0, title: a.title }));
  return { a, v };
}

function ComparePage({ a: ra, b: rb }: { a: VersionRef; b: VersionRef }) {
  const state = useAsync(`${versionRefString(ra)}|${versionRefString(rb)}`, () => Promise.all([loadSide(ra), loadSide(rb), frameworks()]));
  if (state.status === "loading") return <Loading what={t("assessPage.what.comparison")} />;
  if (state.status === "error") return <Failed what={t("assessPage.what.comparison")} error={state.error} />;
  const [A, B, fws] = state.data;
  const same = A.a.framework.key === B.a.framework.key && A.a.framework.version === B.a.framework.version;
  const fw = findFramework(fws, A.a.framework);
  const label = (s: { a: Assessment; v: Version }) => `${s.a.title} v${s.v.version}`;
  const rows = compareSyntheses(A.v.synthesis, B.v.synthesis);
  const diffs = same && fw ? differingAnswers(fw, A.v.content.answers, B.v.content.answers) : [];
  return (
    <article aria-labelledby="c-title">
      <h1 id="c-title">{t("assessPage.compareTitle")}</h1>
      <div className="scroll" role="region" aria-label={t("assessPage.twoVersions")} tabIndex={0}>
        <table className="compare-head">
          <thead><tr><th scope="col"></th><th scope="col">A</th><th scope="col">B</th></tr></thead>
          <tbody>
            <tr><th scope="row">{t("assessPage.assessment")}</th><td dir="auto"><Link to={`/assessments/${A.a.id}`}><bdi dir="auto">{label(A)}</bdi></Link></td><td dir="auto"><Link to={`/assessments/${B.a.id}`}><bdi dir="auto">{label(B)}</bdi></Link></td></tr>
            <tr><th scope="row">{t("gaps.col.country")}</th><td><bdi translate="no">{A.a.countryIso3}</bdi></td><td><bdi translate="no">{B.a.countryIso3}</bdi></td></tr>
            <tr><th scope="row">{t("admin.col.status")}</th><td>{STATUS_LABEL[A.v.status]}</td><td>{STATUS_LABEL[B.v.status]}</td></tr>
            <tr><th scope="row">{t("assessPage.col.assessedOn")}</th><td>{fmtDate(A.v.assessedOn)}</td><td>{fmtDate(B.v.assessedOn)}</td></tr>
            <tr><th scope="row">{t("assessPage.overall")}</th><td>{formatScore(A.v.synthesis.score)} {A.v.synthesis.level ? LEVEL_LABEL[A.v.synthesis.level] : ""}</td><td>{formatScore(B.v.synthesis.score)} {B.v.synthesis.level ? LEVEL_LABEL[B.v.synthesis.level] : ""}</td></tr>
          </tbody>
        </table>
      </div>
      {!same ? <p role="note">{t("assessPage.differentFrameworks", { a: `${A.a.framework.key} v${A.a.framework.version}`, b: `${B.a.framework.key} v${B.a.framework.version}` })}</p> : null}
      <h2>{t("assessPage.factorByFactor")}</h2>
      <div className="scroll" role="region" aria-label={t("assessPage.factorsCompared")} tabIndex={0}>
        <table className="compare-factors">
          <thead><tr><th scope="col">{t("assessPage.factor")}</th><th scope="col">A</th><th scope="col">B</th><th scope="col">{t("assessPage.change")}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.factorId} className={r.delta !== null && Math.abs(r.delta) >= 0.25 ? "big-change" : undefined}>
                <th scope="row" dir="auto"><FrameworkText frameworkKey={A.a.framework.key} part={`f${r.factorId}.name`} english={r.name} prefix={`${r.factorId}. `} /></th>
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
          <h2>{t("assessPage.differently", { n: diffs.length })}</h2>
          {diffs.length === 0 ? <p>{t("assessPage.allSame")}</p> : (
            <div className="scroll" role="region" aria-label={t("assessPage.differentlyLabel")} tabIndex={0}>
              <table>
                <thead><tr><th scope="col">{t("assessPage.indicator")}</th><th scope="col">A</th><th scope="col">B</th></tr></thead>
                <tbody>
                  {diffs.map((d) => (
                    <tr key={d.indicatorId}>
                      <th scope="row" className="indicator-cell" dir="auto"><FrameworkText frameworkKey={A.a.framework.key} part={`indicator.${d.indicatorId}.text`} english={d.text} prefix={`${d.indicatorId} `} /></th>
                      <td>{d.a ? `${ANSWER_LABEL[d.a.answer]} (${CONFIDENCE_LABEL[d.a.confidence]})` : t("assessPage.unanswered")}</td>
                      <td>{d.b ? `${ANSWER_LABEL[d.b.answer]} (${CONFIDENCE_LABEL[d.b.confidence]})` : t("assessPage.unanswered")}</td>
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
