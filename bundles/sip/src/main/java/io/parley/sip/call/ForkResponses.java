package io.parley.sip.call;

import java.util.Collection;

/**
 * The final response that stands for a leg whose every fork failed, chosen as a forking proxy
 * does (RFC 3261 §16.7 step 6): a 6xx (global failure: the callee declined everywhere) wins;
 * otherwise the lowest class; within 4xx first 486 (one device busy means the person is on a
 * call, which tells the caller more than another device's 480; and this B2BUA cannot answer a
 * phone's challenge, the reason RFC 3261 puts 401/407 first), then the responses RFC 3261
 * names (401, 407, 415, 420, 484), then the lowest code. Unlike a proxy, the B2BUA passes a
 * 503 on unchanged (as it always did for trunk legs): the caller's leg is its own, and the
 * status the caller gets is chosen again by the call handling. The result maps to the call's status through
 * {@link io.parley.api.call.CallStatus#ofFinalResponse(int)} (SPEC §34 p43).
 *
 * <pre>{@code
 * ForkResponses.best(List.of(486, 603));   // 603: rejected
 * ForkResponses.best(List.of(480, 486));   // 486: callee_busy
 * ForkResponses.best(List.of(408, 503));   // 408: missed
 * }</pre>
 */
final class ForkResponses {

    private static final int[] PREFERRED_4XX = {486, 401, 407, 415, 420, 484};

    private ForkResponses() {
    }

    /**
     * @param statuses the final responses of the forks (300..699), at least one
     * @return the one to report
     */
    static int best(Collection<Integer> statuses) {
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("no final response");
        }
        int best = 0;
        for (int s : statuses) {
            if (best == 0 || better(s, best)) {
                best = s;
            }
        }
        return best;
    }

    private static boolean better(int candidate, int current) {
        int c = candidate / 100;
        int k = current / 100;
        if (c == 6 || k == 6) {
            return c == 6 && (k != 6 || candidate < current);
        }
        if (c != k) {
            return c < k;
        }
        if (c == 4) {
            int pc = preference(candidate);
            int pk = preference(current);
            if (pc != pk) {
                return pc < pk;
            }
        }
        return candidate < current;
    }

    private static int preference(int status) {
        for (int i = 0; i < PREFERRED_4XX.length; i++) {
            if (PREFERRED_4XX[i] == status) {
                return i;
            }
        }
        return PREFERRED_4XX.length;
    }
}
