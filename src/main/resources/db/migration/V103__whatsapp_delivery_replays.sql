-- A signed WhatsApp delivery POSTed again (replayed by someone who saw it, or retried by Meta) is recognised by
-- the SHA-256 of its raw body: Meta's signature covers only the body, so an identical body is the same delivery.
-- The unique key decides across every instance at once; the replay is acknowledged and not stored again. The
-- hash lives as long as its delivery (convonite.whatsapp.delivery-retention, 30 days), whose clean-up removes
-- both; a replay older than that is stored and then dropped by its message id, as before. Rows stored before
-- this migration have no hash and take no part.
alter table whatsapp_delivery add column body_sha256 bytea;
create unique index whatsapp_delivery_body_uk on whatsapp_delivery (workspace_id, body_sha256);
