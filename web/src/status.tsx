import { t } from "./i18n/i18n.ts";
import { errorText } from "./i18n/errors.ts";

/** Loading and error messages shared by the pages. `what` is already translated. */
export function Loading({ what }: { what: string }) {
  return <p className="status" role="status" aria-busy="true">{t("common.loading", { what })}</p>;
}

export function Failed({ what, error }: { what: string; error: Error }) {
  return <p className="status error" role="alert">{t("common.failed", { what, error: errorText(error) })}</p>;
}
