-- CSV contact imports (SPEC §2): one row per uploaded file with its counts and status, and one row per
-- data row of the file that was not imported (failed or skipped) with the reason and what it held.
create table contact_import (
  id              bigint generated always as identity primary key,
  workspace_id    bigint      not null references workspace (id) on delete cascade,
  file_name       text        not null,
  created_by      bigint      not null references member (id),
  duplicates      text        not null check (duplicates in ('UPDATE', 'SKIP')),
  status          text        not null default 'IN_PROGRESS' check (status in ('IN_PROGRESS', 'COMPLETED', 'FAILED')),
  -- the file as spooled to disk, and how to read it (found when it was uploaded)
  spool_name      text        not null,
  file_bytes      bigint      not null,
  separator       text        not null,
  rows_in_file    integer     not null,
  -- progress: data rows read so far (committed with the contacts they wrote) and what became of them
  rows_read       integer     not null default 0,
  rows_created    integer     not null default 0,
  rows_updated    integer     not null default 0,
  rows_skipped    integer     not null default 0,
  rows_failed     integer     not null default 0,
  failure_reason  text,
  -- the run that owns the import; another instance takes it over once the heartbeat is stale
  runner          text,
  heartbeat_at    timestamptz not null default now(),
  created_at      timestamptz not null default now(),
  finished_at     timestamptz
);
create index contact_import_list_idx on contact_import (workspace_id, id desc);
create index contact_import_running_idx on contact_import (heartbeat_at) where status = 'IN_PROGRESS';

create table contact_import_problem (
  workspace_id  bigint  not null references workspace (id) on delete cascade,
  import_id     bigint  not null references contact_import (id) on delete cascade,
  row_number    integer not null,
  outcome       text    not null check (outcome in ('FAILED', 'SKIPPED')),
  reason        text    not null,
  name          text,
  phone         text,
  email         text,
  notes         text,
  primary key (import_id, row_number)
);
create index contact_import_problem_idx on contact_import_problem (workspace_id, import_id, row_number);

-- Which import last wrote a contact, and from which row: a later row of the same file with the same phone
-- number is then known as a repeat of that row, however far apart they are, without holding the file's
-- numbers in memory.
alter table contact add column import_id bigint references contact_import (id) on delete set null;
alter table contact add column import_row integer;
