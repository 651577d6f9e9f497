-- The follow-up task report (issue 17, part 4): tasks created in a period per assignee, and how they stand: done on
-- time (completed by their due time, or without one), done late, and still open, by the local day they fall due.
-- Whether an open task is overdue depends on the clock, not on a change, so open tasks are kept by due day: a report
-- sums the days before today and reads only the tasks due today from the task table.
--
-- Kept by statement-level triggers on task in the transaction of every change, as V110 keeps the conversations':
-- a task counts on the day it was created in the workspace's zone, under its assignee and state. Changing the time
-- zone counts the workspace's rows again.

create table task_day (
  workspace_id  bigint   not null references workspace (id) on delete cascade,
  day           date     not null,
  assignee_id   bigint   not null,
  state         text     not null check (state in ('ON_TIME', 'LATE', 'OPEN')),
  -- the local day an open task falls due ('infinity' without a due time); 'infinity' for the done ones
  due_day       date     not null,
  tasks         integer  not null,
  primary key (workspace_id, day, assignee_id, state, due_day)
);

create table task_month (
  workspace_id  bigint   not null references workspace (id) on delete cascade,
  month         date     not null,
  assignee_id   bigint   not null,
  state         text     not null check (state in ('ON_TIME', 'LATE', 'OPEN')),
  due_day       date     not null,
  tasks         integer  not null,
  primary key (workspace_id, month, assignee_id, state, due_day)
);

call isolate_workspace_table('task_day');
call isolate_workspace_table('task_month');

-- The state of a task as the report counts it; the task list's outcome filter uses the same rule.
create function task_report_state(status text, due_at timestamptz, completed_at timestamptz) returns text
  language sql immutable parallel safe
  as $$ select case when status <> 'DONE' then 'OPEN'
                    when due_at is null or completed_at is null or completed_at <= due_at then 'ON_TIME'
                    else 'LATE' end $$;

-- The insert, delete and update of one rollup level for a delta (as V110's conversation_rollup_level): rows that
-- reach 0 are removed, so the open tasks' due days stay few.
create function task_rollup_level(tbl text, keys text, delta text) returns text
  language sql immutable parallel safe
  as $fn$ select format($sql$,
%1$s_added as (
  insert into %1$s as r (%2$s, tasks)
  select %2$s, n from %3$s where n > 0
  order by %2$s
  on conflict (%2$s)
  do update set tasks = r.tasks + excluded.tasks
),
%1$s_emptied as (
  delete from %1$s r using %3$s d
  where d.n < 0 and (%4$s) = (%5$s) and r.tasks + d.n <= 0
),
%1$s_lowered as (
  update %1$s r set tasks = r.tasks + d.n from %3$s d
  where d.n < 0 and (%4$s) = (%5$s) and r.tasks + d.n > 0
)$sql$, tbl, keys, delta,
    (select string_agg('r.' || k, ', ') from unnest(string_to_array(keys, ', ')) k),
    (select string_agg('d.' || k, ', ') from unnest(string_to_array(keys, ', ')) k)) $fn$;

create function task_rollup_statement(source text) returns text
  language sql immutable parallel safe
  as $fn$ select format($sql$
with changed as (
  select t.workspace_id, (t.created_at at time zone s.time_zone)::date as day, t.assignee_id,
         task_report_state(t.status, t.due_at, t.completed_at) as state,
         case when t.status = 'DONE' or t.due_at is null then 'infinity'::date
              else (t.due_at at time zone s.time_zone)::date end as due_day,
         t.sign
  from (%s) t
  join workspace_settings s on s.workspace_id = t.workspace_id
),
days as (
  select workspace_id, day, assignee_id, state, due_day, sum(sign)::integer as n
  from changed group by 1, 2, 3, 4, 5 having sum(sign) <> 0
),
months as (
  select workspace_id, date_trunc('month', day)::date as month, assignee_id, state, due_day, sum(n)::integer as n
  from days group by 1, 2, 3, 4, 5 having sum(n) <> 0
)$sql$, source)
    || task_rollup_level('task_day', 'workspace_id, day, assignee_id, state, due_day', 'days')
    || task_rollup_level('task_month', 'workspace_id, month, assignee_id, state, due_day', 'months')
    || ' select 1' $fn$;

create function task_rollup_changed() returns trigger
  language plpgsql
  as $$
begin
  -- Transition tables are visible to the dynamic statement (it runs on this function's SPI connection).
  execute task_rollup_statement(case tg_op
    when 'INSERT' then
      'select workspace_id, created_at, assignee_id, status, due_at, completed_at, 1 as sign from task_rollup_new'
    when 'DELETE' then
      'select workspace_id, created_at, assignee_id, status, due_at, completed_at, -1 as sign from task_rollup_old'
    else
      'select workspace_id, created_at, assignee_id, status, due_at, completed_at, 1 as sign from task_rollup_new
       union all
       select workspace_id, created_at, assignee_id, status, due_at, completed_at, -1 as sign from task_rollup_old'
    end);
  return null;
end $$;

create trigger task_rollup_insert after insert on task
  referencing new table as task_rollup_new for each statement execute function task_rollup_changed();
create trigger task_rollup_update after update on task
  referencing old table as task_rollup_old new table as task_rollup_new for each statement execute function task_rollup_changed();
create trigger task_rollup_delete after delete on task
  referencing old table as task_rollup_old for each statement execute function task_rollup_changed();

create function task_rollup_rebuild(ws bigint) returns void
  language plpgsql
  as $$
begin
  delete from task_day where workspace_id = ws;
  delete from task_month where workspace_id = ws;
  execute task_rollup_statement(format(
    'select workspace_id, created_at, assignee_id, status, due_at, completed_at, 1 as sign from task where workspace_id = %s', ws));
end $$;

create function task_rollup_zone_changed() returns trigger
  language plpgsql
  as $$
begin
  perform task_rollup_rebuild(new.workspace_id);
  return null;
end $$;

create trigger task_rollup_zone after update of time_zone on workspace_settings
  for each row when (old.time_zone is distinct from new.time_zone)
  execute function task_rollup_zone_changed();

select task_rollup_rebuild(id) from workspace;
