-- The Conversations tab with two filters (bench/README.md). With one index per filter, "open conversations
-- of a purpose" or "my open conversations" walk every row of the purpose or the owner and read each from the
-- table to check its status: at a million conversations the count alone took seconds. These two pairs are
-- the ones a team uses every day; with them the page and the count read only the index entries that match.
create index conversation_status_purpose_idx on conversation (workspace_id, status, purpose_id, start_time desc, id desc);
create index conversation_owner_status_idx on conversation (workspace_id, owner_id, status, start_time desc, id desc);
