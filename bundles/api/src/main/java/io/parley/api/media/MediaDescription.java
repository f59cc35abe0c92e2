package io.parley.api.media;

import java.util.List;

/**
 * One {@code m=} section of an SDP body, reduced to what an audio RTP session needs.
 *
 * <pre>{@code
 * MediaDescription audio = new MediaDescription("audio", 20000, "RTP/AVP",
 *         List.of(new PayloadFormat(0, "PCMU", 8000, null)), null, 20, MediaDirection.SENDRECV);
 * }</pre>
 *
 * @param media the media type, e.g. {@code audio}
 * @param port the transport port; 0 means the stream is rejected or disabled
 * @param protocol the transport, e.g. {@code RTP/AVP}
 * @param formats the payload formats in order of preference
 * @param connectionAddress the section-level {@code c=} address, or {@code null} to use the
 *        session-level one
 * @param ptimeMs the {@code a=ptime} value in milliseconds, or 0 when absent
 * @param direction the direction attribute (defaults to {@link MediaDirection#SENDRECV})
 */
public record MediaDescription(String media, int port, String protocol, List<PayloadFormat> formats,
                               String connectionAddress, int ptimeMs, MediaDirection direction) {
    /** Copies the format list and defaults the direction. */
    public MediaDescription {
        formats = List.copyOf(formats);
        direction = direction == null ? MediaDirection.SENDRECV : direction;
    }
}
