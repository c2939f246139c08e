import type { Reply } from "./engine.js";
import type { ReplyLink } from "./db.js";

/** Relative links made absolute for clients outside the browser (the phone system sends them by SMS or mail). */
export function absoluteLinks(links: readonly ReplyLink[], publicUrl: string): ReplyLink[] {
  return links.map((l) => ({ ...l, url: /^https?:\/\//.test(l.url) ? l.url : new URL(l.url, publicUrl).toString() }));
}

/** A reply as the JSON API returns it. */
export function presentReply(reply: Reply, publicUrl: string) {
  return {
    kind: reply.kind,
    text: reply.text,
    links: absoluteLinks(reply.links, publicUrl),
    ...(reply.leikaKey ? { leikaKey: reply.leikaKey } : {}),
    ...(reply.place ? { place: reply.place } : {}),
    ...(reply.options ? { options: reply.options } : {}),
    ...(reply.asksPlace ? { asksPlace: true } : {}),
    ...(reply.placeAnswers ? { placeAnswers: reply.placeAnswers } : {}),
  };
}
