/** The applications module's texts outside a request (receipts, mails, stored texts, API errors): its own catalogues and the platform's. */
import { translatorFor } from "../../platform/i18n/index.js";
import { platformMessages, validationMessages } from "../../platform/i18n/messages.js";
import { filesMessages } from "../../platform/files/messages.js";
import { applicationMessages } from "./messages.js";
import { paymentMessages } from "./paymentMessages.js";
import { uploadMessages } from "./uploadMessages.js";

export const translator = translatorFor(platformMessages, validationMessages, filesMessages, applicationMessages, uploadMessages, paymentMessages);
