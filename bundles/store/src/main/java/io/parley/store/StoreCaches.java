package io.parley.store;

import java.time.Duration;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The Ehcache caches of hot read paths. Stores read through them and evict on every write,
 * so a cache never answers with data the database no longer holds.
 */
@Component(service = StoreCaches.class)
public class StoreCaches {

    /** Entries per cache; enough for every skill group of a large site. */
    static final long HEAP_ENTRIES = 20_000;
    /** Token lookups are cached briefly; revocation evicts at once anyway. */
    static final Duration TOKEN_TTL = Duration.ofMinutes(1);

    private final CacheManager manager;

    @Activate
    public StoreCaches() {
        manager = CacheManagerBuilder.newCacheManagerBuilder()
                .withClassLoader(StoreCaches.class.getClassLoader())
                .build(true);
    }

    /** Creates (or returns) a cache of at most {@link #HEAP_ENTRIES} entries. */
    <K, V> Cache<K, V> cache(String name, Class<K> key, Class<V> value, Duration ttl) {
        Cache<K, V> existing = manager.getCache(name, key, value);
        if (existing != null) {
            return existing;
        }
        CacheConfigurationBuilder<K, V> config = CacheConfigurationBuilder
                .newCacheConfigurationBuilder(key, value, ResourcePoolsBuilder.heap(HEAP_ENTRIES));
        if (ttl != null) {
            config = config.withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(ttl));
        }
        return manager.createCache(name, config);
    }

    @Deactivate
    public void close() {
        manager.close();
    }
}
