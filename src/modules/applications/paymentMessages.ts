import type { Messages } from "../../platform/i18n/index.js";

/** Texts about paying an application's fee online (confirmation, status and pending pages). */
export const paymentMessages: Messages = {
  de: {
    "applications.payment.paid": "{what} bezahlt: {amount}",
    "applications.payment.open": "{what} offen: {amount}",
    "applications.payment.openText": "Bitte bezahlen Sie den Betrag online. Sie werden zum Bezahldienst weitergeleitet und kommen danach hierher zurück.",
    "applications.payment.pay": "{what} jetzt bezahlen",
    "applications.payment.pendingTitle": "Antrag noch nicht abgeschlossen",
    "applications.payment.pendingText": "Ihr Antrag ({reference}) wird erst nach der Zahlung der Gebühr von {amount} bearbeitet. Er ist gespeichert; die Zahlung ist noch nicht eingegangen.",
    "applications.payment.unavailable": "Die Online-Zahlung ist gerade nicht möglich. Es wurde nichts abgebucht. Bitte versuchen Sie es später erneut.",
    "applications.payment.status": "Zahlung",
  },
  en: {
    "applications.payment.paid": "{what} paid: {amount}",
    "applications.payment.open": "{what} open: {amount}",
    "applications.payment.openText": "Please pay the amount online. You will be taken to the payment service and brought back here afterwards.",
    "applications.payment.pay": "Pay now ({what})",
    "applications.payment.pendingTitle": "Application not completed yet",
    "applications.payment.pendingText": "Your application ({reference}) will be processed once the fee of {amount} is paid. It is saved; the payment has not arrived yet.",
    "applications.payment.unavailable": "Online payment is not possible right now. Nothing was charged. Please try again later.",
    "applications.payment.status": "Payment",
  },
};
