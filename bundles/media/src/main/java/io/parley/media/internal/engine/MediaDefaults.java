package io.parley.media.internal.engine;

/**
 * Every configuration key of the media server with its default, in one place. The metatype
 * ({@link MediaServerConfig}) and {@link MediaSettings} both read from here.
 */
public final class MediaDefaults {
    /** Config Admin PID: {@code etc/io.parley.media.cfg}. */
    public static final String PID = "io.parley.media";

    public static final int RTP_PORT_MIN = 20000;
    public static final int RTP_PORT_MAX = 29999;
    /** Address the RTP sockets bind to; all interfaces by default. */
    public static final String BIND_ADDRESS = "0.0.0.0";
    /** Address written in SDP; empty means the bind address, or the first site address when that is a wildcard. */
    public static final String ADVERTISED_ADDRESS = "";
    /** Clock threads; each serves its own share of the endpoints, receive and send, in its slots of the tick. */
    public static final int CLOCK_WORKERS = 2;
    /** How long received audio waits before it is relayed or recorded, absorbing jitter. */
    public static final int PLAYOUT_DELAY_MS = 60;
    /** Payload type offered for RFC 4733 telephone-event. */
    public static final int TELEPHONE_EVENT_PAYLOAD_TYPE = 101;
    /** Seconds between RTCP sender reports; 0 turns RTCP sending off. */
    public static final int RTCP_INTERVAL_SECONDS = 5;

    private MediaDefaults() {
    }
}
