-- Two big workspaces for EXPLAIN ANALYZE: 200k and 50k conversations.
\set ON_ERROR_STOP 1
do $$
declare ws bigint; m bigint; c bigint; ch bigint; p bigint; n int;
begin
  foreach n in array array[200000, 50000] loop
    insert into workspace (name) values ('perf ' || n) returning id into ws;
    insert into workspace_settings (workspace_id) values (ws);
    insert into member (workspace_id, email, name, password_hash, role) values (ws, 'perf' || ws || '@x.test', 'Perf', 'x', 'ADMIN') returning id into m;
    insert into contact (workspace_id, name, phone) select ws, 'Contact ' || g || ' ' || md5(g::text), '+1201' || lpad(g::text, 7, '0') from generate_series(1, n / 10) g;
    select min(id) into c from contact where workspace_id = ws;
    insert into chat (workspace_id, contact_id, channel) values (ws, c, 'whatsapp') returning id into ch;
    insert into purpose (workspace_id, name, position) values (ws, 'Enquiry', 1) returning id into p;
    insert into conversation (workspace_id, chat_id, contact_id, subject, summary, purpose_id, status, owner_id, start_time, created_by)
    select ws, ch, c,
           (array['Refund for order','Late delivery','Question about sizes','Invoice copy','Broken item'])[1 + g % 5] || ' ' || g,
           case when g % 1000 = 0 then 'customer wants a chargeback' else 'summary ' || md5(g::text) end,
           p, case when g % 3 = 0 then 'OPEN' else 'CLOSED' end, m, now() - (g || ' minutes')::interval, m
    from generate_series(1, n) g;
  end loop;
end $$;
analyze;
select w.id, w.name, count(c.id) from workspace w join conversation c on c.workspace_id = w.id where w.name like 'perf%' group by 1, 2;
