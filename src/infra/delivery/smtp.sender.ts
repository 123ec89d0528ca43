/**
 * Sends alert e-mails over SMTP with nodemailer. Settings come from `TOCSIN_SMTP_URL`
 * (`smtp://user:pass@host:587`, `smtps://…` for implicit TLS; nodemailer's URL options such as
 * `?tls.rejectUnauthorized=false` apply) and `TOCSIN_SMTP_FROM`. The delivery id becomes the
 * `Message-ID` and a `Tocsin-Delivery-Id` header, so a message re-sent after a crash can be
 * recognised as the same one.
 */
import nodemailer from "nodemailer";
import type { EmailRequest, SendResult } from "../../domain/delivery/delivery.ts";

/** SMTP settings. */
export interface SmtpSettings {
  url: string;
  from: string;
  /** Connection, greeting and socket time limits (default 10 s each). */
  timeoutMs?: number;
}

/** The SMTP settings from the environment, or null when `TOCSIN_SMTP_URL` is unset. */
export function smtpSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpSettings | null {
  const url = env.TOCSIN_SMTP_URL?.trim();
  if (!url) return null;
  if (!/^smtps?:\/\//.test(url)) throw new RangeError("TOCSIN_SMTP_URL must start with smtp:// or smtps://");
  return { url, from: env.TOCSIN_SMTP_FROM?.trim() || "Tocsin alerts <alerts@localhost>" };
}

/** The e-mail channel and a `close` for shutdown. */
export interface SmtpSender {
  send: (message: EmailRequest) => Promise<SendResult>;
  close: () => void;
}

/**
 * Makes the e-mail channel (one pooled transport).
 * @returns a sender that never throws; failures come back as the SMTP code or error code only
 */
export function smtpSender(settings: SmtpSettings): SmtpSender {
  const timeout = settings.timeoutMs ?? 10_000;
  // Time limits: a hung server must not hold a claim until its lease runs out.
  const transport = nodemailer.createTransport({ url: settings.url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  return {
    async send(message) {
      try {
        await transport.sendMail({
          from: settings.from, to: message.to, subject: message.subject, text: message.text,
          messageId: `<${message.deliveryId}@tocsin.invalid>`, headers: { "Tocsin-Delivery-Id": message.deliveryId },
        });
        return { ok: true };
      } catch (error) {
        // SMTP replies often quote the recipient's address: keep only the codes.
        const e = error as Error & { responseCode?: number; code?: string };
        return { ok: false, reason: e.responseCode ? `SMTP ${e.responseCode}` : `SMTP error (${e.code ?? e.name})` };
      }
    },
    close: () => transport.close(),
  };
}
