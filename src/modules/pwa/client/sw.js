/*
 * The portal's service worker (source; bundled with esbuild into /sw.js, see ../assets.ts).
 * - precaches the offline page, the style sheets and the icons;
 * - pages are always fetched from the network (they carry personal data and are no-store); when the
 *   network is gone, the service pages viewed recently come from a small cache, everything else gets the
 *   offline page;
 * - the person's own documents (receipts of applications, appointment pages with the check-in QR code) are
 *   kept in a separate cache while someone is signed in (pwa.js reports it on every page), so they open
 *   offline; that cache is deleted on logout and on the first page seen signed out;
 * - images of municipal news (/nachrichten/<id>/bild and …/bild/klein) are kept in a small cache of their own (stale while
 *   revalidate, 40 entries, 7 days); the news pages themselves stay network only like every other page;
 * - shows Web Push notifications (generic text; the details only after login) and opens their link.
 */
import { precacheAndRoute, matchPrecache } from "workbox-precaching";
import { registerRoute, setCatchHandler, NavigationRoute } from "workbox-routing";
import { NetworkOnly, NetworkFirst, StaleWhileRevalidate } from "workbox-strategies";
import { ExpirationPlugin } from "workbox-expiration";

// Replaced at bundle time with [{ url, revision }].
precacheAndRoute(self.__WB_MANIFEST);

const SERVICES_CACHE = "kp-services";
const PERSONAL_CACHE = "kp-personal";
// Exists while the person is signed in (kept as a cache, so it survives the worker being stopped).
const SIGNED_IN_FLAG = "kp-signed-in";
const NEWS_IMAGES_CACHE = "kp-news-images";
const NEWS_IMAGE = /^\/nachrichten\/[0-9a-f-]{36}\/bild(\/klein)?$/;
const PERSONAL = /^\/(antraege\/quittung\/[^/]+(\/pdf)?|termine\/buchung\/[^/]+(\/bestaetigt)?)$/;

async function forgetPersonal() {
  await Promise.all([caches.delete(PERSONAL_CACHE), caches.delete(SIGNED_IN_FLAG)]);
}

// Own documents: network first; stored only while signed in; offline the stored copy.
registerRoute(
  ({ request, url }) => request.method === "GET" && url.origin === self.location.origin && PERSONAL.test(url.pathname),
  async ({ request }) => {
    try {
      const res = await fetch(request);
      if (res.ok && (await caches.has(SIGNED_IN_FLAG))) await (await caches.open(PERSONAL_CACHE)).put(request, res.clone());
      return res;
    } catch (err) {
      const hit = (await caches.has(PERSONAL_CACHE)) ? await (await caches.open(PERSONAL_CACHE)).match(request) : undefined;
      if (hit) return hit;
      throw err;
    }
  },
);

// Public service descriptions viewed recently: network first, the last 20 kept for offline use.
registerRoute(
  ({ request, url }) => request.mode === "navigate" && /^\/leistungen\/[^/]+$/.test(url.pathname),
  new NetworkFirst({ cacheName: SERVICES_CACHE, networkTimeoutSeconds: 4, plugins: [new ExpirationPlugin({ maxEntries: 20, maxAgeSeconds: 14 * 86400 })] }),
);
// Every other page: network only (no-store pages are never cached); offline → the offline page.
registerRoute(new NavigationRoute(new NetworkOnly()));
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname.startsWith("/assets/"), new StaleWhileRevalidate({ cacheName: "kp-assets" }));
// Images of municipal news (public, the same for everyone): shown at once from the cache and refreshed in the
// background; only successful answers are kept, at most 40 for 7 days (a withdrawn item's image ages out).
registerRoute(
  ({ request, url }) => request.method === "GET" && url.origin === self.location.origin && NEWS_IMAGE.test(url.pathname),
  new StaleWhileRevalidate({ cacheName: NEWS_IMAGES_CACHE, plugins: [new ExpirationPlugin({ maxEntries: 40, maxAgeSeconds: 7 * 86400, purgeOnQuotaError: true })] }),
);

setCatchHandler(async ({ request }) => {
  if (request.destination === "document") return (await matchPrecache("/offline")) ?? Response.error();
  return Response.error();
});

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// From pwa.js: "session" on every page (signed in or not), "logout" on the logout form.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "session" && data.signedIn) event.waitUntil(caches.open(SIGNED_IN_FLAG));
  else if (data.type === "session" || data.type === "logout") event.waitUntil(forgetPersonal());
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: event.data ? event.data.text() : "" };
  }
  const title = data.title || "Kreisportal";
  event.waitUntil(self.registration.showNotification(title, { body: data.body || "", icon: "/pwa/icon-192.png", badge: "/pwa/icon-192.png", data: { url: data.url || "/" }, tag: data.tag }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (url.origin !== self.location.origin) return;
  event.waitUntil(self.clients.openWindow(url.href));
});
