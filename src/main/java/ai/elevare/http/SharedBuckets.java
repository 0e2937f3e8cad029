package ai.elevare.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Token buckets that every node sees alike: Bucket4j's PostgreSQL backend (table rate_buckets, one
 * row per key, updated under SELECT ... FOR UPDATE) on a cluster; plain in-memory buckets on the
 * embedded H2 default, which is a single node. Every call on a shared bucket is a database
 * transaction: call it from the blocking pool, never on the HTTP dispatcher.
 */
public final class SharedBuckets {
  private final PostgreSQLSelectForUpdateBasedProxyManager<String> proxies;
  private final Cache<String, Bucket> local =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofDays(2)).maximumSize(500_000).build();

  private final boolean shared;

  private SharedBuckets(PostgreSQLSelectForUpdateBasedProxyManager<String> proxies, boolean shared) {
    this.proxies = proxies;
    this.shared = shared;
  }

  /** Buckets in PostgreSQL; a row lives until its bucket would be full again, then may be swept. */
  public static SharedBuckets postgres(DataSource dataSource) {
    return new SharedBuckets(
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table("rate_buckets")
            .idColumn("id")
            .stateColumn("state")
            .expiresAtColumn("expires_at")
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
            .build(),
        true);
  }

  /** In memory: right for one node only (the embedded default). */
  public static SharedBuckets inMemory() {
    return new SharedBuckets(null, false);
  }

  /** In memory, but used as a shared store would be: for tests of several limiters on one store. */
  static SharedBuckets sharedInMemory() {
    return new SharedBuckets(null, true);
  }

  /** Whether several nodes' limiters meet here (each then syncs its counts into it). */
  public boolean shared() {
    return shared;
  }

  public Bucket bucket(String key, BucketConfiguration config) {
    if (proxies != null) return proxies.builder().build(key, () -> config);
    return local.get(key, k -> localBucket(config));
  }

  /** Deletes up to {@code batch} rows of buckets that have refilled; 0 in memory. */
  public int sweep(int batch) {
    return proxies == null ? 0 : proxies.removeExpired(batch);
  }

  static Bucket localBucket(BucketConfiguration config) {
    LocalBucketBuilder b = Bucket.builder();
    for (Bandwidth limit : config.getBandwidths()) b.addLimit(limit);
    return b.build();
  }
}
