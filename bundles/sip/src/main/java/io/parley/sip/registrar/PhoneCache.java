package io.parley.sip.registrar;

import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipPhone;
import io.parley.sip.steady.ServiceAwayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers phone lookups (found or not) for a few seconds, so a registrar under thousands of
 * REGISTERs a second does not ask the telephony service — and behind it the database, for
 * the instance check — for every one. A changed password is therefore honoured after at most
 * {@code ttl} (seconds), which the phone's next refresh would wait for anyway. Bounded: past
 * {@code capacity} entries nothing more is remembered until the expired ones are dropped, so a
 * scan of random extensions cannot grow memory.
 */
public final class PhoneCache implements PhoneDirectory {

    private record Entry(Optional<SipPhone> phone, Instant until) {
    }

    private final PhoneDirectory directory;
    private final Clock clock;
    private final Duration ttl;
    private final int capacity;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger insertsSinceCleanup = new AtomicInteger();

    public PhoneCache(PhoneDirectory directory, Clock clock, Duration ttl, int capacity) {
        this.directory = directory;
        this.clock = clock;
        this.ttl = ttl;
        this.capacity = capacity;
    }

    @Override
    public Optional<SipPhone> find(String host, String extension) {
        String key = host + "|" + extension;
        Instant now = clock.instant();
        Entry e = entries.get(key);
        if (e != null && now.isBefore(e.until())) {
            return e.phone();
        }
        Optional<SipPhone> phone;
        try {
            phone = directory.find(host, extension);
        } catch (ServiceAwayException away) {
            if (e == null) {
                throw away;
            }
            // telephony restarting: a phone re-registering meanwhile is answered from its last lookup
            return e.phone();
        }
        if (insertsSinceCleanup.incrementAndGet() >= 1000 || entries.size() >= capacity) {
            insertsSinceCleanup.set(0);
            entries.values().removeIf(old -> !now.isBefore(old.until()));
        }
        if (entries.size() < capacity) {
            // each entry lives between half the TTL and the TTL: phones that registered together (a
            // reboot, a benchmark) must not all miss in the same instant and stall the registrar's threads
            long millis = ttl.toMillis() / 2 + ThreadLocalRandom.current().nextLong(ttl.toMillis() / 2 + 1);
            entries.put(key, new Entry(phone, now.plusMillis(millis)));
        }
        return phone;
    }

    @Override
    public boolean remembers(String host, String extension) {
        Entry e = entries.get(host + "|" + extension);
        return e != null && clock.instant().isBefore(e.until());
    }

    @Override
    public void report(long instanceId, String extension, PhoneRegistration registration) {
        try {
            directory.report(instanceId, extension, registration);
        } catch (ServiceAwayException away) {
            // the binding is in memory and serves calls; the stored status catches up at the next REGISTER
        }
    }

    int size() {
        return entries.size();
    }
}
