-- A message being handed to its channel is claimed until this time (WhatsAppSender): a second delivery of the
-- same send event while the first waits for the Cloud API's answer leaves it alone instead of sending it again.
-- Nullable without a default, so adding it rewrites nothing.
alter table message add column send_claimed_until timestamptz;
