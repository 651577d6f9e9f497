-- Web sessions live in PostgreSQL (Spring Session JDBC), so that every instance of the product serves every
-- session and a restart or a killed instance signs nobody out. The tables are Spring Session's own PostgreSQL
-- schema (org/springframework/session/jdbc/schema-postgresql.sql), made here because the product's role may
-- not create tables (spring.session.jdbc.initialize-schema=never).
--
-- Global tables, outside row-level security: a session is looked up by its cookie before any workspace is
-- known. PRINCIPAL_NAME holds the signed-in member's id (workspace/WebSessions sets the index), so that all of
-- a member's sessions can be found and ended: deactivation ends them all, a password change all but the one
-- that made it. Rows hold no password or password hash (workspace/MemberPrincipal is stored without it).
create table spring_session (
  primary_id             char(36)     not null,
  session_id             char(36)     not null,
  creation_time          bigint       not null,
  last_access_time       bigint       not null,
  max_inactive_interval  int          not null,
  expiry_time            bigint       not null,
  principal_name         varchar(100),
  constraint spring_session_pk primary key (primary_id)
);
create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create table spring_session_attributes (
  session_primary_id  char(36)      not null,
  attribute_name      varchar(200)  not null,
  attribute_bytes     bytea         not null,
  constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
  constraint spring_session_attributes_fk foreign key (session_primary_id) references spring_session (primary_id) on delete cascade
);

-- Sessions are read and written by requests before and after their workspace scope (role convonite_app with
-- no workspace), by the expired-session clean-up (no scope) and by sign-in (system scope).
grant select, insert, update, delete on spring_session, spring_session_attributes to convonite_app, convonite_system;
