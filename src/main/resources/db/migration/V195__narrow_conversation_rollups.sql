-- Narrower conversation rollups (issue 17, "Speed and exactness"): a report grouped or filtered by purpose alone,
-- or by owner alone, reads rollups without the other, a fraction of the rows of every purpose-owner pair.
--
-- - weeks and months by purpose alone and by owner alone, with status (grouping by status and the outcomes'
--   closed and open need it; grouping by status with no purpose or owner filter reads the purpose one);
-- - the histograms of the two times (V110) per year by purpose alone and by owner alone: a report over years
--   reads whole years from them, whole months from the monthly ones and days only at its ends.
--
-- They are kept in the same statement as every other level (conversation_rollup_statement, redefined below with
-- six more levels, each derived from a level it already computes), so the statement-level triggers of V110 keep
-- them in the transaction of every change without a second pass; the trigger function now holds that statement as
-- static SQL, planned once per session (a change costs less than before with twice the levels). The back-fill below sums the existing rollups,
-- not the conversation table, so it is quick on a big database.

create table conversation_week_purpose (
  workspace_id   bigint   not null references workspace (id) on delete cascade,
  week           date     not null,
  purpose_id     bigint   not null,
  status         text     not null,
  conversations  integer  not null,
  primary key (workspace_id, week, purpose_id, status)
);

create table conversation_week_owner (
  workspace_id   bigint   not null references workspace (id) on delete cascade,
  week           date     not null,
  owner_id       bigint   not null,
  status         text     not null,
  conversations  integer  not null,
  primary key (workspace_id, week, owner_id, status)
);

create table conversation_month_purpose (
  workspace_id   bigint   not null references workspace (id) on delete cascade,
  month          date     not null,
  purpose_id     bigint   not null,
  status         text     not null,
  conversations  integer  not null,
  primary key (workspace_id, month, purpose_id, status)
);

create table conversation_month_owner (
  workspace_id   bigint   not null references workspace (id) on delete cascade,
  month          date     not null,
  owner_id       bigint   not null,
  status         text     not null,
  conversations  integer  not null,
  primary key (workspace_id, month, owner_id, status)
);

-- The histograms per year (its first day), as conversation_month_purpose_time and conversation_month_owner_time.
create table conversation_year_purpose_time (
  workspace_id   bigint    not null references workspace (id) on delete cascade,
  year           date      not null,
  purpose_id     bigint    not null,
  measure        char(1)   not null check (measure in ('D', 'C')),
  bucket         smallint  not null,
  conversations  integer   not null,
  primary key (workspace_id, year, purpose_id, measure, bucket)
);

create table conversation_year_owner_time (
  workspace_id   bigint    not null references workspace (id) on delete cascade,
  year           date      not null,
  owner_id       bigint    not null,
  measure        char(1)   not null check (measure in ('D', 'C')),
  bucket         smallint  not null,
  conversations  integer   not null,
  primary key (workspace_id, year, owner_id, measure, bucket)
);

call isolate_workspace_table('conversation_week_purpose');
call isolate_workspace_table('conversation_week_owner');
call isolate_workspace_table('conversation_month_purpose');
call isolate_workspace_table('conversation_month_owner');
call isolate_workspace_table('conversation_year_purpose_time');
call isolate_workspace_table('conversation_year_owner_time');

-- V110's statement with the six narrow levels: each a group by of a delta the statement computes anyway.
create or replace function conversation_rollup_statement(source text) returns text
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
week_purposes as (
  select workspace_id, week, purpose_id, status, sum(n)::integer as n
  from weeks group by 1, 2, 3, 4 having sum(n) <> 0
),
week_owners as (
  select workspace_id, week, owner_id, status, sum(n)::integer as n
  from weeks group by 1, 2, 3, 4 having sum(n) <> 0
),
months as (
  select workspace_id, date_trunc('month', day)::date as month, purpose_id, owner_id, status, sum(n)::integer as n
  from days group by 1, 2, 3, 4, 5 having sum(n) <> 0
),
month_purposes as (
  select workspace_id, month, purpose_id, status, sum(n)::integer as n
  from months group by 1, 2, 3, 4 having sum(n) <> 0
),
month_owners as (
  select workspace_id, month, owner_id, status, sum(n)::integer as n
  from months group by 1, 2, 3, 4 having sum(n) <> 0
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
),
year_purpose_times as (
  select workspace_id, date_trunc('year', month)::date as year, purpose_id, measure, bucket, sum(n)::integer as n
  from month_purpose_times group by 1, 2, 3, 4, 5 having sum(n) <> 0
),
year_owner_times as (
  select workspace_id, date_trunc('year', month)::date as year, owner_id, measure, bucket, sum(n)::integer as n
  from month_owner_times group by 1, 2, 3, 4, 5 having sum(n) <> 0
)$sql$, source)
    || conversation_rollup_level('conversation_day', 'workspace_id, day, purpose_id, owner_id, status', 'days')
    || conversation_rollup_level('conversation_day_time',
         'workspace_id, day, purpose_id, owner_id, measure, bucket', 'times')
    || conversation_rollup_level('conversation_week', 'workspace_id, week, purpose_id, owner_id, status', 'weeks')
    || conversation_rollup_level('conversation_week_purpose', 'workspace_id, week, purpose_id, status', 'week_purposes')
    || conversation_rollup_level('conversation_week_owner', 'workspace_id, week, owner_id, status', 'week_owners')
    || conversation_rollup_level('conversation_month', 'workspace_id, month, purpose_id, owner_id, status', 'months')
    || conversation_rollup_level('conversation_month_purpose', 'workspace_id, month, purpose_id, status',
         'month_purposes')
    || conversation_rollup_level('conversation_month_owner', 'workspace_id, month, owner_id, status', 'month_owners')
    || conversation_rollup_level('conversation_month_time',
         'workspace_id, month, purpose_id, owner_id, measure, bucket', 'month_times')
    || conversation_rollup_level('conversation_month_purpose_time',
         'workspace_id, month, purpose_id, measure, bucket', 'month_purpose_times')
    || conversation_rollup_level('conversation_month_owner_time',
         'workspace_id, month, owner_id, measure, bucket', 'month_owner_times')
    || conversation_rollup_level('conversation_year_purpose_time',
         'workspace_id, year, purpose_id, measure, bucket', 'year_purpose_times')
    || conversation_rollup_level('conversation_year_owner_time',
         'workspace_id, year, owner_id, measure, bucket', 'year_owner_times')
    || ' select 1' $fn$;

-- The trigger's three statements (insert, delete, update) as static SQL in its function, generated from
-- conversation_rollup_statement: PL/pgSQL plans a static statement once per session and keeps the plan, where V110's
-- EXECUTE planned the whole statement (now some fifty CTEs) again on every change. A migration that redefines
-- conversation_rollup_statement calls this procedure again.
create procedure conversation_rollup_define_trigger()
  language plpgsql
  as $proc$
declare
  columns constant text := 'workspace_id, start_time, purpose_id, owner_id, status, end_time, created_at, closed_at';
begin
  execute format($f$create or replace function conversation_rollup_changed() returns trigger
    language plpgsql
    as %L$f$,
    'declare done integer; begin if tg_op = ''INSERT'' then '
    || regexp_replace(conversation_rollup_statement(format('select %s, 1 as sign from rollup_new', columns)),
         ' select 1$', ' select 1 into done')
    || '; elsif tg_op = ''DELETE'' then '
    || regexp_replace(conversation_rollup_statement(format('select %s, -1 as sign from rollup_old', columns)),
         ' select 1$', ' select 1 into done')
    || '; else '
    || regexp_replace(conversation_rollup_statement(format(
         'select %1$s, 1 as sign from rollup_new union all select %1$s, -1 as sign from rollup_old', columns)),
         ' select 1$', ' select 1 into done')
    || '; end if; return null; end');
end $proc$;

call conversation_rollup_define_trigger();

create or replace function conversation_rollup_rebuild(ws bigint) returns void
  language plpgsql
  as $$
begin
  delete from conversation_day where workspace_id = ws;
  delete from conversation_day_time where workspace_id = ws;
  delete from conversation_week where workspace_id = ws;
  delete from conversation_week_purpose where workspace_id = ws;
  delete from conversation_week_owner where workspace_id = ws;
  delete from conversation_month where workspace_id = ws;
  delete from conversation_month_purpose where workspace_id = ws;
  delete from conversation_month_owner where workspace_id = ws;
  delete from conversation_month_time where workspace_id = ws;
  delete from conversation_month_purpose_time where workspace_id = ws;
  delete from conversation_month_owner_time where workspace_id = ws;
  delete from conversation_year_purpose_time where workspace_id = ws;
  delete from conversation_year_owner_time where workspace_id = ws;
  execute conversation_rollup_statement(format(
    'select workspace_id, start_time, purpose_id, owner_id, status, end_time, created_at, closed_at, 1 as sign
     from conversation where workspace_id = %s', ws));
end $$;

-- The back-fill, from the rollups that hold every conversation already (the wide rows never sum to 0).
insert into conversation_week_purpose (workspace_id, week, purpose_id, status, conversations)
select workspace_id, week, purpose_id, status, sum(conversations) from conversation_week group by 1, 2, 3, 4;
insert into conversation_week_owner (workspace_id, week, owner_id, status, conversations)
select workspace_id, week, owner_id, status, sum(conversations) from conversation_week group by 1, 2, 3, 4;
insert into conversation_month_purpose (workspace_id, month, purpose_id, status, conversations)
select workspace_id, month, purpose_id, status, sum(conversations) from conversation_month group by 1, 2, 3, 4;
insert into conversation_month_owner (workspace_id, month, owner_id, status, conversations)
select workspace_id, month, owner_id, status, sum(conversations) from conversation_month group by 1, 2, 3, 4;
insert into conversation_year_purpose_time (workspace_id, year, purpose_id, measure, bucket, conversations)
select workspace_id, date_trunc('year', month)::date, purpose_id, measure, bucket, sum(conversations)
from conversation_month_purpose_time group by 1, 2, 3, 4, 5;
insert into conversation_year_owner_time (workspace_id, year, owner_id, measure, bucket, conversations)
select workspace_id, date_trunc('year', month)::date, owner_id, measure, bucket, sum(conversations)
from conversation_month_owner_time group by 1, 2, 3, 4, 5;
