package io.parley.media.internal.dtmf;

import java.time.Duration;
import java.util.Optional;

/**
 * Turns a stream of RFC 4733 packets into keys, one per event. An event is identified by its
 * RTP timestamp (RFC 4733 §2.5.1.1: every packet of one event carries the start timestamp),
 * so the three retransmitted end packets and any repeat of the start count once. A key is
 * reported when its end packet arrives, or, if all end packets were lost, when the next event
 * starts. Not thread-safe: one endpoint's receive path calls it.
 */
public final class DtmfReceiver {
    /** Receives each recognised key. */
    @FunctionalInterface
    public interface KeySink {
        void key(char digit, Duration duration);
    }

    private final KeySink sink;
    private boolean active;
    private long eventTimestamp;
    private int eventCode;
    private int lastDuration;
    private boolean reported;
    private boolean any;

    public DtmfReceiver(KeySink sink) {
        this.sink = sink;
    }

    /**
     * @param rtpTimestamp the packet's RTP timestamp (the event's start)
     * @param payload the telephone-event payload
     */
    public void onPacket(long rtpTimestamp, byte[] payload) {
        Optional<TelephoneEvent> parsed = TelephoneEvent.parse(payload);
        if (parsed.isEmpty()) {
            return;
        }
        TelephoneEvent e = parsed.get();
        boolean sameEvent = any && rtpTimestamp == eventTimestamp && e.event() == eventCode;
        if (!sameEvent) {
            if (any && active && !reported) {
                report();   // the previous event's end packets were all lost
            }
            any = true;
            active = true;
            reported = false;
            eventTimestamp = rtpTimestamp;
            eventCode = e.event();
            lastDuration = 0;
        }
        lastDuration = Math.max(lastDuration, e.duration());
        if (e.end() && !reported) {
            report();
        }
    }

    private void report() {
        reported = true;
        active = false;
        new TelephoneEvent(eventCode, true, 0, 0).digit()
                .ifPresent(d -> sink.key(d, Duration.ofMillis(lastDuration / 8L)));
    }
}
