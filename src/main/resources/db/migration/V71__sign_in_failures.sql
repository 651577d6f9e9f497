-- Sign-in looks an address up by one key, the same one the sign-in pause counts: the address with ASCII A-Z
-- folded to a-z and nothing else (workspace/EmailAddresses.key does exactly this in Java). lower() depends on
-- the database's locale and folds far more (U+0130 'İ' becomes 'i'), so a look-alike address reached a member
-- while its failures were counted under another key. Addresses that are unique under lower() stay unique under
-- this finer key, so existing members keep their addresses.
alter table member add column email_key text
  generated always as (translate(email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) stored;
create unique index member_email_key_uk on member (email_key);
drop index member_email_uk;
-- Sign-in by email and the check that an address is free in any workspace run in the system scope.
grant select (email_key) on member to convonite_system;

-- Failed sign-ins, shared by every instance of the product (the pause counts across all of them). A GLOBAL
-- table, not a workspace's: a failure is counted before any workspace is known, under a subject that names a
-- member, an address, a client or an API token (workspace/SignInThrottle), so it has no workspace_id and no
-- row-level security; only the system scope uses it. Rows older than the longest window are deleted.
create table sign_in_failure (
  subject    text        not null,
  failed_at  timestamptz not null default now()
);
create index sign_in_failure_subject_idx on sign_in_failure (subject, failed_at desc);
create index sign_in_failure_age_idx on sign_in_failure (failed_at);
grant select, insert, delete on sign_in_failure to convonite_system;
