-- Web sign-in (API.md, "Web sign-in"): browser sessions, authorization codes, consents, and which
-- tokens that flow issued. Everything lives here, not in one instance's memory: several server
-- instances may share one PostgreSQL. Sessions and codes are kept as SHA-256 only, like tokens.

-- A signed-in browser: the cookie's value is never stored, only its SHA-256. 12 hours at most.
create table web_sessions (
  id_hash    varchar(64) not null primary key,
  account_id bigint      not null references accounts (id),
  created_at timestamp with time zone not null,
  expires_at timestamp with time zone not null
);

create index web_sessions_expiry on web_sessions (expires_at);

-- An authorization code (60 s, single use), bound to the client, redirect URI, user, scopes and
-- PKCE challenge. used_at: when it was first redeemed; token_id: what that redemption issued (a
-- second redemption revokes it). app_id null: the first-party client keyport-desktop.
create table auth_codes (
  code_hash    varchar(64)   not null primary key,
  account_id   bigint        not null references accounts (id),
  app_id       bigint,
  client_id    varchar(32)   not null,
  redirect_uri varchar(2048) not null,
  scopes       varchar(512)  not null,
  challenge    varchar(128)  not null,
  created_at   timestamp with time zone not null,
  expires_at   timestamp with time zone not null,
  used_at      timestamp with time zone,
  token_id     bigint
);

create index auth_codes_expiry on auth_codes (expires_at);

-- What a user allowed an app (by client id, so keyport-desktop has one too): the scopes, when first
-- and last.
create table consents (
  account_id bigint       not null references accounts (id),
  client_id  varchar(32)  not null,
  scopes     varchar(512) not null,
  first_at   timestamp with time zone not null,
  last_at    timestamp with time zone not null,
  primary key (account_id, client_id)
);

-- 'web' for a token the authorization-code flow issued (at most 10 live per user and app), null
-- for every other grant: "generate a user token for yourself" replaces only its own kind.
alter table tokens add column flow varchar(8);

create index tokens_account_client_flow on tokens (account_id, client_id, flow);
