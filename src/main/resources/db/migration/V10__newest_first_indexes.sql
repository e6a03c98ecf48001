-- Pages newest first read straight from an index. H2 reads an index forwards only, so with
-- (x, id) it read every row of the channel (or user) and sorted them for each page of 20: a
-- channel's page got slower with every message. With (x, id desc) and "order by x, id desc" a page
-- reads its 21 rows; PostgreSQL reads either index both ways.
drop index messages_channel_id;
create index messages_channel_newest on messages (channel_id, id desc);
drop index posts_user_id;
create index posts_user_newest on posts (user_id, id desc);

-- The annotations of a page of ids (owner_kind = ? and owner_id in (...)): H2 looks an IN list up
-- only on an index's first column, so through the primary key (owner_kind, owner_id, position) it
-- read every annotation of that kind for each page. (With position as a third column here, H2's
-- planner still preferred the primary key.)
create index annotations_owner on annotations (owner_id, owner_kind);

-- A code's redemption revokes the user's web tokens of the client beyond the newest ten: it asks for
-- the live ones (revoked_at is null), which through (account_id, client_id, flow) meant reading every
-- web token the user was ever issued for that client, revoked or not, on each exchange.
drop index tokens_account_client_flow;
create index tokens_web_live on tokens (account_id, client_id, flow, revoked_at);
