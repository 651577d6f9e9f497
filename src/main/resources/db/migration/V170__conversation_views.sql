-- Saved views of the Conversations tab (issue #18 §3): a member's named filter, sort and search, kept as the
-- tab's query string so that the view opens at its own URL. A view is the member's own unless an admin shares
-- it with the whole workspace; shared views are changed or removed by admins only (conversation/SavedViews).
create table conversation_view (
  workspace_id  bigint      not null references workspace (id) on delete cascade,
  id            bigint      generated always as identity,
  member_id     bigint      not null,
  name          text        not null check (length(name) between 1 and 80),
  query         text        not null check (length(query) <= 2000),
  shared        boolean     not null default false,
  created_at    timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, member_id) references member (workspace_id, id) on delete cascade
);
-- A name says which view it is: unique among a member's own views, and among the shared ones.
create unique index conversation_view_own_name_uk on conversation_view (workspace_id, member_id, lower(name))
  where not shared;
create unique index conversation_view_shared_name_uk on conversation_view (workspace_id, lower(name)) where shared;
call isolate_workspace_table('conversation_view');
