package io.parley.sip.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Digest nonces the registrar issued: random, valid for a limited time and usable once. At
 * most {@code capacity} are outstanding; beyond that the oldest are forgotten, so a flood of
 * unauthenticated REGISTERs cannot grow memory.
 */
public final class Nonces {

    /** What checking a nonce found. */
    enum State { VALID, STALE, UNKNOWN }

    /**
     * A DRBG seeded once: the platform default (NativePRNG) reads /dev/urandom under a lock for every nonce,
     * a system call per REGISTER challenge at thousands per second.
     */
    private final SecureRandom random = drbg();
    private final Clock clock;
    private final Duration ttl;
    private final int capacity;
    private final LinkedHashMap<String, Instant> issued = new LinkedHashMap<>();

    public Nonces(Clock clock, Duration ttl, int capacity) {
        this.clock = clock;
        this.ttl = ttl;
        this.capacity = capacity;
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    String issue() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = HexFormat.of().formatHex(bytes);
        remember(nonce);
        return nonce;
    }

    private synchronized void remember(String nonce) {
        issued.put(nonce, clock.instant().plus(ttl));
        while (issued.size() > capacity) {
            Iterator<String> oldest = issued.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * Uses the nonce up: VALID the first time within its lifetime, STALE when it expired,
     * UNKNOWN when it was never issued, already used or forgotten.
     */
    synchronized State consume(String nonce) {
        Instant expires = nonce == null ? null : issued.remove(nonce);
        if (expires == null) {
            return State.UNKNOWN;
        }
        return clock.instant().isAfter(expires) ? State.STALE : State.VALID;
    }

    /** Forgets expired nonces. */
    public synchronized void sweep() {
        Instant now = clock.instant();
        issued.values().removeIf(expires -> now.isAfter(expires));
    }

    synchronized int outstanding() {
        return issued.size();
    }

    Map<String, Instant> snapshot() {
        synchronized (this) {
            return Map.copyOf(issued);
        }
    }
}
