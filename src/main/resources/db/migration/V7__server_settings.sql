-- Facts about the installation that every server instance on the database must agree on.
-- master_key_fingerprint: HMAC-SHA256 of a fixed text under the master key (never the key), so
-- that an instance started with another master key refuses to start.
create table server_settings (
  setting_name  varchar(64)  not null primary key,
  setting_value varchar(512) not null
);
