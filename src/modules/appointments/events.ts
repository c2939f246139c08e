/** Events the appointments module publishes (platform/events: written in the publishing transaction, delivered after commit). */
export interface AppointmentReminder {
  bookingId: string;
  /** The account that booked while signed in. */
  userId: string;
  startsAt: string;
}

declare module "../../platform/events/index.js" {
  interface EventMap {
    /** The day-before reminder of a signed-in person's booking was queued (the PWA sends a push). */
    "appointment.reminder_due": AppointmentReminder;
  }
}
