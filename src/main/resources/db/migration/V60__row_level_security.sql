-- Row-level security: defence in depth under the `workspace_id = :workspaceId` every statement already has.
-- Migrations run as the owner of the tables; the product's connections switch to a role that owns nothing
-- and cannot bypass row-level security (README, "Database roles"):
--   convonite_app     every request and background job: sees the rows of one workspace, named by the
--                     setting convonite.workspace_id; with no setting (or an empty one) it sees no row at all.
--   convonite_system  the few lookups that must search across workspaces before one is known (sign-in by
--                     email or API token, the due-task sweep, ...): only the tables and columns granted below.
-- A new workspace table joins with one line: call isolate_workspace_table('my_table');

-- Roles belong to the whole cluster (several databases may share them), so they are made only when missing;
-- an operator whose migration role may not create roles creates them beforehand.
do $$
declare
  wanted text;
begin
  foreach wanted in array array['convonite_app', 'convonite_system'] loop
    if not exists (select from pg_roles where rolname = wanted) then
      begin
        execute format('create role %I nologin', wanted);
      exception
        when duplicate_object or unique_violation then null; -- made at the same moment by another database's migration
        when insufficient_privilege then
          raise exception 'Role % is missing and % may not create it: create roles convonite_app and convonite_system (nologin) first; see README, "Database roles"', wanted, current_user;
      end;
    end if;
    if exists (select from pg_roles where rolname = wanted and (rolsuper or rolbypassrls)) then
      raise exception 'Role % must not be a superuser nor have BYPASSRLS', wanted;
    end if;
    -- The product switches to these roles with SET ROLE, which needs membership unless it signs in as a
    -- superuser. When the migration role is also the product's login role, grant it (best effort).
    if not exists (select from pg_roles where rolname = current_user and rolsuper)
        and not pg_has_role(current_user, wanted,
          case when current_setting('server_version_num')::int >= 160000 then 'SET' else 'MEMBER' end) then
      begin
        execute format('grant %I to %I', wanted, current_user);
      exception when others then
        raise notice 'Could not grant % to %: grant it to the login role of the product', wanted, current_user;
      end;
    end if;
  end loop;
end $$;

grant usage on schema public to convonite_app, convonite_system;

-- The workspace the connection works for; null (so no row matches) when the setting is missing or empty.
create function current_workspace_id() returns bigint
  language sql stable parallel safe
  as $$ select nullif(current_setting('convonite.workspace_id', true), '')::bigint $$;

-- Lets convonite_app use a workspace table, only inside the current workspace. The policy compares the
-- leading column of every index with a value computed once per statement (the sub-select becomes an
-- InitPlan), so it costs an index condition, not a function call per row. USING also serves as WITH CHECK:
-- a row written with another workspace's id is refused.
create procedure isolate_workspace_table(tbl regclass, workspace_column name default 'workspace_id')
  language plpgsql
  as $$
begin
  execute format('grant select, insert, update, delete on %s to convonite_app', tbl);
  execute format('alter table %s enable row level security, force row level security', tbl);
  execute format('create policy workspace_isolation on %s to convonite_app using (%I = (select current_workspace_id()))',
    tbl, workspace_column);
end $$;

call isolate_workspace_table('workspace', 'id');
call isolate_workspace_table('workspace_settings');
call isolate_workspace_table('member');
call isolate_workspace_table('api_token');
call isolate_workspace_table('contact');
call isolate_workspace_table('chat');
call isolate_workspace_table('message');
call isolate_workspace_table('purpose');
call isolate_workspace_table('conversation');
call isolate_workspace_table('conversation_history');
call isolate_workspace_table('task');
call isolate_workspace_table('idempotency_key');
call isolate_workspace_table('notification');

-- A new workspace reserves its id first, so that it is created entirely in its own scope.
grant usage on sequence workspace_id_seq to convonite_app;

-- What the system scope may see, table by table and column by column.
-- Sign-in by email (form and HTTP Basic), by API token, and the check that an email is not taken anywhere.
grant select (id, workspace_id, email, name, role, password_hash, active) on member to convonite_system;
create policy system_sign_in on member for select to convonite_system using (true);
grant select (member_id, token_hash, revoked_at), update (last_used_at) on api_token to convonite_system;
create policy system_sign_in on api_token for select to convonite_system using (true);
create policy system_token_used on api_token for update to convonite_system using (true);
-- The first start creates a workspace only when there is none.
grant select (id) on workspace to convonite_system;
create policy system_first_start on workspace for select to convonite_system using (true);
-- The due-task reminder finds the workspaces that have tasks to announce, then visits each in its own scope.
grant select (workspace_id, status, due_at, due_notified_at) on task to convonite_system;
create policy system_due_sweep on task for select to convonite_system using (true);
-- Idempotency keys are forgotten after a day, in every workspace.
grant select (created_at), delete on idempotency_key to convonite_system;
create policy system_forget_keys on idempotency_key for select to convonite_system using (true);
create policy system_forget_keys_delete on idempotency_key for delete to convonite_system using (true);

-- Spring Modulith's event publication registry (the outbox). Created here rather than by Modulith at start-up,
-- because the product's role may not create tables. Not a workspace table: the registry re-delivers events of
-- every workspace, and each listener then runs in its event's workspace.
create table if not exists event_publication (
  id                      uuid        not null primary key,
  listener_id             text        not null,
  event_type              text        not null,
  serialized_event        text        not null,
  publication_date        timestamptz not null,
  completion_date         timestamptz,
  status                  text,
  completion_attempts     int,
  last_resubmission_date  timestamptz
);
create index if not exists event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index if not exists event_publication_by_completion_date_idx on event_publication (completion_date);
grant select, insert, update, delete on event_publication to convonite_app, convonite_system;
