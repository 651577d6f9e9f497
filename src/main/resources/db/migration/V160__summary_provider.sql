-- The optional OpenAI-compatible summary provider of each workspace (issue 18, part 4): where to ask for a
-- subject and summary draft. Off by default; the API key is stored encrypted (shared/Secrets), like the
-- WhatsApp channel's secrets, and is never shown back in full.
create table summary_provider (
  workspace_id     bigint      primary key references workspace (id) on delete cascade,
  enabled          boolean     not null default false,
  base_url         text,
  model            text,
  api_key          text,
  timeout_seconds  integer     not null default 20 check (timeout_seconds between 1 and 120),
  updated_at       timestamptz not null default now(),
  updated_by       bigint,
  version          integer     not null default 0,
  foreign key (workspace_id, updated_by) references member (workspace_id, id),
  check (not enabled or (base_url is not null and model is not null))
);

call isolate_workspace_table('summary_provider');
