/** Events the road-works module publishes (platform/events: written in the publishing transaction, delivered after commit). */
export interface RoadworksChange {
  roadworkId: string;
  /** Municipality of the work (AGS): who lives there may be told (pwa topic "roadworks"). */
  ags: string;
  /** What changed publicly: ordered (new public work), extended (later end), ended early. */
  kind: "ordered" | "extended" | "ended_early";
  /** The work's end day after the change (makes each change its own push). */
  endDate: string;
}

declare module "../../platform/events/index.js" {
  interface EventMap {
    /** A public road work appeared or its period changed (the PWA pushes to people of the municipality). */
    "roadworks.changed": RoadworksChange;
  }
}
