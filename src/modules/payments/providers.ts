/**
 * The payment providers, registered explicitly (STYLE §5). Configuration picks one by id
 * (PAYMENT_PROVIDER); demo providers are refused in production.
 */
import { createRegistry } from "../../platform/registry.js";
import type { PaymentProvider } from "./providers/types.js";
import { xbezahldiensteProvider, type XBezahldiensteOptions } from "./providers/xbezahldienste/client.js";

export interface ProviderSettings {
  provider: string;
  url: string | undefined;
  secret: string;
  originatorId: string;
  endpointId: string;
}

interface ProviderFactory {
  demo: boolean;
  create(opts: XBezahldiensteOptions): PaymentProvider;
}

export const paymentProviders = createRegistry<ProviderFactory>();
paymentProviders.register("xbezahldienste", { demo: false, create: (o) => xbezahldiensteProvider(o) });
// The sandbox speaks the same protocol; only its id and the demo flag differ.
paymentProviders.register("sandbox", { demo: true, create: (o) => xbezahldiensteProvider(o, { id: "sandbox", demo: true }) });

/** Builds the configured provider; throws with a German message when the configuration cannot work. */
export function createPaymentProvider(s: ProviderSettings, env: "production" | "development" | "test"): PaymentProvider {
  const factory = paymentProviders.get(s.provider);
  if (!factory) throw new Error(`PAYMENT_PROVIDER "${s.provider}" ist unbekannt (möglich: ${paymentProviders.ids().join(", ")}).`);
  if (factory.demo && env === "production") throw new Error(`Der Demo-Bezahldienst "${s.provider}" ist in Produktion nicht erlaubt.`);
  if (!s.url) throw new Error("PAYMENT_URL muss gesetzt sein.");
  if (s.secret.length < 32) throw new Error("PAYMENT_SECRET muss mindestens 32 Zeichen lang sein.");
  return factory.create({ url: s.url, secret: s.secret, originatorId: s.originatorId, endpointId: s.endpointId });
}
