-- Personal API tokens are stored only as slow hashes (workspace/ApiTokens). A token is now cvn_<id>_<secret>:
-- sign-in reads the row by the id it names and checks the token against secret_hash, made by the product's
-- PasswordEncoder ('{bcrypt}$2a$10$...', like member.password_hash).
alter table api_token add column secret_hash text;

-- The SHA-256 hashes stored until now cannot be turned into bcrypt hashes, and the old tokens name no id.
-- The product has not shipped, so every such token is revoked (its owner makes a new one) and the fast
-- hashes are dropped with their column (its unique index and the system role's grant on it go too).
update api_token set revoked_at = now() where revoked_at is null;
alter table api_token drop column token_hash;
alter table api_token add constraint api_token_live_has_secret_hash check (revoked_at is not null or secret_hash is not null);

-- Creating a token reserves its id first (it is part of the token, whose hash is part of the row).
grant usage on sequence api_token_id_seq to convonite_app;

-- Sign-in by API token (system scope, V60 and V66) reads the token by id with its secret hash; the select
-- policy system_sign_in and the update policy system_token_used (last_used_at) stay as they are.
grant select (secret_hash) on api_token to convonite_system;
