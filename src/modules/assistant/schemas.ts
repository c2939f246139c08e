import { Type, type Static } from "@sinclair/typebox";

export const Link = Type.Object({
  kind: Type.Union([Type.Literal("source"), Type.Literal("form"), Type.Literal("appointment"), Type.Literal("office"), Type.Literal("handoff"), Type.Literal("case"), Type.Literal("login")]),
  label: Type.String(),
  url: Type.String({ description: "Absolute URL on the portal (or the service's external online service)" }),
});

export const TurnBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 500, description: "What the caller said (speech recognised as text) or typed; „0“ asks for a person", examples: ["hund anmelden"] }),
    conversation: Type.Optional(Type.String({ maxLength: 200, description: "The `conversation` token of the previous answer; without it (or with an unknown one) a new conversation starts" })),
    channel: Type.Optional(Type.Union([Type.Literal("phone"), Type.Literal("api")], { default: "api" })),
  },
  { additionalProperties: false },
);
export type TurnBody = Static<typeof TurnBody>;

export const TurnResponse = Type.Object({
  conversation: Type.String({ description: "Token of this conversation: send it with the next turn. Whoever holds it can continue the conversation; keep it to the call." }),
  reply: Type.Object({
    kind: Type.Union([Type.Literal("answer"), Type.Literal("ask_place"), Type.Literal("choose"), Type.Literal("unknown"), Type.Literal("handoff"), Type.Literal("greeting")], {
      description: "answer: service, office and links; ask_place: the assistant needs the municipality; choose: not sure, `options` numbered (say or press the number); unknown: no reliable answer (offer a person); handoff: the caller asked for a person",
    }),
    text: Type.String({ description: "Plain sentences without URLs, suitable for text-to-speech" }),
    links: Type.Array(Link),
    leikaKey: Type.Optional(Type.String()),
    place: Type.Optional(Type.Object({ ags: Type.String(), name: Type.String() })),
    options: Type.Optional(Type.Array(Type.Object({ n: Type.Integer(), leikaKey: Type.String(), title: Type.String() }))),
    asksPlace: Type.Optional(Type.Boolean({ description: "choose: the reply also asks for the municipality; answer e.g. \"2, Mühlacker\"" })),
    placeAnswers: Type.Optional(Type.Integer({ description: "with asksPlace: the option that the municipality alone answers" })),
  }),
});

export const HandoffBody = Type.Object(
  {
    question: Type.String({ minLength: 1, maxLength: 2000 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    phone: Type.Optional(Type.String({ maxLength: 40, description: "For a call back (digits, spaces, +, / and -)" })),
    conversation: Type.Optional(Type.String({ maxLength: 200 })),
    transcript: Type.Optional(Type.Boolean({ default: false, description: "Copy the conversation into the handoff (the caller agreed)" })),
    channel: Type.Optional(Type.Union([Type.Literal("phone"), Type.Literal("api")], { default: "api" })),
  },
  { additionalProperties: false },
);
export type HandoffBody = Static<typeof HandoffBody>;

export const HandoffResponse = Type.Object({ reference: Type.String({ description: "What the caller quotes, e.g. A-7K2M9QXD" }) });

export const PhoneTurnBody = Type.Object(
  {
    conversation: Type.Optional(Type.String({ maxLength: 200, description: "The `conversation` of the previous turn; none at the start of the call" })),
    text: Type.Optional(Type.String({ maxLength: 500, description: "What the caller said (the telephone system's speech recognition)" })),
    digits: Type.Optional(Type.String({ maxLength: 20, pattern: "^[0-9*#]*$", description: "Keys pressed (DTMF); they win over `text`" })),
    caller: Type.Optional(Type.String({ maxLength: 40, description: "The caller's number (for a call back); omit when withheld" })),
  },
  { additionalProperties: false },
);
export type PhoneTurnBody = Static<typeof PhoneTurnBody>;

export const PhoneTurnResponse = Type.Object({
  conversation: Type.String({ description: "Send it with the next turn of this call" }),
  kind: TurnResponse.properties.reply.properties.kind,
  say: Type.String({ description: "Everything to speak, including the key menu („Drücken Sie 1 für …“)" }),
  audio: Type.Optional(Type.String({ description: "URL of `say` as WAV (espeak-ng, German voice); absent when speech output is off (ASSISTANT_TTS=none)" })),
  keys: Type.Array(Type.Object({ key: Type.String(), label: Type.String() }), { description: "The keys that do something after this turn" }),
  links: Type.Array(Link),
  reference: Type.Optional(Type.String({ description: "The call back request created in this turn" })),
  hangup: Type.Boolean({ description: "True when the call can end after speaking" }),
  transfer: Type.Optional(Type.String({ description: "Put the call through to this extension or number after speaking (key 3 after the offer of a person, while the office is on duty; ASSISTANT_PHONE_TRANSFER)" })),
});

export const PhoneHttapiBody = Type.Object(
  {
    session_id: Type.Optional(Type.String({ maxLength: 100 })),
    exiting: Type.Optional(Type.String({ maxLength: 10 })),
    conversation: Type.Optional(Type.String({ maxLength: 200, description: "Our own param, sent back by FreeSWITCH" })),
    caller: Type.Optional(Type.String({ maxLength: 40, description: "Our own param, sent back by FreeSWITCH" })),
    "Caller-Caller-ID-Number": Type.Optional(Type.String({ maxLength: 40, description: "Channel data of the first request" })),
    digits: Type.Optional(Type.String({ maxLength: 20, description: "The keys collected by the last <playback name=\"digits\">" })),
    text: Type.Optional(Type.String({ maxLength: 500, description: "Recognised speech (from the telephone system's ASR)" })),
  },
  { additionalProperties: true },
);
export type PhoneHttapiBody = Static<typeof PhoneHttapiBody>;

export const SpeechQuery = Type.Object({ text: Type.String({ minLength: 1, maxLength: 3000 }), sig: Type.String({ pattern: "^[A-Za-z0-9_-]{43}$" }) }, { additionalProperties: false });
export type SpeechQuery = Static<typeof SpeechQuery>;
