-- The Conversations tab filtered by status, newest first. With one index on (workspace, status, start time) the
-- planner preferred the start-time index and skipped the rows of the other status: cheap on average (96% are
-- closed), but the newest rows are mostly open ones, so "closed, newest first" read 22,000 rows to find 50
-- (0.7 s at 5m conversations, bench/README.md). An index per status holds exactly the rows of that status in
-- start-time order, and the planner takes it; together they are the size of the index they replace.
create index conversation_open_start_idx on conversation (workspace_id, start_time desc, id desc) where status = 'OPEN';
create index conversation_closed_start_idx on conversation (workspace_id, start_time desc, id desc) where status = 'CLOSED';
drop index conversation_status_idx;
