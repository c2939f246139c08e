import type { FastifyInstance } from "fastify";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { isEmailAddress } from "../../platform/mail/address.js";
import { converse, ownConversation } from "./dialogue.js";
import { presentReply } from "./presenters.js";
import { listTurns } from "./queries.js";
import { handoffCreator } from "./commands/handoffCreator.js";
import { HandoffBody, HandoffResponse, TurnBody, TurnResponse } from "./schemas.js";

const tags = ["Assistent"];
const TURN_LIMIT = { rateLimit: { max: 60, timeWindow: 60_000 } };
const HANDOFF_LIMIT = { rateLimit: { max: 5, timeWindow: 60_000 } };
const PHONE = /^\+?[0-9][0-9 /-]{4,38}$/;

/** JSON API for a phone or voice front end: text in, text and links out; handoff to staff. No login (like the chat). */
export function assistantRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;

  app.post<{ Body: TurnBody }>(
    "/api/v1/assistant/turns",
    {
      config: TURN_LIMIT,
      schema: {
        tags,
        summary: "Eine Runde im Dialog mit dem Assistenten",
        description:
          "Text hinein (z. B. von der Spracherkennung einer Telefonanlage), Text und Links heraus. Die Antworten stammen nur aus dem Leistungskatalog, den Zuständigkeiten, Online-Anträgen und Terminen des Portals; jede Antwort nennt ihre Quelle. Fragt nach der Gemeinde, wenn die Zuständigkeit davon abhängt, und merkt sie sich im Gespräch.",
        body: TurnBody,
        response: { 200: TurnResponse, 400: Problem, 429: Problem },
      },
    },
    async (req) => {
      const { token, reply } = await converse(app, req, { token: req.body.conversation, text: req.body.text, channel: req.body.channel ?? "api" });
      return { conversation: token, reply: presentReply(reply, config.publicUrl) };
    },
  );

  app.post<{ Body: HandoffBody }>(
    "/api/v1/assistant/handoffs",
    {
      config: HANDOFF_LIMIT,
      schema: {
        tags,
        summary: "Frage an eine Mitarbeiterin oder einen Mitarbeiter (Rückruf oder Antwort per E-Mail)",
        description: "Legt die Frage in die Warteschlange des Servicezentrums. E-Mail-Adresse oder Telefonnummer ist nötig. Der Gesprächsverlauf wird nur mit `transcript: true` kopiert.",
        body: HandoffBody,
        response: { 201: HandoffResponse, 400: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const email = b.email?.trim() || null;
      const phone = b.phone?.trim() || null;
      const errors = [
        ...(email && !isEmailAddress(email) ? [{ path: "/email", message: req.t("validation.email") }] : []),
        ...(phone && !PHONE.test(phone) ? [{ path: "/phone", message: req.t("assistant.handoff.error.phone") }] : []),
        ...(!email && !phone ? [{ path: "/email", message: req.t("assistant.handoff.error.contact") }] : []),
        ...(!b.question.trim() ? [{ path: "/question", message: req.t("validation.required") }] : []),
      ];
      if (errors.length > 0) return sendProblem(reply, 400, errors[0]!.message, { type: "validation", errors });
      const conv = await ownConversation(app, b.conversation);
      const transcript = conv && b.transcript ? (await listTurns(db, conv.id)).map((t) => ({ role: t.role, text: t.text })) : [];
      const { reference } = await handoffCreator(
        { db, actor: req.actor(), requestId: req.id },
        { conversationId: conv?.id ?? null, channel: b.channel ?? "api", question: b.question.trim(), name: b.name?.trim() || null, email, phone, transcript },
      );
      return reply.code(201).send({ reference });
    },
  );
}
