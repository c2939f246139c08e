-- Road works (issue 15): a municipality's staff answer a change round signed in, like the first round (ADR 0051),
-- so an extension consent can also have been given by login.
ALTER TABLE roadworks_extension_consents DROP CONSTRAINT roadworks_extension_consents_answered_via_check;
ALTER TABLE roadworks_extension_consents ADD CONSTRAINT roadworks_extension_consents_answered_via_check CHECK (answered_via IN ('staff', 'link', 'login'));
