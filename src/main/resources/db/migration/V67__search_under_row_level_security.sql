-- Under row-level security PostgreSQL applies the policy before any condition that is not leakproof, so a
-- full-text condition (search @@ query, function ts_match_vq) could no longer use the GIN index: a search for a
-- rare word would scan the whole workspace. ts_match_vq only compares its arguments and raises no error that
-- depends on the data, so it is marked leakproof, which only a superuser may do. When the migration owner is no
-- superuser, ask one to run this statement once (docs/row-level-security.md); search stays correct without it.
do $$
begin
  if (select rolsuper from pg_roles where rolname = current_user) then
    alter function pg_catalog.ts_match_vq(tsvector, tsquery) leakproof;
  else
    raise notice 'Not a superuser: ts_match_vq stays non-leakproof, so searches scan the workspace (see docs/row-level-security.md)';
  end if;
end $$;
