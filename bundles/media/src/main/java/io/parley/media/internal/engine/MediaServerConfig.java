package io.parley.media.internal.engine;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The media server's configuration ({@code etc/io.parley.media.cfg}); defaults from {@link MediaDefaults}. */
@ObjectClassDefinition(name = "Parley media server", description = "RTP ports, addresses and media threads")
public @interface MediaServerConfig {
    @AttributeDefinition(description = "Lowest RTP port (even; RTCP uses port + 1)")
    int rtpPortMin() default MediaDefaults.RTP_PORT_MIN;

    @AttributeDefinition(description = "Highest port of the RTP/RTCP range")
    int rtpPortMax() default MediaDefaults.RTP_PORT_MAX;

    @AttributeDefinition(description = "Address RTP sockets bind to")
    String bindAddress() default MediaDefaults.BIND_ADDRESS;

    @AttributeDefinition(description = "Address written into SDP (empty: derived from the bind address)", required = false)
    String advertisedAddress() default MediaDefaults.ADVERTISED_ADDRESS;

    @AttributeDefinition(description = "Media clock threads (about one per core); each receives and sends for its share of the endpoints", min = "1", max = "16")
    int clockWorkers() default MediaDefaults.CLOCK_WORKERS;

    @AttributeDefinition(description = "Playout (jitter) delay of received audio in ms", min = "20", max = "500")
    int playoutDelayMs() default MediaDefaults.PLAYOUT_DELAY_MS;

    @AttributeDefinition(description = "RTP payload type offered for telephone-event", min = "96", max = "127")
    int telephoneEventPayloadType() default MediaDefaults.TELEPHONE_EVENT_PAYLOAD_TYPE;

    @AttributeDefinition(description = "Seconds between RTCP sender reports, 0 = off", min = "0", max = "60")
    int rtcpIntervalSeconds() default MediaDefaults.RTCP_INTERVAL_SECONDS;
}
