-- Every key of a workspace table leads with workspace_id (docs/scaling.md, "Moving to Citus", step 1): primary
-- keys become (workspace_id, id), and every foreign key between two workspace tables becomes composite, e.g.
-- (workspace_id, chat_id) references chat (workspace_id, id), so that a row can never point into another
-- workspace and Citus can distribute every table by workspace_id. Existing rows are kept; the keys are rebuilt
-- in place (a key that pointed into another workspace would make this migration fail, as it should).
--
-- Global tables, without workspace_id: workspace (a Citus reference table, with workspace_settings), and the
-- local tables event_publication (the event registry), spring_session and spring_session_attributes
-- (sessions), the sign-in failures, shedlock and flyway_schema_history. Two global unique indexes remain and
-- are named in WorkspaceKeysIntegrationTests: member_email_uk (an email signs in across workspaces) and
-- whatsapp_channel's channel_key (a webhook names its channel, not its workspace); under Citus both move to
-- small reference tables.
do $$
declare
  fk record;
  pk record;
  action text;
begin
  create temporary table workspace_foreign_key on commit drop as
  select c.conname, c.conrelid::regclass as tbl, c.confrelid::regclass as ref, a.attname as col,
         c.confdeltype as on_delete, c.condeferrable as deferrable, c.condeferred as deferred
  from pg_constraint c
  join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
  where c.contype = 'f' and c.connamespace = 'public'::regnamespace and array_length(c.conkey, 1) = 1
    and a.attname <> 'workspace_id'
    and exists (select 1 from pg_attribute w where w.attrelid = c.conrelid and w.attname = 'workspace_id' and not w.attisdropped)
    and exists (select 1 from pg_attribute w where w.attrelid = c.confrelid and w.attname = 'workspace_id' and not w.attisdropped);

  for fk in select * from workspace_foreign_key loop
    execute format('alter table %s drop constraint %I', fk.tbl, fk.conname);
  end loop;

  for pk in
    select c.conrelid::regclass as tbl, c.conname
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'p' and c.connamespace = 'public'::regnamespace and array_length(c.conkey, 1) = 1
      and a.attname = 'id'
      and exists (select 1 from pg_attribute w where w.attrelid = c.conrelid and w.attname = 'workspace_id' and not w.attisdropped)
  loop
    execute format('alter table %s drop constraint %I', pk.tbl, pk.conname);
    execute format('alter table %s add constraint %I primary key (workspace_id, id)', pk.tbl, pk.conname);
  end loop;

  for fk in select * from workspace_foreign_key loop
    action := case fk.on_delete
      when 'c' then 'cascade'
      when 'n' then format('set null (%I)', fk.col)
      when 'r' then 'restrict'
      when 'd' then format('set default (%I)', fk.col)
      else 'no action' end;
    execute format('alter table %s add constraint %I foreign key (workspace_id, %I) references %s (workspace_id, id) on delete %s%s',
                   fk.tbl, fk.conname, fk.col, fk.ref, action,
                   case when fk.deferrable then ' deferrable' || case when fk.deferred then ' initially deferred' else '' end else '' end);
  end loop;
end
$$;

alter table contact_import_problem drop constraint contact_import_problem_pkey;
alter table contact_import_problem add constraint contact_import_problem_pkey primary key (workspace_id, import_id, row_number);

alter table webhook_delivery drop constraint webhook_delivery_event_uk;
alter table webhook_delivery add constraint webhook_delivery_event_uk unique (workspace_id, endpoint_id, event_id);

-- Sign-in by API token looks the token up by the id it names, before its workspace is known.
create index api_token_id_idx on api_token (id);
-- WhatsApp deliveries are claimed across workspaces by id (update ... where id in (select ... skip locked)).
create index whatsapp_delivery_id_idx on whatsapp_delivery (id);
