-- MigrationsTest: a migration that a database at V1 has not had yet, as after an upgrade.
create table pending_test (id bigint primary key);
