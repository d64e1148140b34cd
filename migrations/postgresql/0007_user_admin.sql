-- The PostgreSQL twin of ../0007_user_admin.sql.
ALTER TABLE users ADD COLUMN is_admin BOOLEAN NOT NULL DEFAULT FALSE;
