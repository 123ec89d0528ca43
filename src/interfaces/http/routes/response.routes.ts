import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ALERT_LEVELS } from "../../../domain/alerts/level.ts";
import { MAX_LINKS } from "../../../domain/response/action.ts";
import { INSTRUMENTS, RESPONSE_LEVELS, RESPONSE_SIGNAL_KINDS } from "../../../domain/response/catalogue.ts";
import { ACTION_STATUSES } from "../../../domain/response/gap-metrics.ts";
import {
  acknowledgeAlert, alertResponse, createAction, createOption, deleteAction, getAction, listAcknowledgements, listActions, listCatalogue,
  responseGaps, responseSummaryForCountry, setBuiltinHidden, setReassessment, updateAction, updateOption,
} from "../../../services/response.service.ts";
import { actorOf, authenticate, type ProtectionContext } from "../auth.ts";
import { errorResponses, securedErrorResponses } from "../errors.ts";
import { Day, Iso3, Iso3Param, noNul, optionalText, text, Uuid, UuidParam } from "../schemas.ts";

const link = optionalText(2048).describe("http(s) URL");
const OptionId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,99}$/).describe("a built-in slug (diplomatic.envoy) or your option's UUID");

const Level = z.enum(ALERT_LEVELS);
const Instrument = z.enum(INSTRUMENTS);
const Kind = z.enum(RESPONSE_SIGNAL_KINDS);
const Status = z.enum(ACTION_STATUSES);
const CatalogueEntry = z
  .object({
    id: z.string(), instrument: Instrument, title: z.string(), description: z.string(), levels: z.array(Level).readonly(), answers: z.array(Kind).readonly(),
    origin: z.enum(["builtin", "organisation"]), hidden: z.boolean(), retired: z.boolean(),
  })
  .describe("ResponseOption");
const Person = z.object({ userId: z.string(), displayName: z.string().nullable() });
const Ack = z
  .object({ alertId: z.string(), acknowledgedAt: z.string().nullable(), acknowledgedBy: Person.nullable(), acknowledgements: z.array(Person.extend({ at: z.string() })) })
  .describe("Acknowledgement");
const Action = z
  .object({
    id: z.string(), alertId: z.string(), option: z.object({ id: z.string(), title: z.string(), instrument: Instrument.nullable() }).nullable(), description: z.string(),
    owner: Person.nullable(), deadline: z.string().nullable(), status: Status, outcome: z.string().nullable(), links: z.array(z.string()), overdue: z.boolean(),
    createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(),
  })
  .describe("ResponseAction");
const Recommendation = z
  .object({ option: z.object({ id: z.string(), instrument: Instrument, title: z.string(), description: z.string(), origin: z.enum(["builtin", "organisation"]) }), matched: z.array(Kind), reason: z.string() })
  .describe("Recommendation");
const AlertSummary = z
  .object({
    id: z.string(), countryIso3: z.string(), situation: z.string(), level: Level, levelLabel: z.string(), previousLevel: Level, explanation: z.string(),
    current: z.boolean(), createdAt: z.string(), signalKinds: z.array(Kind),
  })
  .describe("AlertSummary");
const Duration = z.object({ count: z.number(), medianHours: z.number().nullable(), meanHours: z.number().nullable() });
const Summary = z.object({
  alerts: z.number(), acknowledged: z.number(), timeToAcknowledge: Duration, timeToFirstAction: Duration,
  unanswered: z.array(z.object({ alertId: z.string(), countryIso3: z.string(), situation: z.string(), level: Level, since: z.string(), ageDays: z.number() })),
  overdueActions: z.array(z.object({ actionId: z.string(), alertId: z.string(), countryIso3: z.string(), deadline: z.string(), daysOverdue: z.number() })),
  reassessmentsDue: z.array(z.object({ alertId: z.string(), countryIso3: z.string(), situation: z.string(), reassessOn: z.string(), source: z.enum(["organisation", "alert"]) })),
});
const tags = ["response"];

const ActionBody = z
  .object({
    optionId: OptionId.nullable().optional(),
    description: optionalText(5000).optional(),
    ownerId: Uuid.nullable().optional(),
    deadline: Day.nullable().optional(),
    status: Status.optional(),
    outcome: optionalText(20_000).nullable().optional(),
    links: z.array(link).max(MAX_LINKS).optional(),
  })
  .strict();

/**
 * The warning→response loop: the response catalogue, acknowledgements, actions, reassessment
 * dates, the whole response to an alert, gap metrics, and a country's response summary.
 */
export const responseRoutes = (ctx: ProtectionContext): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx));

  app.get(
    "/api/response/catalogue",
    { schema: { tags, summary: "Response options by instrument: the built-ins for anyone, plus your organisation's own and which built-ins it hid", response: { 200: z.object({ options: z.array(CatalogueEntry) }), ...errorResponses } } },
    async (request) => ({ options: await listCatalogue(ctx, actorOf(request)) }),
  );

  app.post(
    "/api/response/catalogue",
    {
      schema: {
        tags,
        summary: "Add a response option to your organisation's catalogue (admins)",
        body: z.object({ instrument: Instrument, title: text(300), description: optionalText(5000).optional(), levels: z.array(z.enum(RESPONSE_LEVELS)).min(1).max(3), answers: z.array(Kind).max(RESPONSE_SIGNAL_KINDS.length).optional() }).strict(),
        response: { 201: CatalogueEntry, ...securedErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createOption(ctx, actorOf(request), request.body)),
  );

  app.patch(
    "/api/response/catalogue/:id",
    {
      schema: {
        tags,
        summary: "Edit or retire (retired: true) one of your organisation's options (admins); built-ins are read-only",
        params: z.object({ id: OptionId }),
        body: z
          .object({ instrument: Instrument.optional(), title: text(300).optional(), description: optionalText(5000).optional(), levels: z.array(z.enum(RESPONSE_LEVELS)).min(1).max(3).optional(), answers: z.array(Kind).max(RESPONSE_SIGNAL_KINDS.length).optional(), retired: z.boolean().optional() })
          .strict(),
        response: { 200: CatalogueEntry, ...securedErrorResponses },
      },
    },
    async (request) => updateOption(ctx, actorOf(request), request.params.id, request.body),
  );

  app.put(
    "/api/response/catalogue/:id/hidden",
    {
      schema: {
        tags,
        summary: "Hide a built-in option from your organisation's recommendations, or show it again (admins)",
        params: z.object({ id: OptionId }),
        body: z.object({ hidden: z.boolean() }).strict(),
        response: { 200: z.object({ optionId: z.string(), hidden: z.boolean(), changed: z.boolean() }), ...securedErrorResponses },
      },
    },
    async (request) => setBuiltinHidden(ctx, actorOf(request), request.params.id, request.body.hidden),
  );

  app.post(
    "/api/alerts/:id/acknowledge",
    { schema: { tags, summary: "Acknowledge an alert for your organisation (idempotent: the first time stays; each member is recorded once)", params: UuidParam, response: { 200: Ack.extend({ recorded: z.boolean() }), ...securedErrorResponses } } },
    async (request) => acknowledgeAlert(ctx, actorOf(request), request.params.id),
  );

  app.get(
    "/api/alerts/:id/acknowledgements",
    { schema: { tags, summary: "Who in your organisation acknowledged an alert, and when", params: UuidParam, response: { 200: Ack, ...securedErrorResponses } } },
    async (request) => listAcknowledgements(ctx, actorOf(request), request.params.id),
  );

  app.get(
    "/api/alerts/:id/actions",
    { schema: { tags, summary: "Your organisation's actions on an alert", params: UuidParam, response: { 200: z.object({ actions: z.array(Action) }), ...securedErrorResponses } } },
    async (request) => ({ actions: await listActions(ctx, actorOf(request), request.params.id) }),
  );

  app.post(
    "/api/alerts/:id/actions",
    {
      schema: {
        tags,
        summary: "Record an action on an alert: a catalogue option or free text, owner (default you), deadline, status, outcome, links",
        params: UuidParam,
        body: ActionBody,
        response: { 201: Action, ...securedErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createAction(ctx, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    "/api/actions/:id",
    { schema: { tags, summary: "One of your organisation's actions", params: UuidParam, response: { 200: Action, ...securedErrorResponses } } },
    async (request) => getAction(ctx, actorOf(request), request.params.id),
  );

  app.patch(
    "/api/actions/:id",
    { schema: { tags, summary: "Change an action (status, outcome, owner, deadline, links …)", params: UuidParam, body: ActionBody, response: { 200: Action, ...securedErrorResponses } } },
    async (request) => updateAction(ctx, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    "/api/actions/:id",
    { schema: { tags, summary: "Delete an action recorded by mistake (the audit log keeps that it existed)", params: UuidParam, response: { 204: z.null(), ...securedErrorResponses } } },
    async (request, reply) => {
      await deleteAction(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    "/api/alerts/:id/reassessment",
    {
      schema: {
        tags,
        summary: "Set your organisation's reassessment date for an alert",
        params: UuidParam,
        body: z.object({ reassessOn: Day }).strict(),
        response: { 200: z.object({ alertId: z.string(), reassessOn: z.string(), setBy: z.string(), setAt: z.string() }), ...securedErrorResponses },
      },
    },
    async (request) => setReassessment(ctx, actorOf(request), request.params.id, request.body.reassessOn),
  );

  app.get(
    "/api/alerts/:id/response",
    {
      schema: {
        tags,
        summary: "The response to an alert: recommended options with reasons, your organisation's acknowledgement, actions and reassessment date",
        params: UuidParam,
        response: {
          200: z.object({
            alert: AlertSummary, recommended: z.array(Recommendation), acknowledgement: Ack, actions: z.array(Action),
            reassessment: z.object({ reassessOn: z.string(), source: z.enum(["organisation", "alert"]), setBy: z.string().nullable(), setAt: z.string().nullable() }).nullable(),
          }),
          ...securedErrorResponses,
        },
      },
    },
    async (request) => alertResponse(ctx, actorOf(request), request.params.id),
  );

  app.get(
    "/api/response/gaps",
    {
      schema: {
        tags,
        summary: "Your organisation's response gaps, overall and per country: time to acknowledge and to first action, alerts at Warning or above without action after N days, overdue actions, due reassessments",
        querystring: z.object({ country: Iso3.optional(), days: z.coerce.number().int().min(0).max(3650).optional().describe("no-action threshold in days (default 7)") }).strict(),
        response: {
          200: z.object({ organisationId: z.string(), country: z.string().nullable(), asOf: z.string(), noActionDays: z.number(), overall: Summary, countries: z.array(Summary.extend({ countryIso3: z.string() })) }).describe("GapMetrics"),
          ...securedErrorResponses,
        },
      },
    },
    async (request) => responseGaps(ctx, actorOf(request), { country: request.query.country, days: request.query.days }),
  );

  app.get(
    "/api/countries/:iso3/response",
    {
      schema: {
        tags,
        summary: "A country's response summary: options recommended for its current alert (anyone) and your organisation's actions with their status (members with response:read)",
        params: Iso3Param,
        response: {
          200: z.object({
            iso3: z.string(), alert: AlertSummary.nullable(), recommended: z.array(Recommendation), actionsVisible: z.boolean(),
            actions: z.array(z.object({ option: z.string().nullable(), instrument: Instrument.nullable(), description: z.string(), status: Status, deadline: z.string().nullable(), overdue: z.boolean(), owner: z.string().nullable().optional() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => responseSummaryForCountry(ctx, actorOf(request), request.params.iso3),
  );
};
