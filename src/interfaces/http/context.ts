import type { CountryRegistry } from "../../domain/country/registry.ts";
import type { DetachedSignature } from "../../domain/signing/signature.ts";
import type { Store } from "../../infra/store/database.ts";
import type { ProtectionContext } from "./auth.ts";
import type { Db } from "../../infra/store/database.ts";
import type { AlertRow } from "../../infra/store/alert.repository.ts";
import type { SpeechAnalysisRunner } from "../../services/speech.service.ts";
import type { RateLimitSetting } from "./rate-limit.ts";

/** What the HTTP routes are given by the composition root (`src/app.ts`). */
export interface AppContext {
  store: Store;
  registry: CountryRegistry;
  version: string;
  health(): Promise<{ countries: number; countryYears: number }>;
  /** Identity, reports and evidence; their routes are registered only when present. */
  protection?: ProtectionContext;
  /** The instance's Ed25519 signing key (exchange bundles, `/api/instance/public-key`). */
  instanceKey?: () => { sign(data: Uint8Array): DetachedSignature; publicKeyPem: string; fingerprint: string };
  /** The key browsers seal offline-queued reports to (`/api/reports/queue-key`, `/api/reports/sealed`). */
  queueKey?: () => { kid: string; publicKey: string; open(sealed: { v: 1; kid: string; epk: string; iv: string; ct: string }, idempotencyKey: string): string };
  /** Called inside the transaction that records an alert level change (delivery enqueues there). */
  onLevelChange?: (tx: Db, alert: AlertRow) => Promise<void>;
  /** Where ingested speech is analysed (a worker pool); without it, in the server's thread. */
  speechAnalysis?: SpeechAnalysisRunner;
  /** Limits of the heavy endpoints; without them those endpoints are not limited. */
  rateLimits?: { speechIngest: RateLimitSetting; pdfBrief: RateLimitSetting };
}
