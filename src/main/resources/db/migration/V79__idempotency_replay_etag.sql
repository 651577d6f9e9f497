-- A replayed answer carries the first answer's ETag too, as the API document promises for every answer that
-- holds one versioned record.
alter table idempotency_key add column response_etag text;
