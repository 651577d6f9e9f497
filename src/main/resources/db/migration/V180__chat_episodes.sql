-- The Chats report and logging coverage (issue 17, parts 3 and 5b). A chat keeps only its current opened_at and
-- closed_at, so nothing could say when chats were opened and closed over time. chat_episode keeps one row per time a
-- chat was open: from its creation or reopening (by a member, or by a customer's message arriving in a closed chat)
-- to its close.
--
-- An episode's *agent* is the chat's assignee when it was closed (only the assignee may close a chat, so it is also
-- who closed it, closed_by); while the episode is open, the chat's assignee now (a reassignment moves it). A chat
-- closed without an assignee (only SQL by hand can) counts under agent 0, "Unassigned".
--
-- Kept by triggers, as V110/V150/V151 keep the conversation and task rollups, and not by the Java commands: the
-- episode moves with statements of three modules (chat: open, close, reopen, assign, messages in and out;
-- conversation: logged, moved, deleted), the sample data and hand-made SQL, and the triggers see every one of them in
-- its own transaction. Row-level triggers on chat and message move the one episode a change concerns; statement-level
-- triggers on conversation refresh the conversation_logged flag of the chats a statement touched; statement-level
-- triggers on chat_episode add the difference of every changed episode to the daily and monthly rollups.
--
-- Rollups per workspace, local day (and month) and agent. An episode counts on the day it was *opened* for: opened,
-- messages in and out during it, its first response (exact counts per respond.io band, and a log-scale histogram for
-- the median and p90); and on the day it was *closed* for: closed, closed with a conversation logged since it was
-- opened, and its resolution time (opened -> closed, histogram). The histograms use V110's buckets (19% wide from one
-- second, so a percentile is within 9.1% of the exact nearest-rank value). Rows that fall to zero stay (as V150's).

create table chat_episode (
  workspace_id         bigint      not null references workspace (id) on delete cascade,
  id                   bigint      generated always as identity,
  chat_id              bigint      not null,
  contact_id           bigint      not null,
  opened_at            timestamptz not null,
  closed_at            timestamptz,
  closed_by            bigint,
  agent_id             bigint,
  -- the customer's first message in the episode, and the first reply by a member after it
  first_in_at          timestamptz,
  first_reply_at       timestamptz,
  first_reply_by       bigint,
  messages_in          integer     not null default 0,
  messages_out         integer     not null default 0,
  -- a conversation was logged on the chat between opened_at and closed_at (until now while open)
  conversation_logged  boolean     not null default false,
  primary key (workspace_id, id),
  foreign key (workspace_id, chat_id) references chat (workspace_id, id) on delete cascade
);
-- At most one open episode per chat: the one a message or a close moves.
create unique index chat_episode_open_uk on chat_episode (workspace_id, chat_id) where closed_at is null;
create index chat_episode_chat_idx on chat_episode (workspace_id, chat_id, opened_at);
-- The chat list's drill-down: episodes opened (closed) in a range, newest first.
create index chat_episode_opened_idx on chat_episode (workspace_id, opened_at desc, id desc);
create index chat_episode_closed_idx on chat_episode (workspace_id, closed_at desc, id desc) where closed_at is not null;
create index chat_episode_contact_idx on chat_episode (workspace_id, contact_id);

create table chat_day (
  workspace_id   bigint   not null references workspace (id) on delete cascade,
  day            date     not null,
  agent_id       bigint   not null,
  opened         integer  not null,
  closed         integer  not null,
  closed_logged  integer  not null,
  messages_in    integer  not null,
  messages_out   integer  not null,
  -- first responses of the episodes opened that day, per respond.io band: < 30 s, 30 s-2 min, 2-5, 5-10, 10-30,
  -- 30-60 min, 1 h or more
  first_30s      integer  not null,
  first_2m       integer  not null,
  first_5m       integer  not null,
  first_10m      integer  not null,
  first_30m      integer  not null,
  first_1h       integer  not null,
  first_over_1h  integer  not null,
  primary key (workspace_id, day, agent_id)
);

create table chat_month (like chat_day including all);
alter table chat_month rename column day to month;

-- measure 'F' first response (by opened day), 'R' resolution (by closed day); buckets as V110's report_time_bucket
create table chat_day_time (
  workspace_id  bigint    not null references workspace (id) on delete cascade,
  day           date      not null,
  agent_id      bigint    not null,
  measure       char(1)   not null check (measure in ('F', 'R')),
  bucket        smallint  not null,
  chats         integer   not null,
  primary key (workspace_id, day, agent_id, measure, bucket)
);

create table chat_month_time (like chat_day_time including all);
alter table chat_month_time rename column day to month;

alter table chat_month add foreign key (workspace_id) references workspace (id) on delete cascade;
alter table chat_month_time add foreign key (workspace_id) references workspace (id) on delete cascade;

call isolate_workspace_table('chat_episode');
call isolate_workspace_table('chat_day');
call isolate_workspace_table('chat_month');
call isolate_workspace_table('chat_day_time');
call isolate_workspace_table('chat_month_time');
do $$ begin
  execute format('grant usage on sequence %s to convonite_app', pg_get_serial_sequence('chat_episode', 'id'));
end $$;

-- The common table expression that adds a delta of counts (`delta`: rows of a rollup's columns) to a rollup.
create function chat_rollup_counts(tbl text, period text, delta text) returns text
  language sql immutable parallel safe
  as $fn$ select format($sql$
%1$s_rows as (
  insert into %1$s as r
  select * from %3$s order by workspace_id, %2$s, agent_id
  on conflict (workspace_id, %2$s, agent_id) do update set %4$s
)$sql$, tbl, period, delta,
    (select string_agg(format('%1$s = r.%1$s + excluded.%1$s', c), ', ')
     from unnest(array['opened', 'closed', 'closed_logged', 'messages_in', 'messages_out', 'first_30s', 'first_2m',
                       'first_5m', 'first_10m', 'first_30m', 'first_1h', 'first_over_1h']) c)) $fn$;

-- The statement that adds episodes to the rollups: `source` gives episode columns and a sign (+1 for rows that
-- arrive, -1 for rows that leave): the trigger's transition tables, or a whole workspace when it is rebuilt. Keys are
-- inserted in order, so concurrent statements lock shared rollup rows in the same order.
create function chat_rollup_statement(source text) returns text
  language sql immutable parallel safe
  as $fn$ select format($sql$
with e as (
  select x.workspace_id, coalesce(x.agent_id, 0) as agent_id, x.sign,
         (x.opened_at at time zone s.time_zone)::date as opened_day,
         (x.closed_at at time zone s.time_zone)::date as closed_day,
         x.messages_in, x.messages_out, x.conversation_logged,
         case when x.first_reply_at is not null and x.first_in_at is not null
              then greatest(0, extract(epoch from x.first_reply_at - x.first_in_at))::double precision end as first_response,
         case when x.closed_at is not null
              then greatest(0, extract(epoch from x.closed_at - x.opened_at))::double precision end as resolution
  from (%s) x
  join workspace_settings s on s.workspace_id = x.workspace_id
),
parts as (
  select workspace_id, opened_day as day, agent_id, sign as opened, 0 as closed, 0 as closed_logged,
         sign * messages_in as messages_in, sign * messages_out as messages_out,
         case when first_response < 30 then sign else 0 end as first_30s,
         case when first_response >= 30 and first_response < 120 then sign else 0 end as first_2m,
         case when first_response >= 120 and first_response < 300 then sign else 0 end as first_5m,
         case when first_response >= 300 and first_response < 600 then sign else 0 end as first_10m,
         case when first_response >= 600 and first_response < 1800 then sign else 0 end as first_30m,
         case when first_response >= 1800 and first_response < 3600 then sign else 0 end as first_1h,
         case when first_response >= 3600 then sign else 0 end as first_over_1h
  from e
  union all
  select workspace_id, closed_day, agent_id, 0, sign, case when conversation_logged then sign else 0 end,
         0, 0, 0, 0, 0, 0, 0, 0, 0
  from e where closed_day is not null
),
days as (
  select workspace_id, day, agent_id, sum(opened)::integer as opened, sum(closed)::integer as closed,
         sum(closed_logged)::integer as closed_logged, sum(messages_in)::integer as messages_in,
         sum(messages_out)::integer as messages_out, sum(first_30s)::integer as first_30s,
         sum(first_2m)::integer as first_2m, sum(first_5m)::integer as first_5m, sum(first_10m)::integer as first_10m,
         sum(first_30m)::integer as first_30m, sum(first_1h)::integer as first_1h,
         sum(first_over_1h)::integer as first_over_1h
  from parts group by 1, 2, 3
),
changed_days as (
  select * from days
  where (opened, closed, closed_logged, messages_in, messages_out, first_30s, first_2m, first_5m, first_10m, first_30m,
         first_1h, first_over_1h) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
),
months as (
  select workspace_id, date_trunc('month', day)::date as month, agent_id, sum(opened)::integer as opened,
         sum(closed)::integer as closed, sum(closed_logged)::integer as closed_logged,
         sum(messages_in)::integer as messages_in, sum(messages_out)::integer as messages_out,
         sum(first_30s)::integer as first_30s, sum(first_2m)::integer as first_2m, sum(first_5m)::integer as first_5m,
         sum(first_10m)::integer as first_10m, sum(first_30m)::integer as first_30m, sum(first_1h)::integer as first_1h,
         sum(first_over_1h)::integer as first_over_1h
  from changed_days group by 1, 2, 3
),
times as (
  select workspace_id, day, agent_id, measure, bucket, sum(sign)::integer as n
  from (select workspace_id, opened_day as day, agent_id, 'F' as measure, report_time_bucket(first_response) as bucket, sign
        from e where first_response is not null
        union all
        select workspace_id, closed_day, agent_id, 'R', report_time_bucket(resolution), sign
        from e where resolution is not null) t
  group by 1, 2, 3, 4, 5 having sum(sign) <> 0
),
month_times as (
  select workspace_id, date_trunc('month', day)::date as month, agent_id, measure, bucket, sum(n)::integer as n
  from times group by 1, 2, 3, 4, 5 having sum(n) <> 0
),
$sql$, source)
    || chat_rollup_counts('chat_day', 'day', 'changed_days') || ','
    || chat_rollup_counts('chat_month', 'month', 'months') || ','
    || $sql$
day_time_rows as (
  insert into chat_day_time as r (workspace_id, day, agent_id, measure, bucket, chats)
  select * from times order by 1, 2, 3, 4, 5
  on conflict (workspace_id, day, agent_id, measure, bucket) do update set chats = r.chats + excluded.chats
)
insert into chat_month_time as r (workspace_id, month, agent_id, measure, bucket, chats)
select * from month_times order by 1, 2, 3, 4, 5
on conflict (workspace_id, month, agent_id, measure, bucket) do update set chats = r.chats + excluded.chats
$sql$ $fn$;

create function chat_episode_rollup_changed() returns trigger
  language plpgsql
  as $$
declare
  columns constant text := 'workspace_id, agent_id, opened_at, closed_at, first_in_at, first_reply_at, messages_in, '
    || 'messages_out, conversation_logged';
begin
  -- a rebuild counts the rollups itself, once, after it wrote every episode
  if current_setting('convonite.chat_rollup_off', true) = 'on' then
    return null;
  end if;
  -- Transition tables are visible to the dynamic statement (it runs on this function's SPI connection).
  execute chat_rollup_statement(case tg_op
    when 'INSERT' then 'select ' || columns || ', 1 as sign from episode_new'
    when 'DELETE' then 'select ' || columns || ', -1 as sign from episode_old'
    else 'select ' || columns || ', 1 as sign from episode_new union all select ' || columns || ', -1 as sign from episode_old'
    end);
  return null;
end $$;

create trigger chat_episode_rollup_insert after insert on chat_episode
  referencing new table as episode_new for each statement execute function chat_episode_rollup_changed();
create trigger chat_episode_rollup_update after update on chat_episode
  referencing old table as episode_old new table as episode_new for each statement execute function chat_episode_rollup_changed();
create trigger chat_episode_rollup_delete after delete on chat_episode
  referencing old table as episode_old for each statement execute function chat_episode_rollup_changed();

-- Whether a conversation was logged on the chat during the episode (since it was opened; up to its close).
create function chat_episode_logged(ws bigint, chat bigint, opened timestamptz, closed timestamptz) returns boolean
  language sql stable parallel safe
  as $$ select exists (select 1 from conversation v
                       where v.workspace_id = ws and v.chat_id = chat and v.created_at >= opened
                         and (closed is null or v.created_at <= closed)) $$;

-- A chat created, closed, reopened or reassigned: its open episode follows (row-level: one chat per change).
create function chat_episode_chat_changed() returns trigger
  language plpgsql
  as $$
begin
  if tg_op = 'INSERT' then
    insert into chat_episode (workspace_id, chat_id, contact_id, opened_at, closed_at, closed_by, agent_id)
    values (new.workspace_id, new.id, new.contact_id, new.opened_at,
            case when new.status = 'CLOSED' then greatest(coalesce(new.closed_at, new.opened_at), new.opened_at) end,
            case when new.status = 'CLOSED' then new.assignee_id end, new.assignee_id);
  elsif old.status = 'OPEN' and new.status = 'CLOSED' then
    update chat_episode e set closed_at = greatest(coalesce(new.closed_at, now()), e.opened_at),
           closed_by = new.assignee_id, agent_id = new.assignee_id,
           conversation_logged = chat_episode_logged(e.workspace_id, e.chat_id, e.opened_at,
             greatest(coalesce(new.closed_at, now()), e.opened_at))
    where e.workspace_id = new.workspace_id and e.chat_id = new.id and e.closed_at is null;
  elsif new.status = 'OPEN' and (old.status = 'CLOSED' or old.opened_at is distinct from new.opened_at) then
    -- reopened: the episode a customer's message opened in this transaction, or a new one
    update chat_episode e set opened_at = new.opened_at, agent_id = new.assignee_id,
           conversation_logged = chat_episode_logged(e.workspace_id, e.chat_id, new.opened_at, null)
    where e.workspace_id = new.workspace_id and e.chat_id = new.id and e.closed_at is null;
    if not found then
      insert into chat_episode (workspace_id, chat_id, contact_id, opened_at, agent_id, conversation_logged)
      values (new.workspace_id, new.id, new.contact_id, new.opened_at, new.assignee_id,
              chat_episode_logged(new.workspace_id, new.id, new.opened_at, null));
    end if;
  elsif new.status = 'OPEN' and old.assignee_id is distinct from new.assignee_id then
    update chat_episode set agent_id = new.assignee_id
    where workspace_id = new.workspace_id and chat_id = new.id and closed_at is null;
  end if;
  return null;
end $$;

create trigger chat_episode_chat_insert after insert on chat
  for each row execute function chat_episode_chat_changed();
create trigger chat_episode_chat_update after update of status, opened_at, closed_at, assignee_id on chat
  for each row when (old.status is distinct from new.status or old.opened_at is distinct from new.opened_at
                     or old.assignee_id is distinct from new.assignee_id)
  execute function chat_episode_chat_changed();

-- A message counts in the chat's open episode. A customer's message in a chat without one opens one (the product
-- reopens the chat in the same transaction, which then keeps this episode); a member's reply in a closed chat (only
-- SQL by hand can write one) counts nowhere. The first member reply after the customer's first message is the
-- episode's first response.
create function chat_episode_message_added() returns trigger
  language plpgsql
  as $$
begin
  update chat_episode e set
    messages_in = e.messages_in + (new.direction = 'IN')::int,
    messages_out = e.messages_out + (new.direction = 'OUT')::int,
    first_in_at = case when new.direction = 'IN' and e.first_in_at is null then new.sent_at else e.first_in_at end,
    first_reply_at = case when new.direction = 'OUT' and new.author_id is not null and e.first_in_at is not null
                               and e.first_reply_at is null then greatest(new.sent_at, e.first_in_at)
                          else e.first_reply_at end,
    first_reply_by = case when new.direction = 'OUT' and new.author_id is not null and e.first_in_at is not null
                               and e.first_reply_at is null then new.author_id
                          else e.first_reply_by end
  where e.workspace_id = new.workspace_id and e.chat_id = new.chat_id and e.closed_at is null;
  if not found and new.direction = 'IN' then
    insert into chat_episode (workspace_id, chat_id, contact_id, opened_at, agent_id, messages_in, first_in_at)
    select c.workspace_id, c.id, c.contact_id, now(), c.assignee_id, 1, new.sent_at
    from chat c where c.workspace_id = new.workspace_id and c.id = new.chat_id;
  end if;
  return null;
end $$;

create trigger chat_episode_message_insert after insert on message
  for each row execute function chat_episode_message_added();

-- Conversations logged, moved to another chat or in time, or deleted: the flags of the episodes of the chats a
-- statement touched are counted again (a chat has few episodes and few conversations).
create function chat_episode_conversation_changed() returns trigger
  language plpgsql
  as $$
begin
  execute 'update chat_episode e set conversation_logged = x.logged
    from (select e2.workspace_id, e2.id,
                 chat_episode_logged(e2.workspace_id, e2.chat_id, e2.opened_at, e2.closed_at) as logged
          from (' || case tg_op
      when 'INSERT' then 'select distinct workspace_id, chat_id from episode_conversation_new'
      when 'DELETE' then 'select distinct workspace_id, chat_id from episode_conversation_old'
      else 'select distinct v.w, v.c
            from episode_conversation_old o
            join episode_conversation_new n on n.workspace_id = o.workspace_id and n.id = o.id
            cross join lateral (values (o.workspace_id, o.chat_id), (n.workspace_id, n.chat_id)) v (w, c)
            where (o.chat_id, o.created_at) is distinct from (n.chat_id, n.created_at)'
      end || ') a (w, c)
          join chat_episode e2 on e2.workspace_id = a.w and e2.chat_id = a.c
          order by 1, 2) x
    where e.workspace_id = x.workspace_id and e.id = x.id and e.conversation_logged <> x.logged';
  return null;
end $$;

create trigger chat_episode_conversation_insert after insert on conversation
  referencing new table as episode_conversation_new
  for each statement execute function chat_episode_conversation_changed();
create trigger chat_episode_conversation_update after update on conversation
  referencing old table as episode_conversation_old new table as episode_conversation_new
  for each statement execute function chat_episode_conversation_changed();
create trigger chat_episode_conversation_delete after delete on conversation
  referencing old table as episode_conversation_old
  for each statement execute function chat_episode_conversation_changed();

-- A workspace's rollups counted again from its episodes: after its time zone changes (days move), and by the
-- rebuild below.
create function chat_rollup_rebuild(ws bigint) returns void
  language plpgsql
  as $$
begin
  delete from chat_day where workspace_id = ws;
  delete from chat_month where workspace_id = ws;
  delete from chat_day_time where workspace_id = ws;
  delete from chat_month_time where workspace_id = ws;
  execute chat_rollup_statement(format(
    'select workspace_id, agent_id, opened_at, closed_at, first_in_at, first_reply_at, messages_in, messages_out,
            conversation_logged, 1 as sign from chat_episode where workspace_id = %s', ws));
end $$;

-- A workspace's episodes made again from its chats, one per chat (the history of earlier ones is not kept by the
-- chat table): the current one, from the chat's opened_at to its closed_at, with the messages sent in between and
-- whether a conversation was logged then; then its rollups. For this migration and for the bench generator, which
-- loads with triggers off. Set-based: two passes over the workspace's messages, whatever their number.
create function chat_episode_rebuild(ws bigint) returns void
  language plpgsql
  as $$
begin
  perform set_config('convonite.chat_rollup_off', 'on', true);
  delete from chat_episode where workspace_id = ws;
  insert into chat_episode (workspace_id, chat_id, contact_id, opened_at, closed_at, closed_by, agent_id, first_in_at,
                            first_reply_at, first_reply_by, messages_in, messages_out, conversation_logged)
  with c as (
    select c.workspace_id, c.id, c.contact_id, c.opened_at, c.assignee_id,
           case when c.status = 'CLOSED' then greatest(coalesce(c.closed_at, c.opened_at), c.opened_at) end as closed_at
    from chat c where c.workspace_id = ws
  ),
  counted as (
    select g.chat_id, count(*) filter (where g.direction = 'IN')::integer as messages_in,
           count(*) filter (where g.direction = 'OUT')::integer as messages_out,
           min(g.sent_at) filter (where g.direction = 'IN') as first_in_at
    from message g join c on c.id = g.chat_id
    where g.workspace_id = ws and g.sent_at >= c.opened_at and (c.closed_at is null or g.sent_at <= c.closed_at)
    group by g.chat_id
  ),
  replies as (
    select g.chat_id, (array_agg(g.sent_at order by g.sent_at, g.id))[1] as first_reply_at,
           (array_agg(g.author_id order by g.sent_at, g.id))[1] as first_reply_by
    from message g join c on c.id = g.chat_id join counted m on m.chat_id = g.chat_id
    where g.workspace_id = ws and g.direction = 'OUT' and g.author_id is not null and g.sent_at >= m.first_in_at
      and (c.closed_at is null or g.sent_at <= c.closed_at)
    group by g.chat_id
  )
  select c.workspace_id, c.id, c.contact_id, c.opened_at, c.closed_at,
         case when c.closed_at is not null then c.assignee_id end, c.assignee_id, m.first_in_at, r.first_reply_at,
         r.first_reply_by, coalesce(m.messages_in, 0), coalesce(m.messages_out, 0),
         chat_episode_logged(c.workspace_id, c.id, c.opened_at, c.closed_at)
  from c
  left join counted m on m.chat_id = c.id
  left join replies r on r.chat_id = c.id
  order by c.id;
  perform set_config('convonite.chat_rollup_off', 'off', true);
  perform chat_rollup_rebuild(ws);
end $$;

create function chat_rollup_zone_changed() returns trigger
  language plpgsql
  as $$
begin
  perform chat_rollup_rebuild(new.workspace_id);
  return null;
end $$;

create trigger chat_rollup_zone after update of time_zone on workspace_settings
  for each row when (old.time_zone is distinct from new.time_zone)
  execute function chat_rollup_zone_changed();

select chat_episode_rebuild(id) from workspace;
