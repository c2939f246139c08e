/*
 * The portal's service worker (source; bundled with esbuild into /sw.js, see ../assets.ts).
 * - precaches the offline page, the style sheets and the icons;
 * - pages are always fetched from the network (they carry personal data and are no-store); when the
 *   network is gone, the service pages viewed recently come from a small cache, everything else gets the
 *   offline page;
 * - shows Web Push notifications (generic text; the details only after login) and opens their link.
 */
import { precacheAndRoute, matchPrecache } from "workbox-precaching";
import { registerRoute, setCatchHandler, NavigationRoute } from "workbox-routing";
import { NetworkOnly, NetworkFirst, StaleWhileRevalidate } from "workbox-strategies";
import { ExpirationPlugin } from "workbox-expiration";

// Replaced at bundle time with [{ url, revision }].
precacheAndRoute(self.__WB_MANIFEST);

const SERVICES_CACHE = "kp-services";

// Public service descriptions viewed recently: network first, the last 20 kept for offline use.
registerRoute(
  ({ request, url }) => request.mode === "navigate" && /^\/leistungen\/[^/]+$/.test(url.pathname),
  new NetworkFirst({ cacheName: SERVICES_CACHE, networkTimeoutSeconds: 4, plugins: [new ExpirationPlugin({ maxEntries: 20, maxAgeSeconds: 14 * 86400 })] }),
);
// Every other page: network only (no-store pages are never cached); offline → the offline page.
registerRoute(new NavigationRoute(new NetworkOnly()));
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname.startsWith("/assets/"), new StaleWhileRevalidate({ cacheName: "kp-assets" }));

setCatchHandler(async ({ request }) => {
  if (request.destination === "document") return (await matchPrecache("/offline")) ?? Response.error();
  return Response.error();
});

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// Logout (pwa.js posts this on the logout form): forget everything cached while signed in.
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "logout") event.waitUntil(caches.delete(SERVICES_CACHE));
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
