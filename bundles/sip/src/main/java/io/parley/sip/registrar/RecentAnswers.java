package io.parley.sip.registrar;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The answers the stateless registrar sent lately, so that a retransmitted request gets the very same
 * bytes again (RFC 3261 §17.2.2 asks that of a server transaction) instead of a second challenge with
 * another nonce, or a stale one for a nonce its original used up. Kept for {@code retention} milliseconds
 * and at most {@code capacity} of them, the oldest forgotten first: a client retransmits only until it
 * hears the answer, so a retransmission crosses its answer by at most the registrar's lag plus a
 * round trip, which the overload shedding keeps far below the retention.
 *
 * <p>A request being answered right now is marked {@link #claim claimed}: a retransmission that arrives
 * meanwhile on another stack thread is dropped (the client sends it again) rather than answered twice.
 */
public final class RecentAnswers {

    /** The encoded answer and where it went. */
    record Answer(byte[] bytes, InetAddress address, int port) {
    }

    /** What {@link #claim} found. */
    sealed interface Claim permits New, InProgress, Answered {
    }

    /** Nobody answered the request yet: the caller does and {@link #complete completes} or {@link #release releases} it. */
    record New() implements Claim {
    }

    /** Another thread answers the same request right now. */
    record InProgress() implements Claim {
    }

    /** Already answered: send {@code answer} again. */
    record Answered(Answer answer) implements Claim {
    }

    private static final Claim NEW = new New();
    private static final Claim IN_PROGRESS = new InProgress();
    /** Marks a claimed request in the map (never handed out). */
    private static final Answer PENDING = new Answer(new byte[0], null, 0);

    private record Stamp(String key, long at) {
    }

    private final long retentionMillis;
    private final int capacity;
    private final LongSupplier millis;
    private final ConcurrentHashMap<String, Answer> answers = new ConcurrentHashMap<>();
    /** Keys in claim order, to forget the oldest. */
    private final ConcurrentLinkedQueue<Stamp> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final ReentrantLock forgetting = new ReentrantLock();

    public RecentAnswers(long retentionMillis, int capacity, LongSupplier millis) {
        this.retentionMillis = retentionMillis;
        this.capacity = capacity;
        this.millis = millis;
    }

    /** Claims the request {@code key} (source, branch, Call-ID and CSeq) for answering, unless it is known. */
    Claim claim(String key) {
        long now = millis.getAsLong();
        forgetOld(now);
        Answer known = answers.putIfAbsent(key, PENDING);
        if (known == null) {
            order.add(new Stamp(key, now));
            size.incrementAndGet();
            return NEW;
        }
        return known == PENDING ? IN_PROGRESS : new Answered(known);
    }

    /** Remembers the answer to a claimed request. */
    void complete(String key, Answer answer) {
        answers.replace(key, PENDING, answer);
    }

    /** Gives a claimed request up unanswered: its retransmission is handled afresh. */
    void release(String key) {
        answers.remove(key, PENDING);
    }

    int size() {
        return answers.size();
    }

    private void forgetOld(long now) {
        // one thread forgets at a time, the others go on: with two racing, the loser's remove(oldest) scanned the
        // whole queue for a stamp already gone (13 % of the stack threads' CPU in bench/sip)
        if (!forgetting.tryLock()) {
            return;
        }
        try {
            for (Stamp oldest = order.peek(); oldest != null
                    && (now - oldest.at() > retentionMillis || size.get() >= capacity); oldest = order.peek()) {
                order.poll();
                size.decrementAndGet();
                answers.remove(oldest.key());
            }
        } finally {
            forgetting.unlock();
        }
    }
}
