import { test } from "node:test";
import assert from "node:assert/strict";
import { canApproveCompanies, canCoordinate, canKeepEvents, canSeeApplication } from "./policies.js";

const COUNTY = "08236";
const staff = (orgUnitIds: string[], isAdmin = false) => ({ id: "s", kind: "staff" as const, isAdmin, orgUnitIds });

test("road works policy: road traffic authorities coordinate; the county's traffic office approves companies; events by their municipality", () => {
  const clerk = staff(["u-bau"]);
  assert.equal(canCoordinate(clerk, ["lra-08236-baurecht"], COUNTY), false, "a building-office clerk");
  assert.equal(canCoordinate(staff(["u-o"]), ["lra-08236-ordnung"], COUNTY), true);
  assert.equal(canCoordinate(staff(["u-g"]), ["gem-08236040"], COUNTY), true);
  assert.equal(canCoordinate(staff([], true), [], COUNTY), true, "administrators");
  assert.equal(canCoordinate({ id: "c", kind: "citizen" }, ["gem-08236040"], COUNTY), false);
  assert.equal(canApproveCompanies(staff(["u-g"]), ["gem-08236040"], COUNTY), false, "a municipality does not approve companies");
  assert.equal(canApproveCompanies(staff(["u-o"]), ["lra-08236-ordnung"], COUNTY), true);
  assert.equal(canKeepEvents(staff(["u-g"]), ["gem-08236040"], COUNTY, "08236040"), true);
  assert.equal(canKeepEvents(staff(["u-g"]), ["gem-08236040"], COUNTY, "08236070"), false, "another municipality's event");
  assert.equal(canKeepEvents(staff(["u-o"]), ["lra-08236-ordnung"], COUNTY, "08236070"), true);
});

test("road works policy: an application is seen by its company's accounts and by the staff of its authority only", () => {
  const work = { company_id: "firm-a", authority_unit: "u-muehlacker" };
  assert.equal(canSeeApplication({ id: "c", kind: "citizen" }, work, new Set(["firm-a"])), true);
  assert.equal(canSeeApplication({ id: "c", kind: "citizen" }, work, new Set(["firm-b"])), false);
  assert.equal(canSeeApplication(staff(["u-muehlacker"]), work, new Set()), true);
  assert.equal(canSeeApplication(staff(["u-bau"]), work, new Set()), false, "staff of another unit");
  assert.equal(canSeeApplication(staff([], true), work, new Set()), true);
  assert.equal(canSeeApplication(undefined, work, new Set(["firm-a"])), false);
});
