/** Events the appointments module publishes (platform/events: written in the publishing transaction, delivered after commit). */
export interface AppointmentReminder {
  bookingId: string;
  /** The account that booked while signed in. */
  userId: string;
  startsAt: string;
}

/** A booking was cancelled by the citizen (cancel link of the mail, the API, "Meine Termine"). */
export interface AppointmentCancelled {
  /** The booking code (as the booking module that booked it keeps it). */
  code: string;
  location: string;
  leikaKey: string;
  /** The module owning the service (appt_services.owner_module), null for a public service. */
  ownerModule: string | null;
}

declare module "../../platform/events/index.js" {
  interface EventMap {
    /** The day-before reminder of a signed-in person's booking was queued (the PWA sends a push). */
    "appointment.reminder_due": AppointmentReminder;
    /** A held or confirmed booking was cancelled (published in the cancelling transaction); an owning module resets what it booked. */
    "appointment.cancelled": AppointmentCancelled;
  }
}
