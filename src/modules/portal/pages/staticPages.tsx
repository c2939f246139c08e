import type { ViewContext } from "../../../platform/views/context.js";
import { PageHeading } from "../../../platform/views/components.js";
import { OfficeCard, type Office } from "../../responsibility/index.js";

/**
 * Legal and information pages. Texts are the operator's to adapt (see docs/OPERATIONS.md);
 * they name the county from configuration.
 */
export function ImprintPage({ ctx, authority }: { ctx: ViewContext; authority: Office | undefined }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("portal.imprint.title")}</PageHeading>
      <h2 class="kern-heading-medium">{t("portal.imprint.provider")}</h2>
      <p class="kern-body">{t("portal.imprint.providerText", { name: authority?.name ?? `Landratsamt ${ctx.countyName}` })}</p>
      <h2 class="kern-heading-medium">{t("portal.imprint.contact")}</h2>
      {authority ? <OfficeCard ctx={ctx} office={authority} headingLevel={3} /> : <p class="kern-body">{t("portal.imprint.contactMissing")}</p>}
      <h2 class="kern-heading-medium">{t("portal.imprint.software")}</h2>
      <p class="kern-body">{t("portal.imprint.softwareText")}</p>
    </div>
  );
}

export function PrivacyPage({ ctx }: { ctx: ViewContext }) {
  if (ctx.locale === "en") {
    return (
      <div class="kern-stack">
        <PageHeading>{ctx.t("portal.privacy.title")}</PageHeading>
        <p class="kern-body">The county office {ctx.countyName} processes personal data in this portal only to provide the administrative services you request (Art. 6(1)(c) and (e) GDPR).</p>
        <h2 class="kern-heading-medium">Cookies</h2>
        <p class="kern-body">We set only technically necessary cookies: a session cookie when you log in, a security cookie against forged form submissions, your language choice and the town or municipality you chose on the start page. There is no tracking and no third-party content.</p>
        <h2 class="kern-heading-medium">Your rights</h2>
        <p class="kern-body">You have the right to access, rectification, erasure, restriction of processing and objection, and the right to lodge a complaint with the data protection supervisory authority of Baden-Württemberg.</p>
      </div>
    );
  }
  return (
    <div class="kern-stack">
      <PageHeading>{ctx.t("portal.privacy.title")}</PageHeading>
      <p class="kern-body">
        Das Landratsamt {ctx.countyName} verarbeitet in diesem Portal personenbezogene Daten nur, um die von Ihnen gewünschten Verwaltungsleistungen zu erbringen (Art. 6 Abs. 1 lit. c und e DSGVO in Verbindung mit den jeweiligen Fachgesetzen).
      </p>
      <h2 class="kern-heading-medium">Welche Daten wir speichern</h2>
      <ul class="kern-list kern-list--bullet">
        <li>Bei einem Konto: E-Mail-Adresse, Name, ein Prüfwert Ihres Passworts (nicht das Passwort selbst).</li>
        <li>Bei Anträgen: Ihre Angaben im Antrag und hochgeladene Unterlagen, so lange es die Aufbewahrungsfristen verlangen.</li>
        <li>Sicherheitsprotokolle: Anmeldungen und fehlgeschlagene Anmeldeversuche, ohne Inhalte Ihrer Anträge.</li>
      </ul>
      <h2 class="kern-heading-medium">Cookies</h2>
      <p class="kern-body">
        Wir setzen nur technisch notwendige Cookies: ein Sitzungs-Cookie, wenn Sie angemeldet sind, ein Sicherheits-Cookie gegen gefälschte Formularübermittlungen Ihre Sprachwahl und die Stadt oder Gemeinde, die Sie auf der Startseite gewählt haben. Es gibt kein Tracking und keine Inhalte von Dritten.
      </p>
      <h2 class="kern-heading-medium">Ihre Rechte</h2>
      <p class="kern-body">
        Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung und Widerspruch sowie das Recht auf Beschwerde beim Landesbeauftragten für den Datenschutz und die Informationsfreiheit Baden-Württemberg.
      </p>
    </div>
  );
}

export function AccessibilityPage({ ctx }: { ctx: ViewContext }) {
  const en = ctx.locale === "en";
  return (
    <div class="kern-stack">
      <PageHeading>{ctx.t("portal.accessibility.title")}</PageHeading>
      <p class="kern-body">
        {en
          ? `The county office ${ctx.countyName} aims to make this portal accessible in accordance with the Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) and WCAG 2.1 level AA.`
          : `Das Landratsamt ${ctx.countyName} ist bemüht, dieses Portal im Einklang mit der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) und den WCAG 2.1 auf Stufe AA barrierefrei zugänglich zu machen.`}
      </p>
      <h2 class="kern-heading-medium">{en ? "Status of compatibility" : "Stand der Vereinbarkeit"}</h2>
      <p class="kern-body">
        {en
          ? "Every page is checked automatically with axe-core in our test suite, all functions work with the keyboard alone and without JavaScript."
          : "Jede Seite wird in unseren automatischen Tests mit axe-core geprüft; alle Funktionen lassen sich allein mit der Tastatur und ohne JavaScript bedienen."}
      </p>
      <h2 class="kern-heading-medium">{en ? "Feedback and contact" : "Feedback und Kontakt"}</h2>
      <p class="kern-body">
        {en
          ? "If you notice barriers, please tell the county office. You can also contact the enforcement body under the Baden-Württemberg disability equality act (L-BGG)."
          : "Wenn Ihnen Barrieren auffallen, teilen Sie es bitte dem Landratsamt mit. Sie können sich außerdem an die Schlichtungsstelle nach § 14 des Landes-Behindertengleichstellungsgesetzes (L-BGG) wenden."}
      </p>
    </div>
  );
}

/** Leichte Sprache is always German by definition. */
export function EasyLanguagePage({ ctx, authority }: { ctx: ViewContext; authority: Office | undefined }) {
  return (
    <div class="kern-stack" lang="de">
      <PageHeading>{ctx.t("portal.easy.title")}</PageHeading>
      <p class="kern-body kern-body--large">Das ist das Service-Portal vom {ctx.countyName}.</p>
      <p class="kern-body">Hier können Sie Sachen mit dem Amt erledigen. Sie müssen dafür nicht zum Amt gehen.</p>
      <h2 class="kern-heading-medium">Was können Sie hier machen?</h2>
      <ul class="kern-list kern-list--bullet">
        <li>Sie können einen Antrag stellen. Zum Beispiel für einen Ausweis.</li>
        <li>Sie können einen Termin beim Amt machen.</li>
        <li>Sie können sehen: Wie weit ist mein Antrag?</li>
      </ul>
      <h2 class="kern-heading-medium">Ihr Konto</h2>
      <p class="kern-body">Sie können ein Konto machen. Dafür brauchen Sie eine E-Mail-Adresse. Dann bekommen Sie Briefe vom Amt in Ihr Konto.</p>
      <h2 class="kern-heading-medium">Hilfe</h2>
      <p class="kern-body">Sie brauchen Hilfe? Rufen Sie beim Landratsamt an. Oder gehen Sie zu Ihrem Rathaus.</p>
      {authority?.phone ? (
        <p class="kern-body">
          Die Telefon-Nummer vom Landratsamt ist:{" "}
          <a class="kern-link" href={`tel:${authority.phone.replace(/[^0-9+]/g, "")}`}>
            {authority.phone}
          </a>
        </p>
      ) : null}
      {authority?.street && authority.city ? (
        <p class="kern-body">
          Die Adresse vom Landratsamt ist: {authority.street}, {[authority.postcode, authority.city].filter(Boolean).join(" ")}
        </p>
      ) : null}
      {authority?.openingHours.length ? (
        <>
          <p class="kern-body">So lange ist das Landratsamt offen:</p>
          <ul class="kern-list kern-list--bullet">
            {authority.openingHours.map((h) => (
              <li>
                {h.days}: {h.hours}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

export function SourcesPage({ ctx }: { ctx: ViewContext }) {
  return (
    <div class="kern-stack">
      <PageHeading>{ctx.t("portal.sources.title")}</PageHeading>
      <ul class="kern-list kern-list--bullet">
        <li>
          Gemeindeverzeichnis (Städte, Gemeinden, Verwaltungsgemeinschaften, Einwohnerzahlen): © Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, Stand 30.11.2021 –{" "}
          <a class="kern-link" href="https://www.govdata.de/dl-de/by-2-0">Datenlizenz Deutschland – Namensnennung – 2.0</a>. Auszug ohne inhaltliche Änderungen.
        </li>
        <li>
          Postleitzahlen: © <a class="kern-link" href="https://www.openstreetmap.org/copyright">OpenStreetMap-Mitwirkende</a>,{" "}
          <a class="kern-link" href="https://opendatacommons.org/licenses/odbl/1-0/">Open Database License (ODbL 1.0)</a>. Die daraus abgeleitete Postleitzahl-Datenbank steht unter derselben Lizenz als Datei data/postcodes.csv im Quellcode des Kreisportals und über die Schnittstelle /api/v1/postcodes zur Verfügung.
        </li>
        <li>Gestaltung: KERN UX Design-System (@kern-ux/native), EUPL-1.2; Schrift Fira Sans, SIL Open Font License.</li>
        <li>Software: Kreisportal, EUPL-1.2.</li>
      </ul>
    </div>
  );
}
