-- A code's row is written twice: inserted when issued, updated when redeemed (used_at, token_id:
-- no index has them). With the pages left half empty the update is a heap-only tuple on the same
-- page: no new entries in the code's two indexes, and less WAL in the group's commit, which every
-- redemption of the group waits for. PostgreSQL only: H2 has no fill factor. Repeatable, as the
-- setting is idempotent; it applies to pages written from then on.
alter table auth_codes set (fillfactor = 50);
