-- Who may do everything under ACCESS_POLICY=owner (app/api/access_policy.hpp).
-- Nobody is an administrator until `auth-api users promote` (or
-- `create-user --admin`) says so; under the default policy it means nothing.
ALTER TABLE users ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1));
