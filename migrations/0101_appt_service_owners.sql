-- Issue 20: a service's owning module (appt_services.owner_module, migration 0092) must survive staff removing the
-- service on the location page and adding it again (the row is deleted and inserted anew; the new row had no owner,
-- so e-learning's video identification became public on /termine). The reservation lives in its own table, which
-- removing a service does not touch; adding a service takes its owner from here (commands/locationEditor.ts).
CREATE TABLE appt_service_owners (
  location_key  text NOT NULL REFERENCES appt_locations(key) ON DELETE CASCADE,
  leika_key     char(14) NOT NULL CHECK (leika_key ~ '^[0-9]{14}$'),
  owner_module  text NOT NULL CHECK (owner_module ~ '^[a-z][a-z0-9]*$'),
  PRIMARY KEY (location_key, leika_key)
);
INSERT INTO appt_service_owners (location_key, leika_key, owner_module)
  SELECT location_key, leika_key, owner_module FROM appt_services WHERE owner_module IS NOT NULL;
