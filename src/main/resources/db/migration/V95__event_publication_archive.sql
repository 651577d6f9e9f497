-- Completed event publications leave the outbox (spring.modulith.events.completion-mode=archive): the registry
-- moves each one here when its listener completes, so event_publication holds only what is still in flight and
-- stays small under any write load; what was delivered stays inspectable here for convonite.events.archive-retention
-- (EventRedelivery deletes older rows). Same columns as event_publication; not a workspace table either.
create table if not exists event_publication_archive (
  id                      uuid        not null primary key,
  listener_id             text        not null,
  event_type              text        not null,
  serialized_event        text        not null,
  publication_date        timestamptz not null,
  completion_date         timestamptz,
  status                  text,
  completion_attempts     int,
  last_resubmission_date  timestamptz
);
create index if not exists event_publication_archive_by_completion_date_idx on event_publication_archive (completion_date);
grant select, insert, update, delete on event_publication_archive to convonite_app, convonite_system;

-- What was completed before lives in the archive from now on.
insert into event_publication_archive
select id, listener_id, event_type, serialized_event, publication_date, completion_date, 'COMPLETED',
       completion_attempts, last_resubmission_date
from event_publication where completion_date is not null
on conflict (id) do nothing;
delete from event_publication where completion_date is not null;
