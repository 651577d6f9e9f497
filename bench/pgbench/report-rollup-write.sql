-- One conversation copied and then closed, rolled back: the cost of the report rollup trigger on the log path.
-- pgbench -n -c 1 -T 20 -f bench/pgbench/report-rollup-write.sql <copy of rep1m>, with PGOPTIONS='-c track_functions=pl', then
-- select calls, total_time / calls from pg_stat_user_functions where funcname = 'conversation_rollup_changed'
\set id random(1, 1000000)
begin;
insert into conversation (workspace_id, chat_id, contact_id, subject, purpose_id, owner_id, start_time, created_by) select workspace_id, chat_id, contact_id, 'bench', purpose_id, owner_id, start_time, created_by from conversation where workspace_id = 1 and id = :id;
update conversation set status = 'CLOSED', closed_at = now(), end_time = start_time + interval '17 minutes' where workspace_id = 1 and id = :id;
rollback;
