-- ShedLock's table (docs/scaling.md, "Scheduled work"): a scheduled job that has no row claims of its own (event
-- redelivery, the clean-up of idempotency keys) runs on one instance at a time. A global table (no workspace):
-- under Citus a local table of the coordinator. Times are the database's (usingDbTime), in UTC.
create table shedlock (
  name       varchar(64)  not null primary key,
  lock_until timestamp    not null,
  locked_at  timestamp    not null,
  locked_by  varchar(255) not null
);
grant select, insert, update on shedlock to convonite_app, convonite_system;
