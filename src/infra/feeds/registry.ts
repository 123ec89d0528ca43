/**
 * The connector registry: one entry per feed source. A new source is one file under
 * `src/infra/feeds/` and one line here (the `Record` makes a missing one a type error).
 */
import { acledConnector } from "./acled.feed.ts";
import type { FeedConnector, FeedSource } from "./connector.ts";
import { ewpConnector } from "./ewp.feed.ts";
import { gdeltConnector } from "./gdelt.feed.ts";
import { newsConnector } from "./news.feed.ts";
import { ucdpApiConnector, ucdpCsvConnector } from "./ucdp.feed.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each connector has its own config type
export const FEED_CONNECTORS: Readonly<Record<FeedSource, FeedConnector<any>>> = {
  gdelt: gdeltConnector,
  rss: newsConnector,
  "ucdp-ged-api": ucdpApiConnector,
  "ucdp-ged-csv": ucdpCsvConnector,
  acled: acledConnector,
  ewp: ewpConnector,
};
