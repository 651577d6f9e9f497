-- Sign-in by API token reads the token with its member by the whole key (workspace_id, id), as every lookup
-- of a workspace table will once keys lead with workspace_id (docs/scaling.md): the system role reads the
-- token's workspace too.
grant select (workspace_id) on api_token to convonite_system;
