-- Bucket4j's token buckets, shared by every server instance on this PostgreSQL database
-- (RateBuckets.inPostgres). PostgreSQL only: the embedded server on H2 keeps its buckets in memory,
-- so this location is added to Flyway's only on PostgreSQL (Database.open). Repeatable, so its
-- number never collides with the versioned migrations of db/migration.
create table if not exists rate_buckets (
  id         varchar(200) primary key,
  state      bytea,
  expires_at bigint
);
