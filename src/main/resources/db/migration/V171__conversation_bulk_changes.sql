-- Bulk actions on the Conversations tab (issue #18 §3): close, reopen, change owner or purpose of a selected set or
-- of every conversation matching a filter. The set is fixed when the member confirms (conversation_ids, in list
-- order), each conversation then changes in a transaction of its own with its own history entry and event, and the
-- job records how far it got, so that a run stopped by a restart is resumed by the next check on any server
-- (runner/heartbeat_at, as contact imports do). request_key is the confirmation form's one-time key: the same
-- confirmation sent again (a double click, a retry after a timeout) finds its job instead of starting another.
create table conversation_bulk_change (
  workspace_id      bigint      not null references workspace (id) on delete cascade,
  id                bigint      generated always as identity,
  member_id         bigint      not null,
  request_key       text        not null check (length(request_key) between 1 and 100),
  action            text        not null check (action in ('CLOSE', 'REOPEN', 'OWNER', 'PURPOSE')),
  value_id          bigint,
  conversation_ids  bigint[]    not null,
  done              integer     not null default 0,
  changed           integer     not null default 0,
  unchanged         integer     not null default 0,
  skipped_count     integer     not null default 0,
  -- The first 1,000 refusals, each {"id", "subject", "reason"}; skipped_count has them all.
  skipped           jsonb       not null default '[]',
  status            text        not null default 'RUNNING' check (status in ('RUNNING', 'DONE')),
  runner            text,
  heartbeat_at      timestamptz not null default now(),
  created_at        timestamptz not null default now(),
  finished_at       timestamptz,
  primary key (workspace_id, id),
  unique (workspace_id, member_id, request_key),
  foreign key (workspace_id, member_id) references member (workspace_id, id) on delete cascade
);
create index conversation_bulk_change_running_idx on conversation_bulk_change (heartbeat_at) where status = 'RUNNING';
call isolate_workspace_table('conversation_bulk_change');
-- The resume check finds and claims stopped runs across workspaces (the system role), then works on each in its
-- own workspace's scope.
grant select (workspace_id, id, status, runner, heartbeat_at), update (runner, heartbeat_at)
  on conversation_bulk_change to convonite_system;
create policy system_bulk_resume on conversation_bulk_change for select to convonite_system using (true);
create policy system_bulk_claim on conversation_bulk_change for update to convonite_system using (true);
