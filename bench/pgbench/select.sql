-- Baseline for reading one conversation: select by primary key, as the product's.
\set id random(:low, :high)
select id, chat_id, contact_id, subject, summary, purpose_id, status, owner_id, start_time, end_time,
    first_message_id, last_message_id, created_by, created_at, updated_at, closed_at, version
from conversation where workspace_id = :workspace and id = :id;
