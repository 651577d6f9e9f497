-- Baseline for the Conversations tab: the SQL the product runs for a first page with no filter (the page
-- of 50 plus one, in keyset order, and the count of matches it shows above the list, which stops at 1,000).
select id, chat_id, contact_id, subject, summary, purpose_id, status, owner_id, start_time, end_time,
    first_message_id, last_message_id, created_by, created_at, updated_at, closed_at, version
from conversation where workspace_id = :workspace order by start_time desc, id desc limit 51;
select count(*) from (select 1 from conversation where workspace_id = :workspace limit 1001) matches;
