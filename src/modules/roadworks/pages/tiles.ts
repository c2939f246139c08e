/** Moved to the platform (shared with the care map); kept as a re-export for the road-works pages. */
export { allowTiles } from "../../../platform/http/tiles.js";
