-- Baseline for logging a conversation: one single-row insert into the conversation table, as the product's.
\set n random(1, 1000000000)
insert into conversation (workspace_id, chat_id, contact_id, subject, summary, purpose_id, status, owner_id,
    start_time, end_time, first_message_id, last_message_id, created_by, closed_at)
values (:workspace, :chat, :contact, 'Baseline order ' || :n, 'Customer asked about delivery of order ' || :n,
    :purpose, 'OPEN', :owner, now(), null, null, null, :owner, null)
returning id;
