package io.parley.api.sip;

/**
 * The SIP edge's defence against toll fraud and scanning (SPEC §1.5, issue 6): security
 * events counted by kind, and the sources blocked after repeated authentication failures.
 * Shown by {@code parley:sip-security}.
 *
 * <pre>{@code
 * SipSecurityStatus s = security.status();
 * s.counters().get("auth_failed");                       // e.g. 42
 * for (SipSecurityStatus.Source b : s.blocked()) { security.unblock(b.ip()); }
 * }</pre>
 */
public interface SipSecurityService {

    /** Counters since start and the sources throttled or blocked right now. */
    SipSecurityStatus status();

    /**
     * Lifts the block (and the failure count) of {@code ip} at once.
     *
     * @return whether {@code ip} was throttled or blocked
     */
    boolean unblock(String ip);
}
