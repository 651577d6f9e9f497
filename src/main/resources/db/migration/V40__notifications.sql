-- In-app notifications of a member: a new message in a chat assigned to them, a task given to them by
-- someone else, a task of theirs falling due. Unseen ones are what the bell counts.
create table notification (
  id            bigint generated always as identity primary key,
  workspace_id  bigint      not null references workspace (id) on delete cascade,
  member_id     bigint      not null references member (id) on delete cascade,
  kind          text        not null check (kind in ('MESSAGE', 'TASK_ASSIGNED', 'TASK_DUE')),
  text          text        not null,
  link          text,
  created_at    timestamptz not null default now(),
  seen_at       timestamptz
);
create index notification_member_idx on notification (workspace_id, member_id, seen_at, created_at desc);
