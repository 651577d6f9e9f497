-- A notification is given once per event, however many times and on however many instances its listener runs:
-- the event publication registry delivers at least once (a listener that failed, an instance killed after the
-- listener committed but before the publication was marked complete, or an event still waiting for a listener
-- thread when EventRedelivery resubmits it), so the same event may reach NotificationListeners twice, at once
-- on two instances. The event's id is stored with what it caused and is unique there. Older rows have none.
alter table notification add column event_id uuid;
alter table notification add constraint notification_event_uk unique (workspace_id, member_id, event_id);
