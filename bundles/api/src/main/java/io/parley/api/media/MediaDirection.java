package io.parley.api.media;

/**
 * The SDP media direction attribute (RFC 4566 §6, RFC 3264 §6.1), seen from the side that
 * wrote it.
 *
 * <pre>{@code
 * MediaDirection ours = MediaDirection.fromAttribute("sendonly").answerTo(); // RECVONLY
 * boolean weSend = ours.sends(); // false
 * }</pre>
 */
public enum MediaDirection {
    /** Sends and receives. */
    SENDRECV("sendrecv"),
    /** Sends only (e.g. the side that puts the other on hold). */
    SENDONLY("sendonly"),
    /** Receives only. */
    RECVONLY("recvonly"),
    /** Neither sends nor receives. */
    INACTIVE("inactive");

    private final String attribute;

    MediaDirection(String attribute) {
        this.attribute = attribute;
    }

    /** @return the SDP attribute name, e.g. {@code sendrecv} */
    public String attribute() {
        return attribute;
    }

    /** @return true if this side sends media */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /** @return true if this side receives media */
    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** @return the direction an answerer takes when offered this one (RFC 3264 §6.1) */
    public MediaDirection answerTo() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    /**
     * @param attribute an SDP attribute name, case-insensitive
     * @return the matching direction, or {@code null} if the name is not a direction
     */
    public static MediaDirection fromAttribute(String attribute) {
        for (MediaDirection d : values()) {
            if (d.attribute.equalsIgnoreCase(attribute)) {
                return d;
            }
        }
        return null;
    }
}
