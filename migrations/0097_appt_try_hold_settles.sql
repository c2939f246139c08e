-- Issue 13: appt_try_hold (migration 0054) settles stale bookings itself, so a loser of a rush is one round trip.
-- Before, a 'conflict' sent the caller back for an UPDATE of stale bookings (holds past their time, due releases
-- that still have a live status) and, when one was settled, a second transaction: in a rush of 500 attempts on
-- 20 slots that was 413 extra statements. Now, when the insert conflicted on a committed live booking, the
-- function settles the stale bookings overlapping the interval and, when it settled any, tries the counters once
-- more, all in the caller's transaction (the settling commits with it; a rolled-back attempt leaves them stale,
-- which slot search and slot state already treat as free). The stale rows are taken with SKIP LOCKED: a row
-- another attempt is settling right now is left to it (that attempt holds the slot), so nothing here waits.
-- The function also gives the caller's transaction its lock_timeout back: the short wait (p_wait_ms) is for
-- the slot's insert only, not for what the caller does after the hold in the same transaction (audit, mail,
-- a module's own statements in directBooker).
-- Signature and outcomes as before: 'held', 'too_many_bookings', 'conflict' (a committed live booking
-- overlaps on at least one counter, after settling) or 'busy' (only in-flight ones).
CREATE OR REPLACE FUNCTION appt_try_hold(
  p_counters uuid[], p_code text, p_location text, p_leika text, p_extra text[], p_persons integer,
  p_start timestamptz, p_end timestamptz, p_name text, p_email text, p_hold_expires timestamptz,
  p_confirm_hash text, p_cancel_hash text, p_user_id uuid, p_max_live integer, p_now timestamptz, p_wait_ms integer)
RETURNS TABLE (booking_id uuid, outcome text)
LANGUAGE plpgsql AS $$
DECLARE
  c uuid;
  new_id uuid;
  conflicted boolean;
  settled boolean := false;
  caller_timeout text := current_setting('lock_timeout');
BEGIN
  IF p_max_live IS NOT NULL THEN
    -- Count and insert under one lock per address: parallel bookings with the same address queue here,
    -- so each one sees the others' rows.
    PERFORM pg_advisory_xact_lock(hashtextextended('appt:live:' || p_email, 0));
    IF (SELECT count(*) FROM appt_bookings b
        WHERE lower(b.email) = lower(p_email) AND b.email = p_email
          AND b.status IN ('held', 'confirmed') AND b.starts_at > p_now) >= p_max_live THEN
      RETURN QUERY SELECT NULL::uuid, 'too_many_bookings'::text;
      RETURN;
    END IF;
  END IF;
  -- Only the slot's insert waits at most p_wait_ms (the per-address lock above waits as long as needed).
  PERFORM set_config('lock_timeout', p_wait_ms || 'ms', true);
  LOOP
    conflicted := false;
    FOREACH c IN ARRAY p_counters LOOP
      -- Another attempt on exactly this counter and time is in flight (advisory locks are re-entrant, so the
      -- second round after settling passes its own).
      CONTINUE WHEN NOT pg_try_advisory_xact_lock(hashtextextended('appt:slot:' || c::text || ':' || extract(epoch FROM p_start)::bigint::text, 0));
      new_id := NULL;
      BEGIN
        INSERT INTO appt_bookings (code, location_key, counter_id, leika_key, extra_leika_keys, persons, starts_at, ends_at, name, email,
                                   status, hold_expires_at, confirm_token_hash, cancel_token_hash, user_id)
        VALUES (p_code, p_location, c, p_leika, p_extra, p_persons, p_start, p_end, p_name, p_email,
                'held', p_hold_expires, p_confirm_hash, p_cancel_hash, p_user_id)
        ON CONFLICT DO NOTHING
        RETURNING id INTO new_id;
      EXCEPTION WHEN lock_not_available THEN
        CONTINUE;
      END;
      IF new_id IS NOT NULL THEN
        PERFORM set_config('lock_timeout', caller_timeout, true);
        RETURN QUERY SELECT new_id, 'held'::text;
        RETURN;
      END IF;
      conflicted := true;
    END LOOP;
    EXIT WHEN NOT conflicted OR settled;
    settled := true;
    -- The slot looked free to the caller, so a conflict may be a hold past its time or a due release that still
    -- has its live status: settle those (idempotent) and try once more.
    UPDATE appt_bookings SET status = CASE status WHEN 'held' THEN 'expired' ELSE 'cancelled' END, updated_at = now()
    WHERE id IN (
      SELECT b.id FROM appt_bookings b
      WHERE b.location_key = p_location AND b.starts_at < p_end AND b.ends_at > p_start
        AND ((b.status = 'held' AND b.hold_expires_at <= p_now) OR (b.status = 'releasing' AND b.release_at <= p_now))
      FOR UPDATE SKIP LOCKED);
    EXIT WHEN NOT FOUND;
  END LOOP;
  PERFORM set_config('lock_timeout', caller_timeout, true);
  RETURN QUERY SELECT NULL::uuid, CASE WHEN conflicted THEN 'conflict' ELSE 'busy' END;
END
$$;
