-- Issue 14: staff set a file's confidentiality level (xdomea code list Vertraulichkeitsstufe 1.0) with a reason.
-- Only "003 Offen" and "002 NfD" may be stored in this system (VS-Vertraulich and above need an accredited
-- system under the VSA); the check keeps other codes out even when written by other paths.
ALTER TABLE records_files ADD COLUMN confidentiality_reason text;
ALTER TABLE records_files ADD CONSTRAINT records_files_confidentiality_check CHECK (confidentiality IN ('002', '003'));

-- The archive's receipt of a 0503 hand-over (xdomea 0507 Aussonderung.AussonderungEmpfangBestaetigen), before its import answer 0506.
ALTER TABLE records_disposals ADD COLUMN archive_received_at timestamptz;
