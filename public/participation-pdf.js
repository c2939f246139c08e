// PDF viewer of the participation module (issue 18; page /beteiligung/<slug>/unterlagen/<id>/ansehen).
// PDF.js from /assets/pdfjs/ (pdfjs-dist in node_modules, same origin: the strict CSP holds, no eval) draws each
// page on a canvas with a text layer. Clicking a paragraph, selecting text or choosing a page ("Seite n wählen")
// points the link "Zu dieser Stelle Stellung nehmen" at the statement form with the document and the place
// ("Seite 2: „§ 3 …“") filled in. Pages are drawn when they come near the screen (IntersectionObserver); the zoom
// buttons lay the pages out again at 50–300 %. All texts come from data attributes (the message catalogues).
import * as pdfjs from "/assets/pdfjs/build/pdf.min.mjs";

const root = document.getElementById("pdf-viewer");
if (root) start(root);

function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

const clip = (s, n) => {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

async function start(root) {
  const d = root.dataset;
  const status = document.getElementById("pdf-choice");
  const link = document.getElementById("pdf-comment");
  document.documentElement.classList.add("kp-pdf-js");
  const loading = document.createElement("p");
  loading.className = "kern-body";
  loading.textContent = d.tLoading;
  root.append(loading);
  root.setAttribute("aria-busy", "true");
  let chosen;

  function choose(n, text, span) {
    const place = clip(text ? fill(d.tPlace, { n, text: clip(text, 150) }) : fill(d.tPage, { n }), 200);
    status.textContent = fill(d.tChosen, { place });
    link.href = `${d.form}&stelle=${encodeURIComponent(place)}`;
    link.textContent = d.tCommentHere;
    if (chosen) chosen.classList.remove("kp-pdf-chosen");
    chosen = span;
    if (span) span.classList.add("kp-pdf-chosen");
  }

  /** The clicked line: the span and its neighbours on the same baseline (a paragraph line of the PDF). */
  function lineOf(span) {
    const top = span.style.top;
    const parts = [...span.parentElement.children].filter((s) => s.tagName === "SPAN" && s.style.top === top);
    return parts.map((s) => s.textContent).join(" ");
  }

  const pending = new Map();
  const observer =
    "IntersectionObserver" in window
      ? new IntersectionObserver(
          (entries) => {
            for (const e of entries) {
              if (!e.isIntersecting || !pending.has(e.target)) continue;
              const draw = pending.get(e.target);
              pending.delete(e.target);
              observer.unobserve(e.target);
              draw().catch((err) => console.error(err));
            }
          },
          { rootMargin: "600px 0px" },
        )
      : undefined;
  function drawWhenVisible(section, draw) {
    if (!observer) return draw();
    pending.set(section, draw);
    observer.observe(section);
  }

  pdfjs.GlobalWorkerOptions.workerSrc = "/assets/pdfjs/build/pdf.worker.min.mjs";
  try {
    const pdf = await pdfjs.getDocument({ url: d.src, isEvalSupported: false, disableRange: true, disableStream: true, standardFontDataUrl: "/assets/pdfjs/standard_fonts/", cMapUrl: "/assets/pdfjs/cmaps/", cMapPacked: true }).promise;
    loading.remove();
    const fitWidth = Math.min(root.clientWidth || 800, 900);
    const pages = document.createElement("div");
    pages.className = "kp-pdf-pages";
    // Zoomed pages may be wider than the column: the region scrolls and takes the keyboard focus for that.
    pages.tabIndex = 0;
    pages.setAttribute("role", "region");
    pages.setAttribute("aria-label", d.tPages);
    let zoom = 1;
    const layout = async () => {
      const width = fitWidth * zoom;
      pending.clear();
      observer?.disconnect();
      pages.replaceChildren();
      for (let n = 1; n <= pdf.numPages; n++) {
        const page = await pdf.getPage(n);
        const scale = width / page.getViewport({ scale: 1 }).width;
        const viewport = page.getViewport({ scale });
        const section = document.createElement("section");
        section.className = "kp-pdf-page";
        section.setAttribute("aria-label", fill(d.tPageOf, { n, total: pdf.numPages }));
        const button = document.createElement("button");
        button.type = "button";
        button.className = "kern-btn kern-btn--tertiary";
        const label = document.createElement("span");
        label.className = "kern-label";
        label.textContent = fill(d.tChoosePage, { n });
        button.append(label);
        button.addEventListener("click", () => choose(n));
        const sheet = document.createElement("div");
        sheet.className = "kp-pdf-sheet";
        sheet.style.setProperty("--scale-factor", String(scale));
        sheet.style.width = `${Math.floor(viewport.width)}px`;
        sheet.style.height = `${Math.floor(viewport.height)}px`;
        const canvas = document.createElement("canvas");
        const ratio = window.devicePixelRatio || 1;
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        canvas.style.width = `${Math.floor(viewport.width)}px`;
        canvas.style.height = `${Math.floor(viewport.height)}px`;
        canvas.setAttribute("aria-hidden", "true");
        const text = document.createElement("div");
        text.className = "textLayer";
        sheet.append(canvas, text);
        section.append(button, sheet);
        pages.append(section);
        // Drawn when the page comes near the screen: a long document does not draw hundreds of canvases at once.
        drawWhenVisible(section, async () => {
          await page.render({ canvasContext: canvas.getContext("2d"), canvas, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null }).promise;
          await new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport }).render();
        });
        sheet.addEventListener("mouseup", (ev) => {
          const selected = String(window.getSelection() ?? "").trim();
          if (selected) return choose(n, selected);
          const span = ev.target instanceof HTMLElement && ev.target.tagName === "SPAN" && text.contains(ev.target) ? ev.target : undefined;
          choose(n, span ? lineOf(span) : "", span);
        });
      }
    };
    root.append(zoomControl(d, (z) => {
      zoom = z;
      return layout();
    }), pages);
    await layout();
    root.setAttribute("aria-busy", "false");
  } catch (err) {
    console.error(err);
    loading.remove();
    root.setAttribute("aria-busy", "false");
    const box = document.querySelector(".kp-pdf-error");
    if (box) box.hidden = false;
    document.documentElement.classList.remove("kp-pdf-js");
  }
}

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/** "Verkleinern", the zoom level (live region), "Vergrößern": native buttons, so keyboard and screen readers work. */
function zoomControl(d, apply) {
  const bar = document.createElement("div");
  bar.className = "kp-pdf-zoom";
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", d.tZoomLabel);
  let i = ZOOMS.indexOf(1);
  const level = document.createElement("span");
  level.className = "kern-body";
  level.setAttribute("aria-live", "polite");
  const make = (text, step) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "kern-btn kern-btn--secondary";
    const l = document.createElement("span");
    l.className = "kern-label";
    l.textContent = text;
    b.append(l);
    b.addEventListener("click", async () => {
      const next = Math.min(ZOOMS.length - 1, Math.max(0, i + step));
      if (next === i) return;
      i = next;
      update();
      await apply(ZOOMS[i]);
    });
    return b;
  };
  const out = make(d.tZoomOut, -1);
  const inn = make(d.tZoomIn, 1);
  const update = () => {
    level.textContent = fill(d.tZoom, { percent: Math.round(ZOOMS[i] * 100) });
    out.disabled = i === 0;
    inn.disabled = i === ZOOMS.length - 1;
  };
  update();
  bar.append(out, level, inn);
  return bar;
}
