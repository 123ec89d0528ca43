/**
 * The Early Warning Project's yearly data: each vintage is a public GitHub repository named
 * `{year}-Statistical-Risk-Assessment` (the one `tocsin data pull ewp` pins is 2025). A pull asks the
 * GitHub contents API whether the next vintage's `3.Modeling` folder exists; when it does, the
 * country-year table (`prepared{year-1}predictors-*.csv`) is downloaded and imported with the same
 * importer as `tocsin import ewp`. The cursor keeps the vintage imported; 404 means "not yet".
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { configParser, type FeedConnector } from "./connector.ts";
import { FeedFetchError, FeedSchemaError } from "./feed-errors.ts";
import { fetchBytes, fetchWithRetry, safeUrl } from "./feed-http.ts";

const Config = z.object({
  apiBase: z.url().default("https://api.github.com"),
  owner: z.string().regex(/^[A-Za-z0-9-]+$/).default("EarlyWarningProject"),
  /** The vintage already in the store (default 2025, the one the mirror and `data pull ewp` carry). */
  currentVintage: z.int().min(2014).max(2100).default(2025),
}).strict();
export type EwpConfig = z.infer<typeof Config>;

export const ewpConnector: FeedConnector<EwpConfig> = {
  source: "ewp",
  description: "Early Warning Project yearly data: a new vintage noticed and imported",
  defaultSchedule: "0 4 * * 1",
  defaultRhythmMinutes: 400 * 24 * 60,
  credentialNames: [],
  parseConfig: configParser(Config),
  async pull(ctx) {
    const current = typeof ctx.cursor?.vintage === "number" ? ctx.cursor.vintage : ctx.config.currentVintage;
    const next = current + 1;
    const url = `${ctx.config.apiBase.replace(/\/$/, "")}/repos/${ctx.config.owner}/${next}-Statistical-Risk-Assessment/contents/3.Modeling`;
    const response = await fetchWithRetry(ctx.http, url, { headers: { accept: "application/vnd.github+json" } });
    if (response.status === 404) {
      await response.body?.cancel();
      return { output: { kind: "none", note: `no ${next} vintage yet` }, cursor: { vintage: current } };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FeedFetchError(`${safeUrl(url)}: HTTP ${response.status}`, response.status);
    }
    const listing = (await response.json().catch(() => null)) as Array<{ name?: unknown; download_url?: unknown }> | null;
    if (!Array.isArray(listing)) throw new FeedSchemaError(`changed format: ${safeUrl(url)} is not a folder listing`);
    const file = listing.find((f) => typeof f.name === "string" && /^prepared\d{4}predictors.*\.csv$/i.test(f.name) && typeof f.download_url === "string");
    if (!file) throw new FeedSchemaError(`changed format: the ${next} vintage has no prepared*predictors*.csv in 3.Modeling`);
    const { bytes } = await fetchBytes(ctx.http, file.download_url as string);
    const dir = await mkdtemp(join(tmpdir(), "tocsin-feed-"));
    const predictors = join(dir, file.name as string);
    await writeFile(predictors, bytes);
    return { output: { kind: "ewp", dir, predictors, vintage: next, origin: `ewp:${ctx.config.owner}/${next}-Statistical-Risk-Assessment` }, cursor: { vintage: next } };
  },
};
