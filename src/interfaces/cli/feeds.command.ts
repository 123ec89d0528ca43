import type { Command } from "commander";
import { createTocsin, type Tocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { FEED_SOURCES, type FeedSource } from "../../infra/feeds/connector.ts";
import { FEED_CONNECTORS } from "../../infra/feeds/registry.ts";
import {
  addFeed, cliOperator, listFeeds, removeFeed, runDueFeeds, runFeedNow, setFeedPaused, type FeedDeps, type FeedOperator, type FeedRunResult,
} from "../../services/feed.service.ts";
import { io, openTocsin } from "./io.ts";

/** Reads all of stdin (for `--credentials-stdin`). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of io().stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses `--set key=value` pairs (numbers, booleans and JSON arrays are decoded) over `--config`. */
function configFrom(opts: { config?: string; set?: string[] }): Record<string, unknown> {
  let config: Record<string, unknown> = {};
  if (opts.config) {
    try {
      config = JSON.parse(opts.config) as Record<string, unknown>;
    } catch (error) {
      throw new RangeError(`--config: not JSON (${(error as Error).message})`);
    }
    if (!config || typeof config !== "object" || Array.isArray(config)) throw new RangeError("--config: must be a JSON object");
  }
  for (const pair of opts.set ?? []) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw new RangeError(`--set: expected key=value, got "${pair}"`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    if (/^-?\d+(\.\d+)?$/.test(raw) && !/^\d{4}-/.test(raw) && key !== "version" && key !== "country") value = Number(raw);
    else if (raw === "true" || raw === "false") value = raw === "true";
    else if (raw.startsWith("[")) value = JSON.parse(raw);
    config[key] = value;
  }
  return config;
}

async function withFeeds<T>(as: string | undefined, work: (deps: FeedDeps, op: FeedOperator, tocsin: Tocsin) => Promise<T>): Promise<T> {
  const tocsin = await openTocsin();
  try {
    const deps: FeedDeps = { store: tocsin.store, registry: tocsin.registry, keyring: tocsin.context.protection!.keyring, onLevelChange: tocsin.context.onLevelChange };
    return await work(deps, await cliOperator(tocsin.store, as), tocsin);
  } finally {
    await tocsin.close();
  }
}

function printRun(r: FeedRunResult): void {
  io().stdout.write(`${JSON.stringify(r)}\n`);
  io().stderr.write(`${r.name} (${r.source}): ${r.status}${r.error ? ` — ${r.error}` : ""}${r.note ? ` — ${r.note}` : ""}; ${r.rowsAdded} added, ${r.rowsUpdated} updated${r.countries.length ? `; levels recomputed for ${r.countries.length} countries (${r.levelChanges} change(s))` : ""}\n`);
}

/** `tocsin feeds …`: live feeds (GDELT, UCDP GED, ACLED, news feeds, EWP). */
export function registerFeedsCommands(program: Command): void {
  const group = program.command("feeds").description("live feeds from GDELT, UCDP GED, ACLED, RSS/Atom/JSON Feed and EWP (see docs/feeds.md)");
  const asOption = ["--as <email>", "act as this admin (needed when the store has several organisations)"] as const;

  group
    .command("add")
    .description(`add a feed; sources: ${FEED_SOURCES.map((s) => `${s} (${FEED_CONNECTORS[s].description})`).join("; ")}`)
    .argument("<name>", "a name for the feed, unique in the organisation")
    .requiredOption("--source <source>", FEED_SOURCES.join(" | "))
    .option("--schedule <schedule>", "5-field cron (UTC) or 'every N minutes' (default: the source's)")
    .option("--config <json>", "the source's settings as a JSON object")
    .option("--set <key=value...>", "one setting (repeatable), e.g. --set url=https://… --set country=MM")
    .option("--credentials-stdin", "read the credentials as a JSON object from standard input (e.g. {\"token\":\"…\"}); they are encrypted and never shown")
    .option("--rhythm <minutes>", "expected rhythm: silence longer than this flags the feed stale")
    .option(...asOption)
    .action(async (name: string, opts: { source: string; schedule?: string; config?: string; set?: string[]; credentialsStdin?: boolean; rhythm?: string; as?: string }) => {
      if (!FEED_SOURCES.includes(opts.source as FeedSource)) throw new RangeError(`--source must be one of ${FEED_SOURCES.join(", ")}, got "${opts.source}"`);
      const config = configFrom(opts);
      let credentials: Record<string, string> | undefined;
      if (opts.credentialsStdin) {
        try {
          credentials = JSON.parse(await readStdin()) as Record<string, string>;
        } catch (error) {
          throw new RangeError(`--credentials-stdin: standard input is not a JSON object (${(error as Error).message})`);
        }
      }
      const rhythm = opts.rhythm === undefined ? undefined : Number(opts.rhythm);
      if (rhythm !== undefined && !(Number.isInteger(rhythm) && rhythm > 0)) throw new RangeError(`--rhythm must be a whole number of minutes > 0, got "${opts.rhythm}"`);
      await withFeeds(opts.as, async (deps, op) => {
        const feed = await addFeed(deps, op, { name, source: opts.source as FeedSource, schedule: opts.schedule, config, credentials, expectedRhythmMinutes: rhythm });
        io().stdout.write(`${JSON.stringify(feed)}\n`);
      });
    });

  group
    .command("list")
    .description("the organisation's feeds with their health")
    .option("--json", "one JSON object per feed and line (name, source, schedule, lastSuccessAt, lastError, rowsAdded, …)")
    .option(...asOption)
    .action(async (opts: { json?: boolean; as?: string }) => {
      await withFeeds(opts.as, async (deps, op) => {
        for (const f of await listFeeds(deps, op)) {
          if (opts.json) {
            const { name, source, schedule, lastSuccessAt, lastError, rowsAdded, ...rest } = f;
            io().stdout.write(`${JSON.stringify({ name, source, schedule, lastSuccessAt, lastError, rowsAdded, ...rest })}\n`);
          } else {
            const state = f.paused ? `paused (${f.pausedReason})` : f.stale ? "STALE" : "ok";
            io().stdout.write(`${f.name.padEnd(24)} ${f.source.padEnd(13)} ${f.schedule.padEnd(16)} ${state.padEnd(8)} last success ${f.lastSuccessAt ?? "never"}, ${f.rowsAdded} rows${f.lastError ? `, last error: ${f.lastError}` : ""}\n`);
          }
        }
      });
    });

  group
    .command("run")
    .description("run one feed now (by name or id), or with --due every feed whose schedule is due")
    .argument("[name]", "the feed")
    .option("--due", "run every due feed, as the job runner does")
    .option(...asOption)
    .action(async (name: string | undefined, opts: { due?: boolean; as?: string }) => {
      if (!name && !opts.due) throw new RangeError("give a feed name, or --due");
      await withFeeds(opts.as, async (deps, op) => {
        if (opts.due) {
          const r = await runDueFeeds(deps);
          for (const run of r.runs) printRun(run);
          if (r.stale.length) io().stderr.write(`${r.stale.length} feed(s) newly stale\n`);
        } else printRun(await runFeedNow(deps, op, name!));
      });
    });

  for (const [command, paused] of [["pause", true], ["resume", false]] as const) {
    group
      .command(command)
      .description(`${command} a feed (by name or id)`)
      .argument("<name>", "the feed")
      .option(...asOption)
      .action(async (name: string, opts: { as?: string }) => {
        await withFeeds(opts.as, async (deps, op) => io().stdout.write(`${JSON.stringify(await setFeedPaused(deps, op, name, paused))}\n`));
      });
  }

  group
    .command("remove")
    .description("remove a feed (by name or id); the rows it added stay")
    .argument("<name>", "the feed")
    .option(...asOption)
    .action(async (name: string, opts: { as?: string }) => {
      await withFeeds(opts.as, async (deps, op) => {
        await removeFeed(deps, op, name);
        io().stderr.write(`removed ${name}\n`);
      });
    });
}
