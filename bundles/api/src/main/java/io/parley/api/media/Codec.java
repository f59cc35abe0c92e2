package io.parley.api.media;

/**
 * The audio codecs Parley negotiates: G.711 in its two companding laws, both with a static
 * RTP payload type and an 8 kHz clock (RFC 3551).
 *
 * <pre>{@code
 * Codec codec = Codec.forPayloadType(8).orElseThrow(); // PCMA
 * String rtpmap = codec.encodingName() + "/" + codec.clockRate(); // "PCMA/8000"
 * }</pre>
 */
public enum Codec {
    /** G.711 µ-law, static payload type 0. */
    PCMU(0, "PCMU"),
    /** G.711 A-law, static payload type 8. */
    PCMA(8, "PCMA");

    private final int payloadType;
    private final String encodingName;

    Codec(int payloadType, String encodingName) {
        this.payloadType = payloadType;
        this.encodingName = encodingName;
    }

    /** @return the static RTP payload type (0 or 8) */
    public int payloadType() {
        return payloadType;
    }

    /** @return the SDP {@code rtpmap} encoding name, e.g. {@code PCMU} */
    public String encodingName() {
        return encodingName;
    }

    /** @return the RTP clock rate, always 8000 for G.711 */
    public int clockRate() {
        return 8000;
    }

    /**
     * @param payloadType an RTP payload type number
     * @return the codec with that static payload type, or empty
     */
    public static java.util.Optional<Codec> forPayloadType(int payloadType) {
        for (Codec c : values()) {
            if (c.payloadType == payloadType) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * @param name an SDP encoding name, case-insensitive
     * @return the codec with that encoding name, or empty
     */
    public static java.util.Optional<Codec> forEncodingName(String name) {
        for (Codec c : values()) {
            if (c.encodingName.equalsIgnoreCase(name)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }
}
