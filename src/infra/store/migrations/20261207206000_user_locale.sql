-- The language each user chose for the dashboard, alert e-mails and inbox messages (issue 17); null means "the browser's".
ALTER TABLE "users" ADD COLUMN "locale" text;
