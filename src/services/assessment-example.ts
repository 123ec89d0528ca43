/**
 * A complete, published example assessment of Myanmar on the UN framework, for newcomers
 * (`tocsin assessments example MMR`). It walks the real workflow — an author drafts and submits,
 * a second analyst reviews, the author publishes — and links its answers to whatever public data
 * is in the store: EWP mass-killing episodes, the newest forecast, and the deadliest one-sided UCDP
 * events. The text is illustrative, written for the example; it is not an analytic product.
 */
import { randomBytes } from "node:crypto";
import type { EvidenceLink, IndicatorAnswer } from "../domain/assessment/assessment.ts";
import type { Answer, Confidence } from "../domain/assessment/framework.ts";
import { indicatorsOf } from "../domain/assessment/framework.ts";
import { UN_FRAMEWORK_2014 } from "../domain/assessment/frameworks/mod.ts";
import { permissionsFor, type Actor } from "../domain/identity/permissions.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import type { Store } from "../infra/store/database.ts";
import { EventRepository } from "../infra/store/event.repository.ts";
import { ForecastRepository } from "../infra/store/forecast.repository.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { createAssessment, publishAssessment, reviewAssessment, submitAssessment, updateDraft, type AssessmentView } from "./assessment.service.ts";
import { bootstrapAdmin, createUser } from "./auth.service.ts";

/** Countries with example content. */
export const EXAMPLE_COUNTRIES = ["MMR"] as const;

const EXAMPLE_ORG = "Tocsin example organisation";
const EMAILS = { admin: "example-admin@tocsin.invalid", author: "example-author@tocsin.invalid", reviewer: "example-reviewer@tocsin.invalid" } as const;

type Row = [answer: Answer, confidence: Confidence, rationale: string];

// Answers per UN indicator (ids as in `frameworks/un-framework-2014.ts`). Illustrative summaries of
// widely reported facts; a real assessment cites its sources for each.
const MMR: Record<string, Row> = {
  "1.1": ["strongly_present", "high", "Armed conflict between the military and ethnic armed organisations has run for decades and widened nationwide after the February 2021 coup, with resistance forces active in most regions."],
  "1.2": ["strongly_present", "high", "The military declared a state of emergency at the 2021 coup and has repeatedly extended it; martial law has been imposed on townships."],
  "1.3": ["strongly_present", "high", "The 2021 coup removed the elected government; authority is contested between the military, a parallel government and armed organisations."],
  "1.4": ["strongly_present", "medium", "Currency collapse, inflation and mass internal displacement have deepened since 2021; humanitarian needs are reported at record levels."],
  "1.5": ["present", "medium", "Fighting and refugee movements cross the borders with Bangladesh, Thailand, China and India."],
  "2.1": ["strongly_present", "high", "EWP codes several state-led mass-killing episodes in Myanmar; the 2016–17 operations against the Rohingya were documented by a UN fact-finding mission."],
  "2.2": ["strongly_present", "high", "UN bodies and monitors continue to report killings of civilians, arbitrary detention and torture since the coup."],
  "2.3": ["strongly_present", "high", "Senior commanders named by UN investigators have not been tried at home; accountability rests with international proceedings."],
  "2.4": ["present", "medium", "No domestic remedy or truth process exists for the Rohingya or other affected groups."],
  "3.1": ["present", "medium", "Domestic law gives little protection; the 1982 citizenship law excludes the Rohingya from full citizenship."],
  "3.2": ["strongly_present", "high", "Courts, including military tribunals under martial law, operate under the military's control."],
  "3.3": ["strongly_present", "high", "The armed forces are outside any civilian or legal control since the coup."],
  "3.4": ["strongly_present", "medium", "There is no independent oversight body able to act against the military."],
  "3.5": ["present", "low", "Military-owned conglomerates and patronage shape state decisions; evidence is indirect."],
  "4.1": ["strongly_present", "medium", "The military's hold on power depends on defeating the resistance and groups it portrays as threats to the nation."],
  "4.2": ["present", "low", "Land confiscation and resource extraction in conflict areas are reported but their link to targeting is unclear."],
  "4.3": ["strongly_present", "medium", "Exclusionary nationalist narratives cast the Rohingya as foreigners."],
  "4.4": ["strongly_present", "medium", "Counter-insurgency practice targets the civilian base of armed groups (village burnings, collective punishment)."],
  "4.5": ["present", "medium", "Intercommunal fear in Rakhine State, sharpened by the 2012 violence, persists."],
  "5.1": ["strongly_present", "high", "The military keeps large forces and air power and continues to acquire arms despite sanctions."],
  "5.2": ["present", "medium", "Pro-military militias have been organised and armed in several regions."],
  "5.3": ["present", "medium", "The military retains logistics for large operations, though it has lost territory."],
  "5.4": ["present", "medium", "Arms and aviation fuel supplies from abroad continue according to UN reporting."],
  "5.5": ["present", "low", "Mass mobilisation capacity is reduced since the coup; a conscription law was activated in 2024."],
  "6.1": ["strongly_present", "high", "Independent media were banned, journalists jailed and the internet cut in conflict areas."],
  "6.2": ["strongly_present", "high", "UN investigators and most international observers have no access to the country."],
  "6.3": ["present", "medium", "International engagement is divided; Security Council action has been limited."],
  "6.4": ["strongly_present", "medium", "Civilians in contested areas have few safe routes; neighbours restrict entry."],
  "6.5": ["present", "low", "Community and religious leaders who oppose violence are at risk; some mediate locally."],
  "7.1": ["strongly_present", "high", "Martial law orders and emergency powers expanded arrest and trial powers."],
  "7.2": ["present", "medium", "Units and militias have been redeployed and civilians armed in contested regions."],
  "7.3": ["present", "medium", "Household registration and identity documents that record ethnicity and religion single out the Rohingya."],
  "7.4": ["present", "medium", "Hate speech against the Rohingya and Muslims circulates online; the speech monitor tracks it."],
  "7.5": ["strongly_present", "high", "Movement restrictions on the Rohingya in Rakhine State and blockades of conflict areas limit livelihoods and aid."],
  "7.6": ["present", "medium", "International investigators and many NGOs are denied access."],
  "8.1": ["present", "medium", "A military-run election process and its contested outcome are a flashpoint."],
  "8.2": ["strongly_present", "medium", "Resistance offensives since late 2023 shifted territorial control; losses can trigger reprisals."],
  "8.3": ["unknown", "low", "No clear pattern of violence around commemorations in the data used here."],
  "8.4": ["present", "low", "Attacks on military targets have been followed by reprisals against nearby villages."],
  "8.5": ["present", "medium", "Cyclone and earthquake disasters have strained resources and access."],
  "9.1": ["strongly_present", "high", "Long-standing tensions between Buddhist Rakhine communities and the Rohingya erupted in 2012 and 2016–17."],
  "9.2": ["strongly_present", "high", "The Rohingya face systematic discrimination in citizenship, movement, marriage, education and health."],
  "9.3": ["strongly_present", "high", "Authorities reject the name Rohingya and describe them as 'Bengali'."],
  "9.4": ["strongly_present", "high", "The 2016–17 violence against the Rohingya has had no domestic accountability."],
  "10.1": ["present", "medium", "Senior officials described the 2017 operations as finishing 'unfinished business'; a UN mission found inferences of genocidal intent."],
  "10.2": ["strongly_present", "medium", "The 2017 operations targeted Rohingya as such; the ICJ ordered provisional measures in The Gambia v. Myanmar (2020)."],
  "10.3": ["present", "low", "Restrictions on marriage and births among Rohingya in parts of Rakhine State have been reported."],
  "10.4": ["strongly_present", "medium", "Rohingya remaining in Rakhine State live under conditions of confinement, with limited food and health care."],
  "10.5": ["strongly_present", "high", "Satellite imagery documented hundreds of Rohingya villages burned and later cleared."],
  "11.1": ["strongly_present", "high", "Attacks on civilians are reported across most states and regions since the coup."],
  "11.2": ["strongly_present", "high", "Airstrikes and village burnings follow recurring patterns across regions."],
  "11.3": ["strongly_present", "high", "Tens of thousands have been arrested since the coup; torture in detention is widely reported."],
  "11.4": ["present", "medium", "Sexual violence by soldiers was documented in 2017 and continues to be reported."],
  "11.5": ["strongly_present", "high", "Millions are internally displaced; most Rohingya were expelled to Bangladesh in 2017."],
  "12.1": ["present", "medium", "Leaked orders and public statements endorse collective punishment, but direct orders are rarely public."],
  "12.2": ["present", "medium", "Specific light infantry divisions appear repeatedly in documented attacks."],
  "12.3": ["present", "low", "Militias operate with military support in some regions."],
  "12.4": ["unknown", "low", "No reliable information on stockpiling or detention build-up was used here."],
  "13.1": ["strongly_present", "high", "Airstrikes on villages, camps for displaced people and public gatherings are repeatedly reported."],
  "13.2": ["strongly_present", "high", "Schools, clinics and religious buildings have been struck."],
  "13.3": ["present", "medium", "Killings of detainees and captured fighters have been reported."],
  "13.4": ["present", "medium", "The UN lists the armed forces among parties that recruit and use children."],
  "13.5": ["present", "medium", "Landmines are used widely; starvation tactics through blockades are reported."],
  "14.1": ["present", "medium", "Aid workers and supplies have been attacked or seized."],
  "14.2": ["strongly_present", "high", "Humanitarian access is routinely denied, especially after disasters and in conflict areas."],
  "14.3": ["absent", "medium", "There is no peacekeeping mission; no attacks on international observers are recorded here."],
  "14.4": ["present", "low", "Diversion of aid by authorities is alleged; evidence is limited."],
};

const SOURCES: EvidenceLink[] = [
  { kind: "url", ref: "https://www.ohchr.org/en/hr-bodies/hrc/myanmar-ffm/index", note: "UN Independent International Fact-Finding Mission on Myanmar (2017–2019)" },
  { kind: "url", ref: "https://www.icj-cij.org/case/178", note: "ICJ, The Gambia v. Myanmar" },
];

async function ensureUsers(store: Store, log: (line: string) => void): Promise<{ author: Actor; reviewer: Actor }> {
  const repo = new IdentityRepository(store.db);
  const secret = () => randomBytes(24).toString("base64url");
  let admin = await repo.userByEmail(EMAILS.admin);
  if (!admin) {
    log(`creating organisation "${EXAMPLE_ORG}" with an admin and two analysts (random passwords, not shown: set up your own users to sign in)`);
    await bootstrapAdmin(store, { organisationName: EXAMPLE_ORG, email: EMAILS.admin, displayName: "Example admin", password: secret() });
    admin = (await repo.userByEmail(EMAILS.admin))!;
  }
  const adminActor: Actor = { kind: "user", userId: admin.id, organisationId: admin.organisationId, role: "admin", permissions: permissionsFor("admin"), via: "session" };
  const analyst = async (email: string, displayName: string): Promise<Actor> => {
    const u = (await repo.userByEmail(email)) ?? (await createUser(store, adminActor, { email, displayName, role: "analyst", password: secret() }).then(() => repo.userByEmail(email)))!;
    return { kind: "user", userId: u!.id, organisationId: u!.organisationId, role: "analyst", permissions: permissionsFor("analyst"), via: "session" };
  };
  return { author: await analyst(EMAILS.author, "Example author"), reviewer: await analyst(EMAILS.reviewer, "Example reviewer") };
}

/** Evidence found in the store for the example. */
async function evidenceFor(store: Store, iso3: string) {
  const episodes = (await new CountryRepository(store.db).episodes(iso3)).map((e) => ({ kind: "episode", ref: e.code, note: `${e.name} (${e.startYear}–${e.endYear ?? "ongoing"})` }) as EvidenceLink);
  const forecastRepo = new ForecastRepository(store.db);
  const run = (await forecastRepo.latestRun("default")) ?? (await forecastRepo.runs()).sort((a, b) => b.baseYear - a.baseYear || b.id - a.id)[0];
  const forecast = run && (await forecastRepo.forecastsOf(run.id, "two-year")).find((r) => r.forecast.countryIso3 === iso3);
  const forecastLink: EvidenceLink[] = forecast ? [{ kind: "forecast", ref: `${run.id}:${iso3}`, note: `${run.modelId} two-year forecast from ${run.baseYear}: rank ${forecast.forecast.rank}, risk ${(forecast.forecast.risk * 100).toFixed(1)} %` }] : [];
  const oneSided = await new EventRepository(store.db).list({ country: iso3, violenceType: "one-sided" }, 5000);
  const events = oneSided
    .sort((a, b) => (b.civilianDeaths ?? 0) - (a.civilianDeaths ?? 0))
    .slice(0, 3)
    .map((e) => ({ kind: "event", ref: `${e.source}:${e.sourceId}`, note: `${e.dateStart}, ${e.admin1 ?? e.countryName}: ${e.civilianDeaths ?? 0} civilian deaths` }) as EvidenceLink);
  return { episodes, forecastLink, events };
}

/**
 * Creates and publishes the example assessment of `iso3` (only `MMR` has content).
 * @returns the published assessment and counts of the evidence it links
 * @throws {RangeError} for a country without example content
 */
export async function createExampleAssessment(store: Store, iso3: string, options: { log?: (line: string) => void; today?: string } = {}): Promise<{ assessment: AssessmentView; evidence: { episodes: number; forecasts: number; events: number; urls: number } }> {
  const code = iso3.toUpperCase();
  if (!(EXAMPLE_COUNTRIES as readonly string[]).includes(code)) throw new RangeError(`no example content for "${iso3}"; available: ${EXAMPLE_COUNTRIES.join(", ")}`);
  const log = options.log ?? (() => {});
  const { author, reviewer } = await ensureUsers(store, log);
  const ev = await evidenceFor(store, code);
  log(`evidence in the store: ${ev.episodes.length} EWP episodes, ${ev.forecastLink.length} forecast, ${ev.events.length} UCDP events`);
  const recentEpisodes = ev.episodes.slice(-2);
  const linksFor = (id: string): EvidenceLink[] => {
    const factor = id.split(".")[0];
    if (id === "2.1" || id === "9.4" || id === "10.2") return [...recentEpisodes, SOURCES[0], ...(id === "10.2" ? [SOURCES[1]] : [])];
    if (id === "1.1" || id === "11.1" || id === "11.2" || id === "13.1") return [...ev.events, ...(id === "1.1" ? ev.forecastLink : [])];
    if (factor === "10" || factor === "9") return [SOURCES[0]];
    return [];
  };
  const answers: Record<string, IndicatorAnswer> = Object.fromEntries(
    indicatorsOf(UN_FRAMEWORK_2014).map((i) => {
      const [answer, confidence, rationale] = MMR[i.id] ?? ["unknown", "low", "Not assessed in this example."];
      return [i.id, { answer, confidence, rationale, evidence: linksFor(i.id) }];
    }),
  );
  const deps = { store };
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const draft = await createAssessment(deps, author, { countryIso3: code, title: "Myanmar: atrocity risk (example)", framework: { key: UN_FRAMEWORK_2014.key, version: UN_FRAMEWORK_2014.version }, assessedOn: today });
  await updateDraft(deps, author, draft.id, {
    summary:
      "Illustrative example created by `tocsin assessments example MMR`, not an analytic product. Nearly all common risk factors are strongly present: nationwide armed conflict since the 2021 coup, a record of unpunished mass atrocities (EWP episodes; the 2016–17 operations against the Rohingya), no civilian control of the armed forces, and no independent scrutiny. Genocide-specific factors for the Rohingya remain strongly present.",
    answers,
  });
  await submitAssessment(deps, author, draft.id);
  await reviewAssessment(deps, reviewer, draft.id, { decision: "approve", note: "Example review: answers checked against the linked evidence." });
  const published = await publishAssessment(deps, author, draft.id);
  const links = Object.values(answers).flatMap((a) => a.evidence);
  const count = (k: EvidenceLink["kind"]) => new Set(links.filter((l) => l.kind === k).map((l) => l.ref)).size;
  return { assessment: published, evidence: { episodes: count("episode"), forecasts: count("forecast"), events: count("event"), urls: count("url") } };
}
