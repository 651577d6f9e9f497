-- Row-level security for the tables of the WhatsApp channel, contact imports and outgoing webhooks
-- (docs/row-level-security.md), and what their background work may do in the system scope.
call isolate_workspace_table('whatsapp_channel');
call isolate_workspace_table('whatsapp_delivery');
call isolate_workspace_table('contact_import');
call isolate_workspace_table('contact_import_problem');
call isolate_workspace_table('webhook_endpoint');
call isolate_workspace_table('webhook_delivery');

-- Sign-in by API token reads which token it is and writes when it was last used.
grant select (id, last_used_at) on api_token to convonite_system;

-- The WhatsApp webhook finds the workspace from the callback URL's channel key (then stores the delivery in
-- that workspace's scope); the sweep finds deliveries left unprocessed and forgets old processed ones.
grant select on whatsapp_channel to convonite_system;
create policy system_channel_by_key on whatsapp_channel for select to convonite_system using (true);
grant select (id, workspace_id, received_at, processed_at), delete on whatsapp_delivery to convonite_system;
create policy system_delivery_sweep on whatsapp_delivery for select to convonite_system using (true);
create policy system_delivery_forget on whatsapp_delivery for delete to convonite_system using (true);

-- Interrupted contact imports are claimed by whichever server notices them first.
grant select, update on contact_import to convonite_system;
create policy system_import_resume on contact_import for select to convonite_system using (true);
create policy system_import_claim on contact_import for update to convonite_system using (true);

-- The webhook sender claims due deliveries of every workspace with their endpoint, then records each attempt
-- in the delivery's own workspace.
grant select, update on webhook_delivery to convonite_system;
create policy system_delivery_claim on webhook_delivery for select to convonite_system using (true);
create policy system_delivery_lease on webhook_delivery for update to convonite_system using (true);
grant select on webhook_endpoint to convonite_system;
create policy system_endpoint_of_delivery on webhook_endpoint for select to convonite_system using (true);
