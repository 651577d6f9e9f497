-- Baseline for inbound delivery: what PostgreSQL alone does for one message from a known contact, with the
-- statements the product runs (InboundMessages.receiveFromChannel) for a known contact and chat: the repeat
-- check, the contact by phone, the chat found and locked, the message, the chat's counters (returning the
-- chat for the answer) and the event publication, in one transaction; then the transaction that marks the
-- event's listener complete. (The customer's phone is picked from an existing contact: one more index look-up
-- than the product does.) Run at the inbound scenario's 16 connections, so the ratio compares like with like.
\set c random(:low, :high)
\set n random(1, 2000000000)
begin;
select id from message where workspace_id = :workspace and external_id = 'pgbench-' || :client_id || '-' || :n;
select phone from contact where workspace_id = :workspace and id >= :c order by id limit 1 \gset
select id as contact, name from contact where workspace_id = :workspace and phone = :phone \gset
select id as chat, status, assignee_id from chat where workspace_id = :workspace and contact_id = :contact and channel = 'whatsapp' for update \gset
insert into message (workspace_id, chat_id, direction, type, body, sent_at, external_id)
    values (:workspace, :chat, 'IN', 'TEXT', 'hello my order has not arrived yet', now(), 'pgbench-' || :client_id || '-' || :n)
    on conflict (workspace_id, external_id) where external_id is not null do nothing
    returning id as message, chat_id, direction, type, body, media::text, sent_at, author_id, delivery_status, external_id \gset
update chat c set unread_count = c.unread_count + 1, last_message_at = greatest(c.last_message_at, now()),
    last_inbound_at = greatest(c.last_inbound_at, now()), status = 'OPEN', closed_at = null, version = c.version + 1
    from contact ct
    where c.workspace_id = :workspace and c.id = :chat and ct.workspace_id = c.workspace_id and ct.id = c.contact_id
    returning c.id, ct.name, ct.phone, c.status, c.assignee_id,
        (select m.name from member m where m.workspace_id = c.workspace_id and m.id = c.assignee_id) as assignee_name,
        c.unread_count, c.last_message_at, c.opened_at;
insert into event_publication (id, listener_id, event_type, serialized_event, publication_date)
    values (gen_random_uuid(), 'pgbench', 'pgbench', '{"workspaceId":' || :workspace || ',"messageId":' || :message || '}', now())
    returning id as publication \gset
commit;
update event_publication set completion_date = now() where id = :publication;
