-- Issue 18: the language a statement was written in (the page's or API request's locale), so the outcome mail
-- after the weighing goes out in the commenter's language (English when the statement or the account is English).
ALTER TABLE participation_statements
  ADD COLUMN locale text NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en'));
