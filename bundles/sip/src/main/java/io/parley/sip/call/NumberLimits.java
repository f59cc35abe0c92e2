package io.parley.sip.call;

import io.parley.api.telephony.TrunkNumber;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import javax.sip.message.Response;

/** SPEC §2.2: a trunk number's concurrency and calls-per-second limits, for calls in both directions. */
final class NumberLimits {

    private final LiveCalls calls;
    /** Call starts per trunk number in the last second (SPEC §2.2 max_calls_per_second). */
    private final Map<Long, ArrayDeque<Long>> recentStarts = new HashMap<>();

    NumberLimits(LiveCalls calls) {
        this.calls = calls;
    }

    /** SPEC §11.2 step 1: neither limit of the number reached (a look only; {@link #refusal} counts a start). */
    boolean underLimits(TrunkNumber number) {
        if (number.maxConcurrentCalls() > 0 && calls.countOnNumber(number.id()) >= number.maxConcurrentCalls()) {
            return false;
        }
        if (number.maxCallsPerSecond() > 0) {
            long now = System.nanoTime();
            synchronized (recentStarts) {
                ArrayDeque<Long> starts = recentStarts.get(number.id());
                return starts == null || starts.stream().filter(t -> now - t < 1_000_000_000L).count()
                        < number.maxCallsPerSecond();
            }
        }
        return true;
    }

    /** 486 at the concurrency limit (both directions count), 503 over the calls-per-second limit, else 0 (counted as a start). */
    int refusal(TrunkNumber number) {
        if (number.maxConcurrentCalls() > 0 && calls.countOnNumber(number.id()) >= number.maxConcurrentCalls()) {
            return Response.BUSY_HERE;
        }
        if (number.maxCallsPerSecond() > 0) {
            long now = System.nanoTime();
            synchronized (recentStarts) {
                ArrayDeque<Long> starts = recentStarts.computeIfAbsent(number.id(), k -> new ArrayDeque<>());
                while (!starts.isEmpty() && now - starts.peekFirst() >= 1_000_000_000L) {
                    starts.pollFirst();
                }
                if (starts.size() >= number.maxCallsPerSecond()) {
                    return Response.SERVICE_UNAVAILABLE;
                }
                starts.addLast(now);
            }
        }
        return 0;
    }
}
