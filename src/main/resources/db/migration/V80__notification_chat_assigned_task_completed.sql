-- Two more kinds of notification: a chat assigned to me by someone else, and a task I gave completed by its
-- assignee.
alter table notification drop constraint notification_kind_check;
alter table notification add constraint notification_kind_check
  check (kind in ('MESSAGE', 'TASK_ASSIGNED', 'TASK_DUE', 'CHAT_ASSIGNED', 'TASK_COMPLETED'));
