-- Convonite schema. Every workspace table carries workspace_id, and every composite index leads with it.
create extension if not exists unaccent;

-- unaccent() is only STABLE (it reads a dictionary); this wrapper pins the dictionary so that it can be
-- used in a generated column and an index.
create function immutable_unaccent(text) returns text
  language sql immutable parallel safe strict
  as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;

create table workspace (
  id          bigint generated always as identity primary key,
  name        text        not null,
  created_at  timestamptz not null default now()
);

create table workspace_settings (
  workspace_id                        bigint primary key references workspace (id) on delete cascade,
  require_conversation_to_close_chat  boolean     not null default false,
  time_zone                           text        not null default 'UTC',
  default_country                     text        not null default 'US',
  updated_at                          timestamptz not null default now(),
  version                             integer     not null default 0
);

create table member (
  id             bigint generated always as identity primary key,
  workspace_id   bigint      not null references workspace (id) on delete cascade,
  email          text        not null,
  name           text        not null,
  password_hash  text        not null,
  role           text        not null check (role in ('ADMIN', 'AGENT')),
  active         boolean     not null default true,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  version        integer     not null default 0
);
-- Sign-in is by email alone, so an email names one member across all workspaces.
create unique index member_email_uk on member (lower(email));
create index member_workspace_idx on member (workspace_id, lower(name), id);

create table api_token (
  id            bigint generated always as identity primary key,
  workspace_id  bigint      not null references workspace (id) on delete cascade,
  member_id     bigint      not null references member (id) on delete cascade,
  name          text        not null,
  token_hash    text        not null unique,
  created_at    timestamptz not null default now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
create index api_token_member_idx on api_token (workspace_id, member_id, created_at desc);

create table contact (
  id            bigint generated always as identity primary key,
  workspace_id  bigint      not null references workspace (id) on delete cascade,
  name          text        not null,
  phone         text        not null,
  email         text,
  notes         text,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  version       integer     not null default 0
);
create unique index contact_phone_uk on contact (workspace_id, phone);
create index contact_name_idx on contact (workspace_id, lower(name), id);

create table chat (
  id                bigint generated always as identity primary key,
  workspace_id      bigint      not null references workspace (id) on delete cascade,
  contact_id        bigint      not null references contact (id),
  channel           text        not null,
  status            text        not null default 'OPEN' check (status in ('OPEN', 'CLOSED')),
  assignee_id       bigint      references member (id),
  unread_count      integer     not null default 0,
  last_message_at   timestamptz,
  last_inbound_at   timestamptz,
  opened_at         timestamptz not null default now(),
  closed_at         timestamptz,
  created_at        timestamptz not null default now(),
  version           integer     not null default 0
);
create unique index chat_contact_channel_uk on chat (workspace_id, contact_id, channel);
-- The five views sort by newest activity; each view's filter leads its index.
create index chat_activity_idx on chat (workspace_id, last_message_at desc nulls last, id desc);
create index chat_status_activity_idx on chat (workspace_id, status, last_message_at desc nulls last, id desc);
create index chat_assignee_activity_idx on chat (workspace_id, assignee_id, status, last_message_at desc nulls last, id desc);

create table message (
  id               bigint generated always as identity primary key,
  workspace_id     bigint      not null references workspace (id) on delete cascade,
  chat_id          bigint      not null references chat (id) on delete cascade,
  direction        text        not null check (direction in ('IN', 'OUT')),
  type             text        not null,
  body             text,
  media            jsonb,
  sent_at          timestamptz not null,
  author_id        bigint      references member (id),
  delivery_status  text        check (delivery_status in ('PENDING', 'SENT', 'DELIVERED', 'READ', 'FAILED')),
  failure_reason   text,
  external_id      text,
  created_at       timestamptz not null default now()
);
create unique index message_external_id_uk on message (workspace_id, external_id) where external_id is not null;
create index message_chat_idx on message (workspace_id, chat_id, sent_at, id);

create table purpose (
  id            bigint generated always as identity primary key,
  workspace_id  bigint      not null references workspace (id) on delete cascade,
  name          text        not null,
  position      integer     not null,
  archived      boolean     not null default false,
  created_at    timestamptz not null default now(),
  version       integer     not null default 0
);
create unique index purpose_name_uk on purpose (workspace_id, lower(name));
create index purpose_position_idx on purpose (workspace_id, position, id);

create table conversation (
  id                bigint generated always as identity primary key,
  workspace_id      bigint      not null references workspace (id) on delete cascade,
  chat_id           bigint      not null references chat (id),
  contact_id        bigint      not null references contact (id),
  subject           text        not null,
  summary           text,
  purpose_id        bigint      not null references purpose (id),
  status            text        not null default 'OPEN' check (status in ('OPEN', 'CLOSED')),
  owner_id          bigint      not null references member (id),
  start_time        timestamptz not null,
  end_time          timestamptz,
  first_message_id  bigint      references message (id),
  last_message_id   bigint      references message (id),
  created_by        bigint      not null references member (id),
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  closed_at         timestamptz,
  version           integer     not null default 0,
  -- Accent- and case-insensitive words of subject (weight A) and summary (weight B); 'simple' keeps
  -- every word (no stemming, no stop words) so that prefix search finds what the user typed.
  search            tsvector generated always as (
                      setweight(to_tsvector('simple', immutable_unaccent(subject)), 'A') ||
                      setweight(to_tsvector('simple', immutable_unaccent(coalesce(summary, ''))), 'B')
                    ) stored,
  constraint conversation_end_after_start check (end_time is null or end_time >= start_time)
);
create index conversation_search_idx on conversation using gin (search);
create index conversation_start_idx on conversation (workspace_id, start_time desc, id desc);
create index conversation_created_idx on conversation (workspace_id, created_at desc, id desc);
create index conversation_updated_idx on conversation (workspace_id, updated_at desc, id desc);
create index conversation_status_idx on conversation (workspace_id, status, start_time desc, id desc);
create index conversation_purpose_idx on conversation (workspace_id, purpose_id, start_time desc, id desc);
create index conversation_owner_idx on conversation (workspace_id, owner_id, start_time desc, id desc);
create index conversation_contact_idx on conversation (workspace_id, contact_id, start_time desc, id desc);
create index conversation_chat_idx on conversation (workspace_id, chat_id, start_time desc, id desc);
create index conversation_creator_idx on conversation (workspace_id, created_by, start_time desc, id desc);

create table conversation_history (
  id               bigint generated always as identity primary key,
  workspace_id     bigint      not null references workspace (id) on delete cascade,
  conversation_id  bigint      not null references conversation (id) on delete cascade,
  member_id        bigint      not null references member (id),
  action           text        not null,
  changes          jsonb       not null default '[]',
  changed_at       timestamptz not null default now()
);
create index conversation_history_idx on conversation_history (workspace_id, conversation_id, changed_at, id);

create table task (
  id               bigint generated always as identity primary key,
  workspace_id     bigint      not null references workspace (id) on delete cascade,
  conversation_id  bigint      references conversation (id) on delete set null,
  chat_id          bigint      references chat (id),
  contact_id       bigint      references contact (id),
  title            text        not null,
  notes            text,
  assignee_id      bigint      not null references member (id),
  due_at           timestamptz,
  status           text        not null default 'OPEN' check (status in ('OPEN', 'DONE')),
  created_by       bigint      not null references member (id),
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  completed_at     timestamptz,
  due_notified_at  timestamptz,
  version          integer     not null default 0
);
create index task_assignee_idx on task (workspace_id, assignee_id, status, due_at, id);
create index task_status_idx on task (workspace_id, status, due_at, id);
create index task_conversation_idx on task (workspace_id, conversation_id);
create index task_contact_idx on task (workspace_id, contact_id, due_at);

-- A POST with an Idempotency-Key is answered once; a retry with the same key gets the stored answer.
create table idempotency_key (
  workspace_id     bigint      not null references workspace (id) on delete cascade,
  member_id        bigint      not null references member (id) on delete cascade,
  key              text        not null,
  request_hash     text        not null,
  response_status  integer,
  response_type    text,
  response_location text,
  response_body    bytea,
  created_at       timestamptz not null default now(),
  primary key (workspace_id, member_id, key)
);
create index idempotency_key_created_idx on idempotency_key (created_at);
