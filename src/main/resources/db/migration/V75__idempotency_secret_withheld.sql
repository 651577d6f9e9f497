-- An answer that carried a secret shown once (a new API token, a webhook signing secret) is not kept: only
-- that the request was answered, so that a retry with the same key is told so instead of given the secret again.
alter table idempotency_key add column secret_withheld boolean not null default false;
