/**
 * Sends a signed webhook: one HTTP POST, a time limit, redirects NOT followed (a redirect could
 * send the signed alert to an address nobody subscribed), only http(s). Any 2xx counts as
 * delivered; anything else is a failed attempt that the outbox retries.
 *
 * Guarded against server-side request forgery like the evidence archiver (`net/archive-fetch.ts`):
 * any member may subscribe a webhook, so without a guard a monitor could make the server POST to
 * its own loopback services, the cloud metadata address or the organisation's private network.
 * Only public addresses are connected to — a literal address is checked before connecting, a name
 * through the socket's own DNS lookup, which refuses it when ANY of its addresses is private, so a
 * name that resolves differently on a second look (DNS rebinding) cannot slip through — and each
 * request uses a fresh connection, so no pooled socket skips the check.
 * `TOCSIN_WEBHOOK_ALLOW_PRIVATE=1` lifts the address check (tests against 127.0.0.1 receivers, or a
 * deliberate intranet deployment); it is off by default.
 */
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { checkWebhookUrl, WebhookUrlError } from "../../domain/delivery/delivery.ts";
import type { SendResult, WebhookRequest } from "../../domain/delivery/delivery.ts";
import { guardedLookup, isPublicAddress } from "../net/archive-fetch.ts";

/** Options of the webhook sender. */
export interface WebhookSenderOptions {
  /** Longest a POST may take, connection included (default 10 s). */
  timeoutMs?: number;
  /** Allow loopback and private targets (default: `TOCSIN_WEBHOOK_ALLOW_PRIVATE=1`). */
  allowPrivate?: boolean;
}

/** Whether webhooks may target private addresses: `TOCSIN_WEBHOOK_ALLOW_PRIVATE=1` (off by default). */
export function privateWebhooksAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TOCSIN_WEBHOOK_ALLOW_PRIVATE === "1";
}

/**
 * Why a webhook host is refused before any connection, or null: a literal private or special
 * address, or a `localhost` name. Names are checked again on every send (their DNS answer).
 */
export function privateHostReason(url: string): string | null {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(host)) return isPublicAddress(host) ? null : "private or special address";
  const name = host.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost") ? "private or special address" : null;
}

/** The refusal a guarded lookup reports (its code is all a failure reason carries). */
class PrivateAddressError extends Error {
  readonly code = "EPRIVATE";
  constructor() {
    super("refused: the name resolves to a private or special address");
    this.name = "PrivateAddressError";
  }
}

/** The socket's lookup: refuses a name when any of its addresses is not public. */
const webhookLookup = guardedLookup(() => new PrivateAddressError());

function post(request: WebhookRequest, allowPrivate: boolean, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      url,
      {
        method: "POST", signal, agent: false,
        headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
        ...(allowPrivate ? {} : { lookup: webhookLookup }),
      },
      (res) => {
        // The body is not needed; discarding it frees the connection at once.
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(request.body);
  });
}

/**
 * Makes the webhook channel for the outbox worker.
 * @returns a function that never throws; failures come back as a short reason without the URL
 */
export function webhookSender(options: WebhookSenderOptions = {}): (request: WebhookRequest) => Promise<SendResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (request) => {
    const allowPrivate = options.allowPrivate ?? privateWebhooksAllowed();
    try {
      checkWebhookUrl(request.url);
    } catch (error) {
      if (error instanceof WebhookUrlError) return { ok: false, reason: "refused URL" };
      throw error;
    }
    if (!allowPrivate && privateHostReason(request.url)) return { ok: false, reason: "refused URL (private or special address)" };
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const status = await post(request, allowPrivate, signal);
      if (status >= 200 && status < 300) return { ok: true };
      return { ok: false, reason: status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}` };
    } catch (error) {
      const e = error as Error & { code?: string; cause?: { code?: string } };
      if (signal.aborted || e.name === "TimeoutError" || e.name === "AbortError") return { ok: false, reason: `timeout after ${timeoutMs} ms` };
      if (e instanceof PrivateAddressError || e.cause instanceof PrivateAddressError) return { ok: false, reason: "refused URL (resolves to a private or special address)" };
      // Only the error code: messages of network errors name hosts and addresses.
      return { ok: false, reason: `network error (${e.code ?? e.cause?.code ?? e.name})` };
    }
  };
}
