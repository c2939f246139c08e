import { Type, type Static } from "@sinclair/typebox";
import { agsSchema, leikaKeySchema } from "../../platform/keys.js";

export const CaseXBauParams = Type.Object({ id: Type.String({ format: "uuid" }) });
export type CaseXBauParams = Static<typeof CaseXBauParams>;
export const CaseXBauMessageParams = Type.Object({ id: Type.String({ format: "uuid" }), messageId: Type.String({ format: "uuid" }) });
export type CaseXBauMessageParams = Static<typeof CaseXBauMessageParams>;

const Problem = Type.Object({ message: Type.String(), line: Type.Union([Type.Integer(), Type.Null()]), path: Type.Union([Type.String(), Type.Null()]) });

export const XBauMessageList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String({ format: "uuid" }),
      type: Type.String({ description: "XBau-Nachrichtentyp (Codeliste xbau-nachrichten 4.0), z. B. 0200" }),
      messageUuid: Type.String({ format: "uuid", description: "nachrichtenUUID im Nachrichtenkopf" }),
      direction: Type.Union([Type.Literal("outgoing"), Type.Literal("incoming")]),
      status: Type.Union([Type.Literal("valid"), Type.Literal("invalid")], { description: "invalid: gegen XBau 2.6 (XSD) oder die Codelisten fehlerhaft – nie versendet" }),
      errors: Type.Array(Problem),
      createdAt: Type.String({ format: "date-time" }),
      href: Type.String({ description: "Download der Nachricht (XML)" }),
    }),
  ),
});

export const RoutesQuery = Type.Object({
  leikaKey: leikaKeySchema({ description: "Leistungsschlüssel (LeiKa), 14-stellig" }),
  ags: agsSchema({ description: "Amtlicher Gemeindeschlüssel, 8-stellig" }),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});
export type RoutesQuery = Static<typeof RoutesQuery>;

export const RouteResult = Type.Object({
  count: Type.Integer(),
  offset: Type.Integer(),
  totalCount: Type.Integer(),
  routes: Type.Array(
    Type.Object({
      destinationId: Type.String({ format: "uuid" }),
      destinationName: Type.String(),
      destinationParameters: Type.Object({
        encryptionKid: Type.String(),
        publicKeys: Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) }),
        status: Type.String(),
        submissionUrl: Type.String(),
        submissionSchemas: Type.Array(Type.Object({ schemaUri: Type.String(), mimeType: Type.String() })),
        replyChannels: Type.Record(Type.String(), Type.Unknown()),
      }),
    }),
  ),
});
