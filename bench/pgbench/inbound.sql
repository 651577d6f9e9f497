-- Baseline for inbound delivery: what PostgreSQL alone does for one message from a known contact, with the
-- statements the product runs (InboundMessages.receiveFromChannel) for a known contact and chat: the repeat
-- check, the contact by phone, the chat found and locked, the message, the chat's counters (returning the
-- chat for the answer) and the event publication, in one transaction; then the transaction that marks the
-- event's listener complete: the publication moved to the archive, as the product's completion mode does.
-- (The customer's phone is picked from an existing contact: one more index look-up than the product does.) Run at the inbound scenario's 16 connections, so the ratio compares like with like.
--
-- Never aborts on one transaction (pgbench ends a client at its first error, and the run with it):
-- - each message's external id is unique in the database: the run's tag (-D run=, new each pgbench run), the
--   client and the client's own counter (-D seq=0; pgbench keeps a client's variables from one transaction to
--   the next);
-- - the look-ups store their columns with \aset, which leaves the variables as they were when no row comes
--   back (bench/run passes valid starting values with -D), where \gset stops the client.
\set c random(:low, :high)
\set seq :seq + 1
begin;
select id from message where workspace_id = :workspace and external_id = 'pgbench-' || :run || '-' || :client_id || '-' || :seq;
select phone from contact where workspace_id = :workspace and id >= :c order by id limit 1 \aset
select id as contact, name from contact where workspace_id = :workspace and phone = :phone \aset
select id as chat, status, assignee_id from chat where workspace_id = :workspace and contact_id = :contact and channel = 'whatsapp' for update \aset
insert into message (workspace_id, chat_id, direction, type, body, sent_at, external_id)
    values (:workspace, :chat, 'IN', 'TEXT', 'hello my order has not arrived yet', now(), 'pgbench-' || :run || '-' || :client_id || '-' || :seq)
    on conflict (workspace_id, external_id) where external_id is not null do nothing
    returning id as message, chat_id, direction, type, body, media::text, sent_at, author_id, delivery_status, external_id \aset
update chat c set unread_count = c.unread_count + 1, last_message_at = greatest(c.last_message_at, now()),
    last_inbound_at = greatest(c.last_inbound_at, now()), status = 'OPEN', closed_at = null, version = c.version + 1
    from contact ct
    where c.workspace_id = :workspace and c.id = :chat and ct.workspace_id = c.workspace_id and ct.id = c.contact_id
    returning c.id, ct.name, ct.phone, c.status, c.assignee_id,
        (select m.name from member m where m.workspace_id = c.workspace_id and m.id = c.assignee_id) as assignee_name,
        c.unread_count, c.last_message_at, c.opened_at;
insert into event_publication (id, listener_id, event_type, serialized_event, publication_date)
    values (gen_random_uuid(), 'pgbench', 'pgbench', '{"workspaceId":' || :workspace || ',"messageId":' || :message || '}', now())
    returning id as publication \aset
commit;
begin;
insert into event_publication_archive (id, listener_id, event_type, serialized_event, publication_date, status, completion_date, completion_attempts, last_resubmission_date)
    select id, listener_id, event_type, serialized_event, publication_date, 'COMPLETED', now(), completion_attempts, last_resubmission_date
    from event_publication where id = :publication
    and not exists (select 1 from event_publication_archive a where a.id = :publication);
delete from event_publication where id = :publication;
commit;
