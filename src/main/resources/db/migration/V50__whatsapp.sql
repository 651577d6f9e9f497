-- The WhatsApp Cloud API channel of a workspace. The verify token, app secret and access token are stored
-- encrypted (com.convonite.shared.Secrets); channel_key is the random part of the workspace's callback URL.
create table whatsapp_channel (
  workspace_id     bigint      primary key references workspace (id) on delete cascade,
  channel_key      text        not null unique,
  phone_number_id  text        not null,
  verify_token     text        not null,
  app_secret       text        not null,
  access_token     text        not null,
  updated_at       timestamptz not null default now(),
  updated_by       bigint      references member (id),
  version          integer     not null default 0
);

-- Each signed webhook delivery, raw, stored before it is acknowledged and processed after the commit.
-- processed_at stays null until it was processed; a sweep picks such rows up again (after a crash too).
create table whatsapp_delivery (
  id            bigint generated always as identity primary key,
  workspace_id  bigint      not null references workspace (id) on delete cascade,
  body          bytea       not null,
  received_at   timestamptz not null default now(),
  attempts      integer     not null default 0,
  processed_at  timestamptz,
  outcome       text
);
create index whatsapp_delivery_workspace_idx on whatsapp_delivery (workspace_id, received_at desc, id desc);
-- The sweep looks across workspaces for what is left to do; the partial index holds only those rows.
create index whatsapp_delivery_unprocessed_idx on whatsapp_delivery (received_at, id) where processed_at is null;
