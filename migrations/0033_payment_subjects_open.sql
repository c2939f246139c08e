-- 0026 (roadworks) and 0027 (learning) each replaced the subject-type CHECK with a list lacking the other's
-- type. The list of payable subjects is the app's `paymentSubjects` registry (and the PaymentSubjectType
-- union the payments module compiles against), so the database no longer repeats it.
ALTER TABLE payment_transactions DROP CONSTRAINT IF EXISTS payment_transactions_subject_type_check;
ALTER TABLE payment_transactions ADD CONSTRAINT payment_transactions_subject_type_check CHECK (subject_type ~ '^[a-z][a-z0-9_-]{0,39}$');
