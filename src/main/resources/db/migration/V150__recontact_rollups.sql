-- The recontact rate (issue 17, part 5): the share of closed conversations whose contact gets another conversation
-- with the same purpose within N days (a workspace setting, default 7). A closed conversation is *recontacted* when
-- the same contact has another conversation of the same purpose that starts after its end time and at most
-- N x 24 hours after it. The Conversations list's filter recontacted=true|false applies the same rule, so the report
-- and the list agree exactly.
--
-- Whether a conversation is recontacted depends on its neighbours (a conversation logged, moved or deleted changes
-- the flag of earlier ones of its contact and purpose), so it cannot be counted from the changed rows alone as V110's
-- rollups are. Instead every statement that changes conversations recomputes the flags of the (contact, purpose)
-- pairs it touched (a contact has few conversations) into conversation_recontact, and adds the difference to the
-- daily and monthly rollups, in the same transaction. Closed conversations are counted on the day their start time
-- falls on in the workspace's zone, as everywhere in the reports.

alter table workspace_settings add column recontact_days integer not null default 7
  check (recontact_days between 1 and 365);

-- One row per closed conversation: its flag, and the columns the reports group and filter by.
create table conversation_recontact (
  workspace_id     bigint   not null references workspace (id) on delete cascade,
  conversation_id  bigint   not null,
  contact_id       bigint   not null,
  purpose_id       bigint   not null,
  owner_id         bigint   not null,
  day              date     not null,
  recontacted      boolean  not null,
  primary key (workspace_id, conversation_id)
);
create index conversation_recontact_pair_idx on conversation_recontact (workspace_id, contact_id, purpose_id, day);

-- Closed conversations and the recontacted among them, per local start day (and month), purpose and owner. Rows
-- that fall to zero stay (a report sums them); they are few and are reused by the next change.
create table recontact_day (
  workspace_id  bigint   not null references workspace (id) on delete cascade,
  day           date     not null,
  purpose_id    bigint   not null,
  owner_id      bigint   not null,
  closed        integer  not null,
  recontacted   integer  not null,
  primary key (workspace_id, day, purpose_id, owner_id)
);

create table recontact_month (
  workspace_id  bigint   not null references workspace (id) on delete cascade,
  month         date     not null,
  purpose_id    bigint   not null,
  owner_id      bigint   not null,
  closed        integer  not null,
  recontacted   integer  not null,
  primary key (workspace_id, month, purpose_id, owner_id)
);

call isolate_workspace_table('conversation_recontact');
call isolate_workspace_table('recontact_day');
call isolate_workspace_table('recontact_month');

-- Adds the flag rows that `source` (a data-modifying statement returning workspace_id, day, purpose_id, owner_id,
-- recontacted) removed (sign -1) or added (+1) to both rollups, keys in order so that concurrent statements lock
-- shared rollup rows in the same order.
create function recontact_rollup_statement(source text, sign integer) returns text
  language sql immutable parallel safe
  as $fn$ select format($sql$
with changed as (%1$s),
days as (
  select workspace_id, day, purpose_id, owner_id, (%2$s * count(*))::integer as closed,
         (%2$s * count(*) filter (where recontacted))::integer as recontacted
  from changed group by 1, 2, 3, 4
),
days_added as (
  insert into recontact_day as r (workspace_id, day, purpose_id, owner_id, closed, recontacted)
  select * from days order by 1, 2, 3, 4
  on conflict (workspace_id, day, purpose_id, owner_id)
  do update set closed = r.closed + excluded.closed, recontacted = r.recontacted + excluded.recontacted
)
insert into recontact_month as r (workspace_id, month, purpose_id, owner_id, closed, recontacted)
select workspace_id, date_trunc('month', day)::date, purpose_id, owner_id, sum(closed)::integer, sum(recontacted)::integer
from days group by 1, 2, 3, 4 order by 1, 2, 3, 4
on conflict (workspace_id, month, purpose_id, owner_id)
do update set closed = r.closed + excluded.closed, recontacted = r.recontacted + excluded.recontacted
$sql$, source, sign) $fn$;

-- The flags of the given (workspace, contact, purpose) pairs counted again.
create function conversation_recontact_refresh(workspaces bigint[], contacts bigint[], purposes bigint[]) returns void
  language plpgsql
  as $$
begin
  -- One refresh of a pair at a time: a second transaction that changes the same contact and purpose waits here,
  -- then (a new statement, a new snapshot) sees the first one's conversations and flags. A statement of many pairs
  -- (an import, a rebuild) locks its workspaces instead, which the others hold shared: the lock table has room for
  -- a few thousand locks, not a million.
  if cardinality(workspaces) > 1000 then
    perform pg_advisory_xact_lock(hashtextextended('recontact:' || w, 0))
    from (select distinct w from unnest(workspaces) t (w) order by 1) each_workspace;
  else
    perform pg_advisory_xact_lock_shared(hashtextextended('recontact:' || w, 0))
    from (select distinct w from unnest(workspaces) t (w) order by 1) each_workspace;
    perform pg_advisory_xact_lock(hashtextextended('recontact:' || w || ':' || c || ':' || p, 0))
    from (select distinct w, c, p from unnest(workspaces, contacts, purposes) t (w, c, p) order by 1, 2, 3) pairs;
  end if;
  execute recontact_rollup_statement($q$
    delete from conversation_recontact r
    using (select distinct * from unnest($1, $2, $3) t (workspace_id, contact_id, purpose_id)) p
    where r.workspace_id = p.workspace_id and r.contact_id = p.contact_id and r.purpose_id = p.purpose_id
    returning r.workspace_id, r.day, r.purpose_id, r.owner_id, r.recontacted$q$, -1)
    using workspaces, contacts, purposes;
  execute recontact_rollup_statement($q$
    insert into conversation_recontact (workspace_id, conversation_id, contact_id, purpose_id, owner_id, day, recontacted)
    select c.workspace_id, c.id, c.contact_id, c.purpose_id, c.owner_id, (c.start_time at time zone s.time_zone)::date,
           exists (select 1 from conversation o
                   where o.workspace_id = c.workspace_id and o.contact_id = c.contact_id and o.purpose_id = c.purpose_id
                     and o.start_time > c.end_time and o.start_time <= c.end_time + interval '24 hours' * s.recontact_days)
    from (select distinct * from unnest($1, $2, $3) t (workspace_id, contact_id, purpose_id)) p
    join conversation c on c.workspace_id = p.workspace_id and c.contact_id = p.contact_id and c.purpose_id = p.purpose_id
    join workspace_settings s on s.workspace_id = c.workspace_id
    where c.status = 'CLOSED'
    order by c.workspace_id, c.id
    returning workspace_id, day, purpose_id, owner_id, recontacted$q$, 1)
    using workspaces, contacts, purposes;
end $$;

-- The pairs a statement touched: those of the rows it inserted or deleted, and of the rows it changed in a column
-- the flag or the reports depend on (before and after). A subject edit touches none.
create function conversation_recontact_changed() returns trigger
  language plpgsql
  as $$
declare
  ws bigint[];
  cs bigint[];
  ps bigint[];
begin
  -- Transition tables are visible to the dynamic statement (it runs on this function's SPI connection).
  execute 'select array_agg(w), array_agg(c), array_agg(p) from (' || case tg_op
    when 'INSERT' then 'select distinct workspace_id, contact_id, purpose_id from recontact_new'
    when 'DELETE' then 'select distinct workspace_id, contact_id, purpose_id from recontact_old'
    else 'select distinct v.w, v.c, v.p
          from recontact_old o join recontact_new n on n.workspace_id = o.workspace_id and n.id = o.id
          cross join lateral (values (o.workspace_id, o.contact_id, o.purpose_id),
                                     (n.workspace_id, n.contact_id, n.purpose_id)) v (w, c, p)
          where (o.contact_id, o.purpose_id, o.owner_id, o.status, o.start_time, o.end_time)
                is distinct from (n.contact_id, n.purpose_id, n.owner_id, n.status, n.start_time, n.end_time)'
    end || ') pairs (w, c, p)'
  into ws, cs, ps;
  if ws is not null then
    perform conversation_recontact_refresh(ws, cs, ps);
  end if;
  return null;
end $$;

create trigger conversation_recontact_insert after insert on conversation
  referencing new table as recontact_new for each statement execute function conversation_recontact_changed();
create trigger conversation_recontact_update after update on conversation
  referencing old table as recontact_old new table as recontact_new for each statement execute function conversation_recontact_changed();
create trigger conversation_recontact_delete after delete on conversation
  referencing old table as recontact_old for each statement execute function conversation_recontact_changed();

-- A workspace's flags and rollups counted again: after its time zone (days move) or N changes, by the migration
-- below, and by the bench generator (which loads with triggers off).
create function conversation_recontact_rebuild(ws bigint) returns void
  language plpgsql
  as $$
declare
  cs bigint[];
  ps bigint[];
begin
  delete from conversation_recontact where workspace_id = ws;
  delete from recontact_day where workspace_id = ws;
  delete from recontact_month where workspace_id = ws;
  select array_agg(contact_id), array_agg(purpose_id) into cs, ps
  from (select distinct contact_id, purpose_id from conversation where workspace_id = ws and status = 'CLOSED') pairs;
  if cs is not null then
    perform conversation_recontact_refresh(array_fill(ws, array[cardinality(cs)]), cs, ps);
  end if;
end $$;

create function conversation_recontact_settings_changed() returns trigger
  language plpgsql
  as $$
begin
  perform conversation_recontact_rebuild(new.workspace_id);
  return null;
end $$;

create trigger conversation_recontact_settings after update of time_zone, recontact_days on workspace_settings
  for each row when (old.time_zone is distinct from new.time_zone or old.recontact_days is distinct from new.recontact_days)
  execute function conversation_recontact_settings_changed();

select conversation_recontact_rebuild(id) from workspace;
