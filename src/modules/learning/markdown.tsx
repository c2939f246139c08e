/**
 * The Markdown of course texts as Preact elements: headings (# → h2, ## → h3, the page has its h1),
 * paragraphs, "- " lists, **bold** and *emphasis*, and images of the lesson (`![alternative](bild-1.jpg)` on a line
 * of its own). Text only: HTML in the Markdown stays text.
 */
import type { ComponentChildren } from "preact";
import { IMAGE_LINE } from "./courses.js";

/** Where an image of the lesson is served, with its size; undefined: not in this version. */
export type ImageResolver = (file: string) => { src: string; width: number; height: number } | undefined;

function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  const re = /\*\*([^*]+)\*\*|\*([^*]+)\*/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(m[1] !== undefined ? <strong>{m[1]}</strong> : <em>{m[2]}</em>);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ source, image }: { source: string; image?: ImageResolver }) {
  const blocks: ComponentChildren[] = [];
  const lines = source.replace(/\r/g, "").split("\n");
  let para: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (para.length) blocks.push(<p class="kern-body">{inline(para.join(" "))}</p>);
    if (list.length)
      blocks.push(
        <ul class="kern-list">
          {list.map((i) => (
            <li>{inline(i)}</li>
          ))}
        </ul>,
      );
    para = [];
    list = [];
  };
  for (const line of lines) {
    const h = /^(#{1,3})\s+(.*)$/.exec(line);
    const img = IMAGE_LINE.exec(line.trim());
    if (img) {
      // An image on a line of its own; unknown ones stay text (the check before publishing reports them).
      flush();
      const found = image?.(img[2]!);
      blocks.push(found ? <p class="kern-body"><img class="kp-learning-image" src={found.src} alt={img[1]!} width={found.width} height={found.height} /></p> : <p class="kern-body">{line}</p>);
    } else if (h) {
      flush();
      const level = h[1]!.length;
      blocks.push(level === 1 ? <h2 class="kern-heading-medium">{inline(h[2]!)}</h2> : <h3 class="kern-heading-small">{inline(h[2]!)}</h3>);
    } else if (/^[-*]\s+/.test(line)) {
      if (para.length) {
        const p = para;
        para = [];
        blocks.push(<p class="kern-body">{inline(p.join(" "))}</p>);
      }
      list.push(line.replace(/^[-*]\s+/, ""));
    } else if (line.trim() === "") flush();
    else {
      if (list.length) flush();
      para.push(line.trim());
    }
  }
  flush();
  return <>{blocks}</>;
}
