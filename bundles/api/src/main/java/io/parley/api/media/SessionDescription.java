package io.parley.api.media;

import java.util.List;

/**
 * An SDP body (RFC 4566) as far as Parley reads and writes it: origin, session-level
 * connection address and the media sections. Parse and format it with
 * {@link MediaServer#parseSdp(String)} and {@link MediaServer#formatSdp(SessionDescription)}.
 *
 * <pre>{@code
 * SessionDescription offer = mediaServer.parseSdp(inviteBody);
 * MediaDescription audio = offer.audio().orElseThrow();
 * }</pre>
 *
 * @param originUser the {@code o=} user name ({@code -} when none)
 * @param sessionId the {@code o=} session id
 * @param sessionVersion the {@code o=} version, raised on every new offer of a session
 * @param originAddress the {@code o=} unicast address
 * @param sessionName the {@code s=} line ({@code -} when none)
 * @param connectionAddress the session-level {@code c=} address, or {@code null}
 * @param media the media sections in order
 */
public record SessionDescription(String originUser, long sessionId, long sessionVersion, String originAddress,
                                 String sessionName, String connectionAddress, List<MediaDescription> media) {
    /** Copies the media list. */
    public SessionDescription {
        media = List.copyOf(media);
    }

    /** @return the first audio section with a non-zero port, if any */
    public java.util.Optional<MediaDescription> audio() {
        return media.stream().filter(m -> "audio".equals(m.media()) && m.port() != 0).findFirst();
    }

    /**
     * @param m one of this session's media sections
     * @return the address media of that section goes to: its own {@code c=} or the session's
     */
    public String connectionFor(MediaDescription m) {
        return m.connectionAddress() != null ? m.connectionAddress() : connectionAddress;
    }
}
