/**
 * Where webhook receivers may point (ADR 0077): staff enter the URL, so without a rule a receiver could reach
 * anything the portal's network reaches (SSRF). RECORDS_WEBHOOK_ALLOWED_HOSTS (comma-separated host names or
 * `*.suffix` patterns) is the operator's explicit list: when set, only those hosts, whatever they resolve to. When
 * unset in production, hosts whose addresses are loopback, link-local (cloud metadata 169.254.169.254), private,
 * unique-local, CGNAT or otherwise not public are refused — checked when a receiver is saved and again on the
 * resolved addresses at every delivery (the connection uses the address checked: DNS rebinding).
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import type { Config } from "../../platform/config.js";

export interface WebhookHostPolicy {
  /** Allowed host names or `*.suffix` patterns (lower case); undefined = no list. */
  allowedHosts: string[] | undefined;
  /** Refuse receivers whose addresses are not public (production without a list). */
  refuseInternal: boolean;
  /** Name resolution (all addresses); tests inject one to simulate DNS rebinding. */
  resolve?: (host: string) => Promise<string[]>;
}

export const webhookHostPolicy = (config: Config, resolve?: WebhookHostPolicy["resolve"]): WebhookHostPolicy => ({
  allowedHosts: config.records.webhookAllowedHosts,
  refuseInternal: config.env === "production" && !config.records.webhookAllowedHosts,
  ...(resolve ? { resolve } : {}),
});

/** The URL's host as compared with the list: lower case, IPv6 without brackets. */
const hostOf = (u: URL) => u.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");

export function hostAllowed(host: string, patterns: string[]): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  return patterns.some((p) => {
    const q = p.replace(/^\[(.*)\]$/, "$1");
    return q.startsWith("*.") ? h.endsWith(q.slice(1)) && h.length > q.length - 1 : h === q;
  });
}

const internal = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // CGNAT (Alibaba's metadata service: 100.100.100.200)
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  internal.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local (AWS metadata fd00:ec2::254)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["64:ff9b::", 96], // NAT64 of any IPv4 address
] as const)
  internal.addSubnet(net, bits, "ipv6");

/** True for an address the portal must not send to without an explicit allow-list (loopback, private, link-local …). */
export function isInternalAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) return internal.check(address, "ipv4");
  if (kind !== 6) return true;
  // IPv4-mapped/compatible IPv6 (::ffff:127.0.0.1, ::ffff:7f00:1) is checked as the IPv4 address.
  const mapped = /^::(ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address) ?? null;
  if (mapped) return internal.check(mapped[2]!, "ipv4");
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const n = (parseInt(hex[1]!, 16) << 16) | parseInt(hex[2]!, 16);
    return internal.check([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join("."), "ipv4");
  }
  return internal.check(address, "ipv6");
}

const systemResolve = (host: string) =>
  new Promise<string[]>((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addrs: LookupAddress[]) => (err ? reject(err) : resolve(addrs.map((a) => a.address)))));

export type HostRefusal = "invalid" | "notAllowed" | "internal" | "unresolvable";

/**
 * Why a receiver URL is refused under the policy, or undefined. With refuseInternal the host is resolved and
 * every address must be public; `addresses` returns them (the delivery connects to the first one).
 */
export async function webhookUrlRefusal(url: string, policy: WebhookHostPolicy): Promise<{ refusal: HostRefusal } | { refusal: undefined; addresses?: string[] }> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { refusal: "invalid" };
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return { refusal: "invalid" };
  const host = hostOf(u);
  if (policy.allowedHosts) return hostAllowed(host, policy.allowedHosts) ? { refusal: undefined } : { refusal: "notAllowed" };
  if (!policy.refuseInternal) return { refusal: undefined };
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(host);
    } catch {
      return { refusal: "unresolvable" };
    }
  }
  if (!addresses.length) return { refusal: "unresolvable" };
  return addresses.some(isInternalAddress) ? { refusal: "internal" } : { refusal: undefined, addresses };
}

/** German reason of a refusal, for the delivery's last_error (staff read it in the dead letters). */
export const refusalText: Record<HostRefusal, string> = {
  invalid: "Adresse ungültig",
  notAllowed: "Host nicht in RECORDS_WEBHOOK_ALLOWED_HOSTS",
  internal: "Adresse im internen Netz (nicht erlaubt)",
  unresolvable: "Host nicht auflösbar",
};
