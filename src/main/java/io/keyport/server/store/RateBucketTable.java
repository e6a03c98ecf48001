package io.keyport.server.store;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * PostgreSQL's {@code rate_buckets} table (migration {@code db/postgresql}) as Bucket4j proxies:
 * where the rate buckets every server on the database shares are kept. A row expires a minute after
 * its bucket would be full again.
 */
public final class RateBucketTable {
  private RateBucketTable() {}

  /** Proxies over the table in {@code dataSource}, their time taken from {@code time}. */
  public static PostgreSQLSelectForUpdateBasedProxyManager<String> proxies(
      DataSource dataSource, TimeMeter time) {
    return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
        .primaryKeyMapper(PrimaryKeyMapper.STRING)
        .table("rate_buckets")
        .idColumn("id")
        .stateColumn("state")
        .expiresAtColumn("expires_at")
        .clientClock(time)
        .expirationAfterWrite(
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                Duration.ofMinutes(1)))
        .build();
  }
}
