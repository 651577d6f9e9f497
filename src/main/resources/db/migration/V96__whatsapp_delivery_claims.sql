-- WhatsApp deliveries are their own queue (WhatsAppDeliveries): processing threads claim new ones across
-- workspaces, counting an attempt on each (update ... where id in (select ... for update skip locked)), in the
-- system scope like the sweep that already reads them.
grant select (attempts), update (attempts) on whatsapp_delivery to convonite_system;
create policy system_delivery_claim on whatsapp_delivery for update to convonite_system using (true) with check (true);
