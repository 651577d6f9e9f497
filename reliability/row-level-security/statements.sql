\pset pager off
\timing off
-- :mode is owner (superuser: RLS bypassed, as before V60) or app (convonite_app in the big workspace, id 292 replaced by explain.sh)
select case when :'mode' = 'app' then set_config('role', 'convonite_app', false) end, set_config('convonite.workspace_id', '292', false);
prepare list as select id, subject, start_time from conversation where workspace_id = 292 order by start_time desc, id desc limit 50;
prepare cnt as select count(*) from conversation where workspace_id = 292;
prepare open_list as select id from conversation where workspace_id = 292 and status in ('OPEN') order by start_time desc, id desc limit 50;
prepare search as select id from conversation, to_tsquery('simple', 'chargeback:*') query where workspace_id = 292 and search @@ query order by start_time desc, id desc limit 50;
prepare search_cnt as select count(*) from conversation, to_tsquery('simple', 'chargeback:*') query where workspace_id = 292 and search @@ query;
prepare search_common as select id from conversation, to_tsquery('simple', 'refund:*') query where workspace_id = 292 and search @@ query order by start_time desc, id desc limit 50;
prepare contacts as select id from contact where workspace_id = 292 and immutable_unaccent(lower(name)) like '%' || 'c3f' || '%' order by lower(name), id limit 50;
prepare contacts_page as select id from contact where workspace_id = 292 and (lower(name), id) > ('contact 9', 0) order by lower(name), id limit 50;
