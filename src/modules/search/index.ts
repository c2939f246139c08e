export { SearchService } from "./service.js";
