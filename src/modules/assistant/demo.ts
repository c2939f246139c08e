import type { Db } from "../../platform/db/index.js";
import { systemContext } from "../../platform/commands.js";
import { handoffCreator } from "./commands/handoffCreator.js";

const DEMO_EMAIL = "assistent-demo@example.org";

/** Demo data: one open question in the staff queue (idempotent: skipped when it is there). */
export async function seedAssistantDemo({ db, log }: { db: Db; log: (message: string) => void }): Promise<void> {
  const existing = await db.selectFrom("assistant_handoffs").select("id").where("contact_email", "=", DEMO_EMAIL).executeTakeFirst();
  if (existing) return;
  const { reference } = await handoffCreator(systemContext(db), {
    conversationId: null,
    channel: "chat",
    question: "Ich ziehe nächsten Monat von Pforzheim nach Mühlacker. Muss ich meinen Hund neu anmelden, oder geht das mit der Ummeldung?",
    name: "Demo Bürgerin",
    email: DEMO_EMAIL,
    phone: null,
    transcript: [
      { role: "user", text: "hund ummelden umzug" },
      { role: "assistant", text: "Das klingt nach „Hundehaltung Anmeldung“. Wer zuständig ist, hängt vom Wohnort ab. In welcher Gemeinde wohnen Sie?" },
    ],
  });
  log(`assistant: demo question ${reference} in the staff queue`);
}
