/**
 * The response catalogue (issue 7, part 3): what governments, international organisations and
 * civil society can do once a warning is out, grouped by instrument. The built-in options are
 * written in our own words after the atrocity-prevention "toolbox" literature (the UN Framework of
 * Analysis for Atrocity Crimes, the Responsibility to Protect's pillar III measures, the US
 * Atrocity Prevention toolkit, the Genocide Prevention Task Force report). Each option says which
 * alert levels it suits and which kinds of signal it answers, so `recommendOptions` can rank them
 * for an alert. Organisations add their own options through the API; built-ins are read-only.
 */
import { isAlertLevel, type AlertLevel } from "../alerts/level.ts";
import { isSignalKind, SIGNAL_KIND_REGISTRY } from "../alerts/signal-kinds.ts";
import { isResponseSignalKind, RESPONSE_SIGNAL_KINDS, type ResponseSignalKind } from "./signal-kind.ts";

export { isResponseSignalKind, RESPONSE_SIGNAL_KINDS, type ResponseSignalKind };

/** The instruments, in the order the catalogue and the brief list them. */
export const INSTRUMENTS = ["diplomatic", "legal", "humanitarian", "economic", "military", "information"] as const;
/** One instrument of response. */
export type Instrument = (typeof INSTRUMENTS)[number];

/** Human label of each instrument. */
export const INSTRUMENT_LABELS: Readonly<Record<Instrument, string>> = {
  diplomatic: "Diplomatic",
  legal: "Legal and accountability",
  humanitarian: "Humanitarian and protection",
  economic: "Economic",
  military: "Military and security",
  information: "Information and media",
};


/** Levels an option can suit (an option never suits "none": there is nothing to respond to). */
export const RESPONSE_LEVELS = ["watch", "warning", "emergency"] as const satisfies readonly AlertLevel[];

/** One response option. */
export interface ResponseOption {
  /** Built-ins: a stable slug (`diplomatic.envoy`); an organisation's own: a UUID. */
  id: string;
  instrument: Instrument;
  title: string;
  description: string;
  /** The alert levels the option suits, lowest first. */
  levels: readonly AlertLevel[];
  /** The signal kinds the option answers most directly. */
  answers: readonly ResponseSignalKind[];
}

const W: AlertLevel[] = ["watch"];
const WW: AlertLevel[] = ["watch", "warning"];
const WWE: AlertLevel[] = ["watch", "warning", "emergency"];
const WE: AlertLevel[] = ["warning", "emergency"];
const E: AlertLevel[] = ["emergency"];

const BUILTIN_SOURCE: readonly ResponseOption[] = [
  // Diplomatic
  { id: "diplomatic.private-demarche", instrument: "diplomatic", title: "Private démarche to the government", description: "Raise the specific risk factors privately with senior officials, naming what is expected of them, before positions harden in public.", levels: WW, answers: ["structural-risk", "risk-rise", "speech-spike"] },
  { id: "diplomatic.envoy", instrument: "diplomatic", title: "Special envoy or preventive diplomacy mission", description: "Send a senior envoy (regional body, UN good offices or a trusted third state) to open channels between the parties and the groups at risk.", levels: WE, answers: ["escalation", "risk-rise", "analyst-assessment"] },
  { id: "diplomatic.mediation", instrument: "diplomatic", title: "Mediation and dialogue support", description: "Back local or regional mediators, insider peace-builders and inter-communal dialogue where tensions are rising.", levels: WWE, answers: ["escalation", "speech-spike"] },
  { id: "diplomatic.public-statement", instrument: "diplomatic", title: "Coordinated public statements", description: "Several states and organisations say publicly, at the same time, that they are watching and that those responsible will be held to account.", levels: WE, answers: ["speech-spike", "verified-incident", "escalation"] },
  { id: "diplomatic.council-briefing", instrument: "diplomatic", title: "Briefing to the Security Council or regional body", description: "Put the situation on the agenda (Arria-formula meeting, horizon scanning, the Special Adviser on the Prevention of Genocide) so that it cannot be said nobody knew.", levels: WE, answers: ["verified-incident", "escalation", "analyst-assessment"] },
  { id: "diplomatic.conditional-engagement", instrument: "diplomatic", title: "Conditional engagement and incentives", description: "Tie visits, aid or cooperation to concrete steps: releasing detainees, restraining security forces, disarming militias.", levels: WW, answers: ["structural-risk", "risk-rise"] },
  { id: "diplomatic.recall-ambassador", instrument: "diplomatic", title: "Recall ambassadors or suspend diplomatic ties", description: "Withdraw envoys or suspend the government from regional bodies when engagement has failed.", levels: E, answers: ["verified-incident", "escalation"] },

  // Legal and accountability
  { id: "legal.fact-finding", instrument: "legal", title: "Fact-finding mission", description: "Establish or support an independent mission to document what is happening, with access to affected areas.", levels: WE, answers: ["verified-incident", "escalation"] },
  { id: "legal.commission-of-inquiry", instrument: "legal", title: "Commission of inquiry", description: "Ask the Human Rights Council or a regional commission to create an inquiry with a mandate to identify those responsible.", levels: WE, answers: ["verified-incident", "analyst-assessment"] },
  { id: "legal.evidence-preservation", instrument: "legal", title: "Evidence collection and preservation", description: "Fund and protect the secure collection of testimony, imagery and documents to criminal standards, for later prosecution.", levels: WWE, answers: ["verified-incident", "speech-spike"] },
  { id: "legal.icc-referral", instrument: "legal", title: "Referral to the ICC or a court", description: "Refer the situation to the International Criminal Court, or bring a case before the International Court of Justice under the Genocide Convention.", levels: E, answers: ["verified-incident", "analyst-assessment"] },
  { id: "legal.universal-jurisdiction", instrument: "legal", title: "Universal-jurisdiction investigations", description: "Open national investigations of suspects who travel or hold assets abroad.", levels: WE, answers: ["verified-incident"] },
  { id: "legal.incitement-warning", instrument: "legal", title: "Public warning on incitement", description: "Remind leaders publicly that direct and public incitement to genocide is itself a crime, naming the speech that crosses the line.", levels: WE, answers: ["speech-spike"] },
  { id: "legal.rights-monitoring", instrument: "legal", title: "Human-rights monitoring presence", description: "Deploy or reinforce human-rights monitors (OHCHR field presence, treaty-body urgent procedures).", levels: WW, answers: ["structural-risk", "risk-rise", "verified-incident"] },

  // Humanitarian and protection
  { id: "humanitarian.access", instrument: "humanitarian", title: "Negotiate humanitarian access", description: "Secure safe, unhindered access for relief agencies to the areas and groups at risk.", levels: WE, answers: ["escalation", "verified-incident"] },
  { id: "humanitarian.protection-of-civilians", instrument: "humanitarian", title: "Protection-of-civilians measures", description: "Protection monitoring, safe spaces, early-warning and community self-protection networks in the places most at risk.", levels: WE, answers: ["escalation", "verified-incident", "speech-spike"] },
  { id: "humanitarian.evacuation", instrument: "humanitarian", title: "Evacuation and safe passage", description: "Arrange corridors, humanitarian evacuation and visas for people under direct threat, including human-rights defenders and witnesses.", levels: E, answers: ["escalation", "verified-incident"] },
  { id: "humanitarian.refugee-support", instrument: "humanitarian", title: "Open borders and support host communities", description: "Keep borders open for those fleeing and fund neighbouring countries' reception of refugees.", levels: WE, answers: ["escalation"] },
  { id: "humanitarian.prepositioning", instrument: "humanitarian", title: "Contingency planning and pre-positioning", description: "Plan for displacement and pre-position relief supplies before violence peaks.", levels: WW, answers: ["structural-risk", "risk-rise"] },

  // Economic
  { id: "economic.targeted-sanctions", instrument: "economic", title: "Targeted sanctions", description: "Asset freezes and travel bans on the individuals and entities organising or financing violence.", levels: WE, answers: ["verified-incident", "speech-spike", "analyst-assessment"] },
  { id: "economic.aid-conditionality", instrument: "economic", title: "Aid conditionality and suspension", description: "Condition or suspend budget support and security assistance to the institutions implicated; keep humanitarian aid flowing.", levels: WE, answers: ["risk-rise", "verified-incident"] },
  { id: "economic.structural-support", instrument: "economic", title: "Long-term structural prevention", description: "Support inclusive institutions, rule of law and livelihoods in high-risk countries where no crisis has started yet.", levels: W, answers: ["structural-risk"] },
  { id: "economic.supply-chain", instrument: "economic", title: "Business and supply-chain pressure", description: "Ask companies to suspend dealings that finance perpetrators (heightened human-rights due diligence).", levels: WE, answers: ["verified-incident", "analyst-assessment"] },

  // Military and security
  { id: "military.arms-embargo", instrument: "military", title: "Arms embargo", description: "Stop transfers of weapons, munitions and surveillance equipment to the parties implicated.", levels: WE, answers: ["escalation", "verified-incident"] },
  { id: "military.security-sector-engagement", instrument: "military", title: "Military-to-military engagement", description: "Use existing security ties to press commanders on restraint and on the laws of war.", levels: WW, answers: ["risk-rise", "escalation"] },
  { id: "military.peacekeeping-mandate", instrument: "military", title: "Peace operation with a protection mandate", description: "Deploy or strengthen a peace operation whose mandate and rules of engagement allow it to protect civilians.", levels: E, answers: ["escalation", "verified-incident"] },
  { id: "military.monitoring-mission", instrument: "military", title: "Ceasefire or security monitoring mission", description: "Observers and remote monitoring (including satellite imagery) whose presence deters attacks.", levels: WE, answers: ["escalation"] },
  { id: "military.safe-areas", instrument: "military", title: "Protected zones and no-fly measures", description: "Last-resort coercive measures under Chapter VII, with the consent of the Security Council.", levels: E, answers: ["escalation", "verified-incident"] },

  // Information and media
  { id: "information.counter-speech", instrument: "information", title: "Counter-speech and credible voices", description: "Support local religious, community and media figures who contest dehumanising narratives in the same languages and channels.", levels: WWE, answers: ["speech-spike"] },
  { id: "information.media-monitoring", instrument: "information", title: "Media and online monitoring", description: "Monitor broadcast and social media for dangerous speech and rumours, and share findings with those who can act.", levels: WW, answers: ["speech-spike", "structural-risk"] },
  { id: "information.platform-engagement", instrument: "information", title: "Engage platforms to act on incitement", description: "Escalate dangerous content to social-media platforms' crisis channels and ask for language-specific moderation.", levels: WE, answers: ["speech-spike"] },
  { id: "information.independent-media", instrument: "information", title: "Support independent media and connectivity", description: "Protect journalists, counter network shutdowns and fund independent reporting from the affected areas.", levels: WWE, answers: ["verified-incident", "escalation"] },
  { id: "information.rumour-control", instrument: "information", title: "Rumour control and verified information", description: "Set up verified-information services that answer rumours quickly before they trigger violence.", levels: WE, answers: ["speech-spike", "escalation"] },
];

/** A response option failed validation. `field` names the offending field. */
export class ResponseOptionError extends Error {
  constructor(message: string, readonly field: string) {
    super(`${field}: ${message}`);
    this.name = "ResponseOptionError";
  }
}

/** True when `value` is an instrument. */
export function isInstrument(value: unknown): value is Instrument {
  return typeof value === "string" && (INSTRUMENTS as readonly string[]).includes(value);
}


/**
 * Checks an option's fields and returns it with levels and signal kinds de-duplicated and sorted
 * into their canonical order (so equal options compare equal).
 * @throws {ResponseOptionError} for an unknown instrument, level or signal kind, no level at all,
 *   the level "none", or an empty title
 */
export function validateOption(option: ResponseOption): ResponseOption {
  if (!isInstrument(option.instrument)) throw new ResponseOptionError(`unknown instrument "${String(option.instrument)}"`, "instrument");
  if (!option.title.trim()) throw new ResponseOptionError("must not be empty", "title");
  if (!option.levels.length) throw new ResponseOptionError("name at least one level", "levels");
  for (const [i, l] of option.levels.entries()) {
    if (!isAlertLevel(l) || l === "none") throw new ResponseOptionError(`"${String(l)}" is not one of ${RESPONSE_LEVELS.join(", ")}`, `levels[${i}]`);
  }
  for (const [i, k] of option.answers.entries()) {
    if (!isResponseSignalKind(k)) throw new ResponseOptionError(`"${String(k)}" is not one of ${RESPONSE_SIGNAL_KINDS.join(", ")}`, `answers[${i}]`);
  }
  return {
    ...option,
    levels: RESPONSE_LEVELS.filter((l) => option.levels.includes(l)),
    answers: RESPONSE_SIGNAL_KINDS.filter((k) => option.answers.includes(k)),
  };
}

/** The built-in option with this id, if any. */
export function builtinOption(id: string): ResponseOption | undefined {
  return BUILTIN_OPTIONS.find((o) => o.id === id);
}

/**
 * The response signal kinds behind an alert's stored signals. Each signal's string `kind` (or
 * `type`) is looked up exactly: an alert signal kind maps through the signal-kind registry
 * (`domain/alerts/signal-kinds.ts`), a response signal kind stands for itself. Anything else is
 * skipped — never guessed from words, so a kind the rules do not know (say `refugee-outflow-surge`)
 * is not silently read as an escalation.
 * @param signals the alert row's `signals` (untrusted JSON)
 * @returns distinct kinds, in canonical order
 */
export function signalKindsOf(signals: readonly unknown[]): ResponseSignalKind[] {
  const found = new Set<ResponseSignalKind>();
  for (const s of signals) {
    if (!s || typeof s !== "object") continue;
    const rec = s as Record<string, unknown>;
    const raw = typeof rec.kind === "string" ? rec.kind : typeof rec.type === "string" ? rec.type : undefined;
    if (isSignalKind(raw)) found.add(SIGNAL_KIND_REGISTRY[raw].response);
    else if (isResponseSignalKind(raw)) found.add(raw);
  }
  return RESPONSE_SIGNAL_KINDS.filter((k) => found.has(k));
}

/**
 * The built-in catalogue (read-only; an organisation may hide options it never uses), checked and
 * put in canonical order when the module loads, so a typo in the data fails at start-up.
 */
export const BUILTIN_OPTIONS: readonly ResponseOption[] = BUILTIN_SOURCE.map((o) => Object.freeze(validateOption(o)));
