-- One-time links an admin gives a member: an invitation (the member sets their own password and is signed in)
-- or a password reset. The link is <workspace id>_<link id>_<secret>, the secret 32 random bytes; only the
-- SHA-256 of the secret is stored (a 256-bit random secret needs no slow hash: no guess can be tested against
-- it), so a copy of the database yields no usable link. A link expires, is used once, and a newer link of the
-- same kind for the same member replaces it (workspace/AccountLinks).
alter table member add constraint member_workspace_id_uk unique (workspace_id, id);

create table account_link (
  workspace_id  bigint      not null references workspace (id) on delete cascade,
  id            bigint      generated always as identity,
  member_id     bigint      not null,
  purpose       text        not null check (purpose in ('INVITATION', 'PASSWORD_RESET')),
  secret_hash   text        not null,
  created_by    bigint,
  created_at    timestamptz not null default now(),
  expires_at    timestamptz not null,
  used_at       timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, member_id) references member (workspace_id, id) on delete cascade
);
create index account_link_member_idx on account_link (workspace_id, member_id, purpose);
call isolate_workspace_table('account_link');
