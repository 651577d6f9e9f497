-- Custom conversation fields (issue 18, part 1) and closing rules (part 2).
--
-- Definitions live in their own tables; the values live on the conversation itself, in one jsonb column keyed
-- by the field's key ({"channel": "Phone", "tags": ["VIP"], "vip": true}). A value table would cost the list a
-- join per shown field and an aggregate per row; the column is read with the row the list reads anyway, and a
-- GIN index (jsonb_path_ops) answers the Conversations tab's select and checkbox filters (fields @> '{...}').
-- Archiving a field only hides it from new input: its values stay in the column.

create table conversation_field (
  id            bigint generated always as identity,
  workspace_id  bigint      not null references workspace (id) on delete cascade,
  key           text        not null,
  name          text        not null,
  type          text        not null check (type in ('TEXT', 'LONG_TEXT', 'NUMBER', 'DATE', 'SINGLE_SELECT',
                                                     'MULTI_SELECT', 'CHECKBOX')),
  help_text     text,
  requirement   text        not null default 'OPTIONAL'
                            check (requirement in ('OPTIONAL', 'REQUIRED_ON_LOG', 'REQUIRED_ON_CLOSE')),
  position      integer     not null,
  archived      boolean     not null default false,
  created_at    timestamptz not null default now(),
  version       integer     not null default 0,
  primary key (workspace_id, id)
);
create unique index conversation_field_key_uk on conversation_field (workspace_id, key);
create unique index conversation_field_name_uk on conversation_field (workspace_id, lower(name));

create table conversation_field_option (
  id            bigint generated always as identity,
  workspace_id  bigint      not null,
  field_id      bigint      not null,
  label         text        not null,
  position      integer     not null,
  archived      boolean     not null default false,
  primary key (workspace_id, id),
  foreign key (workspace_id, field_id) references conversation_field (workspace_id, id) on delete cascade
);
create unique index conversation_field_option_label_uk on conversation_field_option (workspace_id, field_id, lower(label));

-- What a conversation must have before it can be closed, besides the fields required when closing: any of
-- 'summary', 'endTime', 'firstMessageId', 'lastMessageId'.
create table conversation_closing_rule (
  workspace_id  bigint not null references workspace (id) on delete cascade,
  field         text   not null check (field in ('summary', 'endTime', 'firstMessageId', 'lastMessageId')),
  primary key (workspace_id, field)
);

alter table conversation add column fields jsonb not null default '{}';
create index conversation_fields_idx on conversation using gin (fields jsonb_path_ops);

call isolate_workspace_table('conversation_field');
call isolate_workspace_table('conversation_field_option');
call isolate_workspace_table('conversation_closing_rule');
