/**
 * Confirming dangerous-speech spikes (issue 14 point 8). Spikes come from texts monitors feed in;
 * a monitor of one organisation must not be able to raise a level that others (and the public)
 * see. So a spike moves only the feeding organisation's own view until an analyst confirms it;
 * confirmed spikes join the public signals (`alert-level.service.ts`). Confirming is audited.
 */
import { randomUUID } from "node:crypto";
import { authorize, type Actor } from "../domain/identity/permissions.ts";
import type { SpeechAlert } from "../domain/speech/trends.ts";
import type { Store } from "../infra/store/database.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { SpeechConfirmationRepository } from "../infra/store/speech-confirmation.repository.ts";
import { actorLabel, recordAudit } from "./audit.service.ts";
import { InvalidInputError } from "./auth.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";
import { speechAlerts } from "./speech.service.ts";

/** The identity of a spike: country, week, dimension and key. */
export function spikeKey(a: Pick<SpeechAlert, "country" | "period" | "dimension" | "key">): string {
  return `${a.country}|${a.period}|${a.dimension}|${a.key}`;
}

/** Keys ({@link spikeKey}) of every confirmed spike (system context). */
export async function confirmedSpikeKeys(store: Store): Promise<Set<string>> {
  const rows = await new SpeechConfirmationRepository(store.db).all();
  return new Set(rows.map((r) => spikeKey({ country: r.countryIso3, period: r.period, dimension: r.dimension as SpeechAlert["dimension"], key: r.key })));
}

/** What an analyst confirms. */
export interface SpikeConfirmationInput {
  country: string;
  /** First day of the spike's week, `YYYY-MM-DD`. */
  period: string;
  dimension: SpeechAlert["dimension"];
  key: string;
  /** Why the analyst believes the spike is real (required, audited). */
  note: string;
}

/** A confirmation as the API shows it. */
export interface SpikeConfirmationView {
  id: string;
  country: string;
  period: string;
  dimension: string;
  key: string;
  note: string;
  confirmedAt: string;
}

/**
 * Confirms a spike that the stored texts show now (weekly, default thresholds), so it moves the
 * public level at the next computation. Audited under the analyst's organisation.
 * @throws {ForbiddenError} without `speech:confirm`
 * @throws {InvalidInputError} (field `note`) for a blank note
 * @throws {NotFoundError} when no such spike is detected
 * @throws {ConflictError} when it was confirmed already
 */
export async function confirmSpeechSpike(deps: { store: Store; now?: () => Date }, actor: Actor, input: SpikeConfirmationInput): Promise<SpikeConfirmationView> {
  authorize(actor, "speech:confirm");
  if (actor.kind !== "user") throw new InvalidInputError("confirming needs a signed-in analyst", "actor");
  if (!input.note.trim()) throw new InvalidInputError("a confirmation needs a note", "note");
  const now = deps.now?.() ?? new Date();
  const country = input.country.toUpperCase();
  const spikes = await speechAlerts(deps.store, { country, period: "week" });
  const wanted = spikeKey({ ...input, country });
  const spike = spikes.find((a) => spikeKey(a) === wanted);
  if (!spike) throw new NotFoundError("speech spike", wanted);
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const row = await new SpeechConfirmationRepository(tx).insert({
      id: randomUUID(), organisationId: actor.organisationId, countryIso3: country, period: spike.period, dimension: spike.dimension, key: spike.key,
      confirmedBy: actorLabel(actor), note: input.note.trim(), createdAt: now,
    });
    if (!row) throw new ConflictError(`the spike ${wanted} is already confirmed`);
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "speech.spike-confirmed", entity: "speech_spike_confirmation", entityId: row.id, row, details: { country, period: spike.period, dimension: spike.dimension, z: spike.z }, at: now });
    return { id: row.id, country, period: row.period, dimension: row.dimension, key: row.key, note: row.note, confirmedAt: now.toISOString() };
  });
}
