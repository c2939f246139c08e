-- Issue 20: a service "only bookable by its owning module". appt_services.owner_module names the module whose own
-- flow books the service (e-learning's video identification of the Gesundheitsamt); NULL = a public service, offered
-- on /termine, through the JSON API, the service pages and the search. The public pages and the API treat an owned
-- service as unknown; the owner passes its name (computeSlots/slotState `owner`, appt_slot_state p_owner).
ALTER TABLE appt_services ADD COLUMN owner_module text CHECK (owner_module ~ '^[a-z][a-z0-9]*$');
-- The demo location seeded before this migration (migration-independent seed, commands/appointmentSeeder.ts).
UPDATE appt_services SET owner_module = 'learning' WHERE location_key = 'lra-08236-gesundheit' AND leika_key = '99003002022000';

-- appt_slot_state (migration 0054) with the owner: the services count only when public or owned by p_owner.
DROP FUNCTION appt_slot_state(text, text[], integer, timestamptz, integer, integer, timestamptz);
CREATE FUNCTION appt_slot_state(
  p_location text, p_keys text[], p_persons integer, p_start timestamptz, p_weekday integer, p_minute integer, p_now timestamptz, p_owner text)
RETURNS TABLE (services integer, per_person integer, max_persons integer, hold_minutes integer, min_lead_minutes integer,
               horizon_days integer, counters json)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  WITH svc AS (
    SELECT count(*)::int AS n, coalesce(sum(s.duration_minutes), 0)::int AS pp, coalesce(min(s.max_persons), 0)::int AS mp
    FROM appt_services s WHERE s.location_key = p_location AND s.leika_key::text = ANY(p_keys)
      AND (s.owner_module IS NULL OR s.owner_module = p_owner)),
  loc AS (SELECT l.hold_minutes AS hm, l.min_lead_minutes AS lead, l.horizon_days AS hd, l.slot_minutes AS sm
          FROM appt_locations l WHERE l.key = p_location AND l.active),
  span AS (SELECT p_start AS s, p_start + make_interval(mins => svc.pp * p_persons) AS e, svc.pp * p_persons AS d FROM svc),
  cs AS (
    SELECT c.id, NOT EXISTS (
        SELECT 1 FROM appt_bookings b
        WHERE b.counter_id = c.id AND tstzrange(b.starts_at, b.ends_at) && tstzrange(span.s, span.e)
          AND b.status IN ('held', 'confirmed', 'checked_in', 'no_show', 'releasing')
          AND NOT (b.status = 'held' AND b.hold_expires_at <= p_now)
          AND NOT (b.status = 'releasing' AND b.release_at <= p_now)) AS free
    FROM loc, span, appt_counters c
    WHERE c.location_key = p_location AND c.active AND span.d > 0
      AND EXISTS (SELECT 1 FROM appt_hours h WHERE h.counter_id = c.id AND h.weekday = p_weekday
        AND floor(extract(epoch FROM h.opens) / 60)::int <= p_minute
        AND p_minute + span.d <= floor(extract(epoch FROM h.closes) / 60)::int
        AND (p_minute - floor(extract(epoch FROM h.opens) / 60)::int) % loc.sm = 0)
      AND NOT EXISTS (SELECT 1 FROM appt_closures x WHERE x.location_key = p_location AND (x.counter_id IS NULL OR x.counter_id = c.id)
        AND x.starts_at < span.e AND x.ends_at > span.s))
  SELECT svc.n, svc.pp, svc.mp, loc.hm, loc.lead, loc.hd,
    (SELECT coalesce(json_agg(json_build_object('id', cs.id, 'free', cs.free)), '[]'::json) FROM cs)
  FROM svc LEFT JOIN loc ON true;
END
$$;
