import { useEffect, useState } from "react";
import { differenceParts } from "../alerts/explain.ts";
import { Parts } from "../alerts/explanation.tsx";
import { LEVEL_LABELS } from "../alerts/lib.ts";
import { t } from "../i18n/i18n.ts";
import { useMe } from "../session.ts";
import { cooperationApi, type OrgAlert, type OrgCountryAlert } from "./client.ts";
import { ShareButton } from "./share-form.tsx";

/**
 * The signed-in organisation's own level of a country beside the public one, with the difference
 * explained, and (for analysts) a button to share the organisation's alert with partners. Renders
 * nothing (and asks the server nothing) for visitors who are not signed in.
 */
export function OwnLevelPanel({ iso3 }: { iso3: string }) {
  const me = useMe();
  const [data, setData] = useState<OrgCountryAlert | null>(null);
  const member = me?.kind === "user";
  useEffect(() => {
    if (!member) return;
    const abort = new AbortController();
    cooperationApi.orgCountryAlert(iso3, abort.signal).then(setData, () => setData(null));
    return () => abort.abort();
  }, [iso3, member]);
  if (!me || !member || !data) return null;
  const cur = data.current;
  const own = cur?.level ?? "none";
  const pub = cur?.publicLevel ?? "none";
  const canShare = (me.permissions ?? []).includes("share:write");
  return (
    <section aria-labelledby="own-level-h" className="own-level-panel">
      <h2 id="own-level-h">{t("ownLevel.title")}</h2>
      <p>
        <span data-testid="own-level">{t("ownLevel.yours")} <span className={`alert-badge alert-${own}`}>{LEVEL_LABELS[own]}</span></span>{" · "}
        <span data-testid="public-level">{t("ownLevel.public")} <span className={`alert-badge alert-${pub}`}>{LEVEL_LABELS[pub]}</span></span>
      </p>
      {/* The server explains the difference in English; it is rebuilt here in the reader's language (English only where it cannot be). */}
      <p className="note" data-testid="level-difference" dir="auto">{cur?.difference ? <Parts parts={differenceParts(cur) ?? []} /> : t("ownLevel.same")}</p>
      {canShare && cur ? <ShareButton itemType="alert" itemId={cur.id} label={t("share.thisAlert")} /> : null}
    </section>
  );
}

/**
 * The organisation's own levels by country (whole-country subjects), for the world table's
 * "Your organisation" column; empty (and no request) when not signed in.
 */
export function useOwnLevels(): Map<string, OrgAlert> {
  const me = useMe();
  const member = me?.kind === "user";
  const [levels, setLevels] = useState(() => new Map<string, OrgAlert>());
  useEffect(() => {
    if (!member) return;
    const abort = new AbortController();
    cooperationApi.orgAlerts(abort.signal).then((r) => setLevels(new Map(r.alerts.filter((a) => a.situation === "").map((a) => [a.iso3, a]))), () => undefined);
    return () => abort.abort();
  }, [member]);
  return levels;
}

/** One world-table cell: the organisation's level where it differs from the public one, with why as a tooltip. */
export function OwnLevelCell({ own }: { own: OrgAlert | undefined }) {
  if (!own || own.view === "public" || own.level === own.publicLevel) return <td><span className="note">{t("ownLevel.sameCell")}</span></td>;
  return (
    <td title={differenceText(own)}>
      <span className={`alert-badge alert-${own.level}`}>{LEVEL_LABELS[own.level]}</span>
      <span className="visually-hidden"> {t("ownLevel.differs")} <Parts parts={differenceParts(own) ?? []} /></span>
    </td>
  );
}

/** The difference as one plain string (a tooltip): translated where the renderer can, else the server's English. */
function differenceText(own: OrgAlert): string | undefined {
  return differenceParts(own)?.map((p) => p.text).join("") ?? undefined;
}
