-- Reports (issue 17) answer from daily rollups of the conversation table, never by scanning it per request.
--
-- The rollups are kept by triggers on conversation, in the transaction of every change, so they are exact for
-- every write path: the product's own statements, bulk ones, the bench generator and hand-made SQL alike. The
-- triggers are statement-level with transition tables: a statement that writes many rows (an import, the bench
-- generator) adds its delta to each rollup row once, and a statement that changes nothing a report groups by
-- (a subject edit) writes nothing.
--
-- A conversation is counted on the day its start time falls in the workspace's time zone (the day the
-- Conversations tab's start range finds it), under its purpose, owner and status. Changing the time zone
-- rebuilds the workspace's rollups in the same transaction. Weeks (starting on the workspace's first day of the
-- week; changing it rebuilds them too) and months are kept as well, so that a report over years reads weeks or
-- months, and days only at its ends.

alter table workspace_settings add column first_day_of_week text not null default 'MONDAY'
  check (first_day_of_week in ('MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'));

-- Conversations per local start day, purpose, owner and status.
create table conversation_day (
  workspace_id   bigint   not null references workspace (id) on delete cascade,
  day            date     not null,
  purpose_id     bigint   not null,
  owner_id       bigint   not null,
  status         text     not null,
  conversations  integer  not null,
  primary key (workspace_id, day, purpose_id, owner_id, status)
);

-- Histograms of the times the Outcomes report gives percentiles of, one row per non-empty bucket:
-- measure 'D' duration (start -> end, conversations with an end time), 'C' time to close (created -> closed,
-- closed conversations). Bucket 0 holds times under one second; bucket b >= 1 holds [2^((b-1)/4), 2^(b/4)) s,
-- so each bucket is 19% wide and its geometric middle, which the report gives, is within 9.1% of any time in it.
create table conversation_day_time (
  workspace_id   bigint    not null references workspace (id) on delete cascade,
  day            date      not null,
  purpose_id     bigint    not null,
  owner_id       bigint    not null,
  measure        char(1)   not null check (measure in ('D', 'C')),
  bucket         smallint  not null,
  conversations  integer   not null,
  primary key (workspace_id, day, purpose_id, owner_id, measure, bucket)
);

-- The same by month (the first day of the month): a report over years reads months for the whole months of its
-- period and days only at its ends, a few thousand rows instead of hundreds of thousands.
create table conversation_month (
  workspace_id   bigint   not null references workspace (id) on delete cascade,
  month          date     not null,
  purpose_id     bigint   not null,
  owner_id       bigint   not null,
  status         text     not null,
  conversations  integer  not null,
  primary key (workspace_id, month, purpose_id, owner_id, status)
);

create table conversation_month_time (
  workspace_id   bigint    not null references workspace (id) on delete cascade,
  month          date      not null,
  purpose_id     bigint    not null,
  owner_id       bigint    not null,
  measure        char(1)   not null check (measure in ('D', 'C')),
  bucket         smallint  not null,
  conversations  integer   not null,
  primary key (workspace_id, month, purpose_id, owner_id, measure, bucket)
);

-- Conversations per week (its first day, the workspace's first day of the week).
create table conversation_week (
  workspace_id   bigint   not null references workspace (id) on delete cascade,
  week           date     not null,
  purpose_id     bigint   not null,
  owner_id       bigint   not null,
  status         text     not null,
  conversations  integer  not null,
  primary key (workspace_id, week, purpose_id, owner_id, status)
);

-- The monthly histograms also per purpose alone and per owner alone: percentiles per purpose (or per owner) over
-- years, with no filter on the other, sum a few tens of thousands of rows instead of every purpose-owner pair's.
create table conversation_month_purpose_time (
  workspace_id   bigint    not null references workspace (id) on delete cascade,
  month          date      not null,
  purpose_id     bigint    not null,
  measure        char(1)   not null check (measure in ('D', 'C')),
  bucket         smallint  not null,
  conversations  integer   not null,
  primary key (workspace_id, month, purpose_id, measure, bucket)
);

create table conversation_month_owner_time (
  workspace_id   bigint    not null references workspace (id) on delete cascade,
  month          date      not null,
  owner_id       bigint    not null,
  measure        char(1)   not null check (measure in ('D', 'C')),
  bucket         smallint  not null,
  conversations  integer   not null,
  primary key (workspace_id, month, owner_id, measure, bucket)
);

call isolate_workspace_table('conversation_day');
call isolate_workspace_table('conversation_month_purpose_time');
call isolate_workspace_table('conversation_month_owner_time');
call isolate_workspace_table('conversation_week');
call isolate_workspace_table('conversation_day_time');
call isolate_workspace_table('conversation_month');
call isolate_workspace_table('conversation_month_time');

create function report_time_bucket(seconds double precision) returns smallint
  language sql immutable parallel safe
  as $$ select case when seconds is null then null when seconds < 1 then 0
                    else (1 + floor(4 * log(2.0, seconds::numeric)))::smallint end $$;

-- The one statement that adds changed conversations to the rollups. `source` is a query giving conversation
-- columns and a sign (+1 for rows that arrive, -1 for rows that leave): the trigger's transition tables, or a
-- whole workspace when it is rebuilt. Rows that reach 0 are removed, so the rollups hold only what exists;
-- keys are inserted in order, so concurrent statements lock shared rollup rows in the same order.
create function conversation_rollup_level(tbl text, keys text, delta text) returns text
  language sql immutable parallel safe
  as $fn$ select format($sql$,
%1$s_added as (
  insert into %1$s as r (%2$s, conversations)
  select %2$s, n from %3$s where n > 0
  order by %2$s
  on conflict (%2$s)
  do update set conversations = r.conversations + excluded.conversations
),
%1$s_emptied as (
  delete from %1$s r using %3$s d
  where d.n < 0 and (%4$s) = (%5$s) and r.conversations + d.n <= 0
),
%1$s_lowered as (
  update %1$s r set conversations = r.conversations + d.n from %3$s d
  where d.n < 0 and (%4$s) = (%5$s) and r.conversations + d.n > 0
)$sql$, tbl, keys, delta,
    (select string_agg('r.' || k, ', ') from unnest(string_to_array(keys, ', ')) k),
    (select string_agg('d.' || k, ', ') from unnest(string_to_array(keys, ', ')) k)) $fn$;

create function conversation_rollup_statement(source text) returns text
  language sql immutable parallel safe
  as $fn$ select format($sql$
with changed as (
  select c.workspace_id, (c.start_time at time zone s.time_zone)::date as day, c.purpose_id, c.owner_id, c.status,
         report_time_bucket(extract(epoch from c.end_time - c.start_time)::double precision) as duration_bucket,
         case when c.status = 'CLOSED' and c.closed_at is not null
              then report_time_bucket(greatest(0, extract(epoch from c.closed_at - c.created_at))::double precision)
         end as close_bucket,
         c.sign
  from (%s) c
  join workspace_settings s on s.workspace_id = c.workspace_id
),
days as (
  select workspace_id, day, purpose_id, owner_id, status, sum(sign)::integer as n
  from changed group by workspace_id, day, purpose_id, owner_id, status having sum(sign) <> 0
),
times as (
  select workspace_id, day, purpose_id, owner_id, measure, bucket, sum(sign)::integer as n
  from (select workspace_id, day, purpose_id, owner_id, 'D' as measure, duration_bucket as bucket, sign
        from changed where duration_bucket is not null
        union all
        select workspace_id, day, purpose_id, owner_id, 'C', close_bucket, sign
        from changed where close_bucket is not null) t
  group by workspace_id, day, purpose_id, owner_id, measure, bucket having sum(sign) <> 0
),
weeks as (
  select d.workspace_id,
         d.day - ((extract(isodow from d.day)::int - array_position(array['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY',
           'FRIDAY', 'SATURDAY', 'SUNDAY'], s.first_day_of_week) + 7) %% 7) as week,
         d.purpose_id, d.owner_id, d.status, sum(d.n)::integer as n
  from days d join workspace_settings s on s.workspace_id = d.workspace_id
  group by 1, 2, 3, 4, 5 having sum(d.n) <> 0
),
months as (
  select workspace_id, date_trunc('month', day)::date as month, purpose_id, owner_id, status, sum(n)::integer as n
  from days group by 1, 2, 3, 4, 5 having sum(n) <> 0
),
month_times as (
  select workspace_id, date_trunc('month', day)::date as month, purpose_id, owner_id, measure, bucket, sum(n)::integer as n
  from times group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0
),
month_purpose_times as (
  select workspace_id, month, purpose_id, measure, bucket, sum(n)::integer as n
  from month_times group by 1, 2, 3, 4, 5 having sum(n) <> 0
),
month_owner_times as (
  select workspace_id, month, owner_id, measure, bucket, sum(n)::integer as n
  from month_times group by 1, 2, 3, 4, 5 having sum(n) <> 0
)$sql$, source)
    || conversation_rollup_level('conversation_day', 'workspace_id, day, purpose_id, owner_id, status', 'days')
    || conversation_rollup_level('conversation_day_time',
         'workspace_id, day, purpose_id, owner_id, measure, bucket', 'times')
    || conversation_rollup_level('conversation_week', 'workspace_id, week, purpose_id, owner_id, status', 'weeks')
    || conversation_rollup_level('conversation_month', 'workspace_id, month, purpose_id, owner_id, status', 'months')
    || conversation_rollup_level('conversation_month_time',
         'workspace_id, month, purpose_id, owner_id, measure, bucket', 'month_times')
    || conversation_rollup_level('conversation_month_purpose_time',
         'workspace_id, month, purpose_id, measure, bucket', 'month_purpose_times')
    || conversation_rollup_level('conversation_month_owner_time',
         'workspace_id, month, owner_id, measure, bucket', 'month_owner_times')
    || ' select 1' $fn$;

create function conversation_rollup_changed() returns trigger
  language plpgsql
  as $$
begin
  -- Transition tables are visible to the dynamic statement (it runs on this function's SPI connection).
  execute conversation_rollup_statement(case tg_op
    when 'INSERT' then
      'select workspace_id, start_time, purpose_id, owner_id, status, end_time, created_at, closed_at, 1 as sign from rollup_new'
    when 'DELETE' then
      'select workspace_id, start_time, purpose_id, owner_id, status, end_time, created_at, closed_at, -1 as sign from rollup_old'
    else
      'select workspace_id, start_time, purpose_id, owner_id, status, end_time, created_at, closed_at, 1 as sign from rollup_new
       union all
       select workspace_id, start_time, purpose_id, owner_id, status, end_time, created_at, closed_at, -1 as sign from rollup_old'
    end);
  return null;
end $$;

create trigger conversation_rollup_insert after insert on conversation
  referencing new table as rollup_new for each statement execute function conversation_rollup_changed();
create trigger conversation_rollup_update after update on conversation
  referencing old table as rollup_old new table as rollup_new for each statement execute function conversation_rollup_changed();
create trigger conversation_rollup_delete after delete on conversation
  referencing old table as rollup_old for each statement execute function conversation_rollup_changed();

-- A workspace's rollups counted again from its conversations: after its time zone (days move) or its first day of
-- the week changes, and by the migration below.
create function conversation_rollup_rebuild(ws bigint) returns void
  language plpgsql
  as $$
begin
  delete from conversation_day where workspace_id = ws;
  delete from conversation_day_time where workspace_id = ws;
  delete from conversation_week where workspace_id = ws;
  delete from conversation_month where workspace_id = ws;
  delete from conversation_month_time where workspace_id = ws;
  delete from conversation_month_purpose_time where workspace_id = ws;
  delete from conversation_month_owner_time where workspace_id = ws;
  execute conversation_rollup_statement(format(
    'select workspace_id, start_time, purpose_id, owner_id, status, end_time, created_at, closed_at, 1 as sign
     from conversation where workspace_id = %s', ws));
end $$;

create function conversation_rollup_zone_changed() returns trigger
  language plpgsql
  as $$
begin
  perform conversation_rollup_rebuild(new.workspace_id);
  return null;
end $$;

create trigger conversation_rollup_zone after update of time_zone, first_day_of_week on workspace_settings
  for each row when (old.time_zone is distinct from new.time_zone or old.first_day_of_week is distinct from new.first_day_of_week)
  execute function conversation_rollup_zone_changed();

select conversation_rollup_rebuild(id) from workspace;
