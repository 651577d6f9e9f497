-- Bulk changes may also set a single-select custom field (issue #18 §3): the field's key and the chosen option's
-- label, as a conversation's fields hold them.
alter table conversation_bulk_change drop constraint conversation_bulk_change_action_check;
alter table conversation_bulk_change add constraint conversation_bulk_change_action_check
  check (action in ('CLOSE', 'REOPEN', 'OWNER', 'PURPOSE', 'FIELD'));
alter table conversation_bulk_change add column field_key text, add column field_value text;
alter table conversation_bulk_change add constraint conversation_bulk_change_field_check
  check ((action = 'FIELD') = (field_key is not null and field_value is not null));
