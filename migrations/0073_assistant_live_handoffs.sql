-- Live handoff (issue 19, item 3): a person in the assistant's chat asks for a human while the responsible
-- office is on duty (ASSISTANT_LIVE_HOURS); a live handoff case is opened with a copy of the conversation so
-- far, staff of that office (or administrators) see it in /verwaltung/assistent, one of them claims it and
-- writes; the person sees the answers in the chat (reload, or the page's script polls a JSON endpoint).
-- Everything lives here, so any node answers any request (ADR 0076). The transcript and the messages exist
-- only inside the case and go with it (job "assistant-retention", ASSISTANT_LIVE_RETENTION_DAYS).

CREATE TABLE assistant_live_handoffs (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The person's conversation: whoever holds its secret (cookie) sees the case. Kept (null) when the
  -- conversation is deleted after a day: staff keep the case until its own retention.
  conversation_id uuid REFERENCES assistant_conversations(id) ON DELETE SET NULL,
  -- The responsible office (from the conversation's last answer, else the county authority); its members
  -- and administrators see the case.
  org_unit_id     uuid REFERENCES org_units(id) ON DELETE SET NULL,
  reference       text NOT NULL UNIQUE CHECK (reference ~ '^L-[0-9A-Z]{8}$'),
  status          text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'claimed', 'closed')),
  -- [{ role, text }] copied from the conversation when the case was opened.
  transcript      jsonb NOT NULL DEFAULT '[]',
  -- Unclaimed after this, the person is offered the call back request instead (nobody may claim it then).
  wait_until      timestamptz NOT NULL,
  claimed_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  claimed_at      timestamptz,
  closed_at       timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  -- Last activity (a message, a claim, the close): the retention counts from here.
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'waiting' OR (claimed_at IS NULL AND closed_at IS NULL)),
  CHECK (status <> 'claimed' OR (claimed_at IS NOT NULL AND closed_at IS NULL)),
  CHECK (status <> 'closed' OR closed_at IS NOT NULL)
);
-- One open case per conversation.
CREATE UNIQUE INDEX assistant_live_handoffs_one_open ON assistant_live_handoffs (conversation_id) WHERE status IN ('waiting', 'claimed');
CREATE INDEX assistant_live_handoffs_queue ON assistant_live_handoffs (status, created_at);
CREATE INDEX assistant_live_handoffs_updated ON assistant_live_handoffs (updated_at);

-- A case is claimed once: the claim's time and the claimer cannot be replaced (a second claim that slipped
-- past the command's "WHERE status = 'waiting'" fails here), and a claimed or closed case never waits again.
CREATE FUNCTION assistant_live_claim_once() RETURNS trigger AS $$
BEGIN
  IF OLD.claimed_at IS NOT NULL AND NEW.claimed_at IS DISTINCT FROM OLD.claimed_at THEN
    RAISE EXCEPTION 'assistant live handoff % is already claimed', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.claimed_by IS NOT NULL AND NEW.claimed_by IS NOT NULL AND NEW.claimed_by <> OLD.claimed_by THEN
    RAISE EXCEPTION 'assistant live handoff % is already claimed', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status <> 'waiting' AND NEW.status = 'waiting' THEN
    RAISE EXCEPTION 'assistant live handoff % cannot wait again', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'closed' AND NEW.status <> 'closed' THEN
    RAISE EXCEPTION 'assistant live handoff % is closed', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assistant_live_claim_once BEFORE UPDATE ON assistant_live_handoffs FOR EACH ROW EXECUTE FUNCTION assistant_live_claim_once();

CREATE TABLE assistant_live_messages (
  handoff_id  uuid NOT NULL REFERENCES assistant_live_handoffs(id) ON DELETE CASCADE,
  seq         integer NOT NULL CHECK (seq >= 1),
  author      text NOT NULL CHECK (author IN ('person', 'staff')),
  staff_id    uuid REFERENCES users(id) ON DELETE SET NULL,
  text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (handoff_id, seq),
  CHECK ((author = 'staff') OR staff_id IS NULL)
);
