-- Outgoing webhooks: the endpoints admins register, and one delivery per (endpoint, event) with its attempts.
create table webhook_endpoint (
  id                bigint generated always as identity primary key,
  workspace_id      bigint      not null references workspace (id) on delete cascade,
  url               text        not null,
  description       text,
  -- Encrypted with the product's secrets key (com.convonite.shared.Secrets): it must be read back to sign.
  secret_encrypted  text        not null,
  secret_hint       text        not null,
  event_types       text[]      not null,
  active            boolean     not null default true,
  created_by        bigint      not null references member (id),
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  version           integer     not null default 0
);
create index webhook_endpoint_workspace_idx on webhook_endpoint (workspace_id, id);

create table webhook_delivery (
  id               bigint generated always as identity primary key,
  workspace_id     bigint      not null references workspace (id) on delete cascade,
  endpoint_id      bigint      not null references webhook_endpoint (id) on delete cascade,
  event_id         uuid        not null,
  event_type       text        not null,
  event_time       timestamptz not null,
  payload          text        not null,
  status           text        not null default 'PENDING' check (status in ('PENDING', 'DELIVERED', 'FAILED')),
  attempts         integer     not null default 0,
  response_code    integer,
  last_error       text,
  last_attempt_at  timestamptz,
  next_attempt_at  timestamptz,
  retry_until      timestamptz not null,
  delivered_at     timestamptz,
  created_at       timestamptz not null default now(),
  -- A re-published event (after a crash) finds its deliveries already made and makes none twice.
  constraint webhook_delivery_event_uk unique (endpoint_id, event_id)
);
create index webhook_delivery_endpoint_idx on webhook_delivery (workspace_id, endpoint_id, id desc);
-- The sender's poll across all workspaces: only the deliveries still waiting, soonest first.
create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where status = 'PENDING';
