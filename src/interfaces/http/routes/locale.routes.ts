import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DASHBOARD_LOCALES } from "../../../domain/i18n/languages.ts";
import { myLocale, setMyLocale } from "../../../services/user-locale.service.ts";
import { actorOf, authenticate, type ProtectionContext } from "../auth.ts";
import { securedErrorResponses } from "../errors.ts";

const MyLanguage = z.object({ locale: z.enum(DASHBOARD_LOCALES).nullable().describe("The user's language (BCP 47); null: the browser's") });

/** `GET`/`PATCH /api/me`: the signed-in user's own settings (today: the language of the dashboard and of alert messages). */
export const localeRoutes = (ctx: ProtectionContext): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx));

  app.get("/api/me", { schema: { tags: ["auth"], summary: "Your own settings: the language you chose", response: { 200: MyLanguage, ...securedErrorResponses } } }, async (request) => ({
    locale: (await myLocale(ctx.store, actorOf(request))) as z.infer<typeof MyLanguage>["locale"],
  }));

  app.patch(
    "/api/me",
    { schema: { tags: ["auth"], summary: "Set your language (dashboard, alert e-mails and inbox messages)", body: MyLanguage.strict(), response: { 200: MyLanguage, ...securedErrorResponses } } },
    async (request) => ({ locale: (await setMyLocale(ctx.store, actorOf(request), request.body.locale)) as z.infer<typeof MyLanguage>["locale"] }),
  );
};
