/** Calendar arithmetic moved to the platform (also used by the cases module's deadlines). */
export * from "../../platform/time/berlin.js";
