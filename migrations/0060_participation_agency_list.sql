-- Public participation (issue 18; docs/modules/participation.md, ADR 0064): the county's master list of agencies
-- (Träger öffentlicher Belange, § 4 BauGB). Staff keep each agency once (name, department, address, e-mail, kind,
-- active or not); an invitation picked from the list remembers the entry (agency_id) but keeps its own copy of
-- name and e-mail, as sent. Inactive entries are not offered any more; entries are never deleted (invitations
-- point to them). `demo` marks the seeded Enzkreis entries (DEMO_DATA). Also (below): attachments to statements and
-- the page-by-page text of documents.

CREATE TABLE participation_agencies (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  department  text CHECK (length(department) BETWEEN 1 AND 200),
  street      text CHECK (length(street) BETWEEN 1 AND 200),
  postcode    text CHECK (postcode ~ '^[0-9]{5}$'),
  city        text CHECK (length(city) BETWEEN 1 AND 100),
  email       text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  kind        text NOT NULL CHECK (kind IN ('authority', 'municipality', 'utility', 'association', 'other')),
  active      boolean NOT NULL DEFAULT true,
  demo        boolean NOT NULL DEFAULT false,
  created_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
-- One entry per agency and department (case ignored).
CREATE UNIQUE INDEX participation_agencies_unique ON participation_agencies (lower(name), lower(coalesce(department, '')));

ALTER TABLE participation_agency_invitations
  ADD COLUMN agency_id uuid REFERENCES participation_agencies(id) ON DELETE RESTRICT;
-- A listed agency is invited at most once per procedure.
CREATE UNIQUE INDEX participation_agency_invitations_listed ON participation_agency_invitations (procedure_id, agency_id) WHERE agency_id IS NOT NULL;

-- Attachments to citizens' statements (PDF, PNG, JPEG; checked by content through the platform file service,
-- stored outside the web root; at most three per statement). The file is retained while the statement exists.
CREATE TABLE participation_statement_files (
  statement_id uuid NOT NULL REFERENCES participation_statements(id) ON DELETE CASCADE,
  file_id      uuid NOT NULL UNIQUE REFERENCES files(id) ON DELETE RESTRICT,
  position     smallint NOT NULL CHECK (position BETWEEN 1 AND 3),
  PRIMARY KEY (statement_id, position)
);

-- The text of a procedure's PDF documents, page by page, extracted once at upload (pdfjs-dist in Node) for readers
-- without JavaScript (`/beteiligung/<slug>/unterlagen/<id>/text`). page_count NULL: no text read (older document,
-- damaged or encrypted PDF).
ALTER TABLE participation_documents ADD COLUMN page_count integer CHECK (page_count >= 0);
CREATE TABLE participation_document_pages (
  document_id uuid NOT NULL REFERENCES participation_documents(id) ON DELETE CASCADE,
  page        integer NOT NULL CHECK (page >= 1),
  text        text NOT NULL CHECK (length(text) <= 200000),
  PRIMARY KEY (document_id, page)
);
