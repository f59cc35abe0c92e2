package io.parley.media.internal.engine;

/**
 * The media server's settings as plain values, checked once.
 *
 * @param rtpPortMin lowest RTP port
 * @param rtpPortMax highest port of the range
 * @param bindAddress address the sockets bind to
 * @param advertisedAddress address for SDP, empty to derive it
 * @param clockWorkers clock threads; each serves its own slots of the tick, sockets included
 * @param playoutDelayMs jitter delay
 * @param telephoneEventPayloadType RFC 4733 payload type we offer
 * @param rtcpIntervalSeconds 0 = no RTCP reports
 */
public record MediaSettings(int rtpPortMin, int rtpPortMax, String bindAddress, String advertisedAddress,
                            int clockWorkers, int playoutDelayMs, int telephoneEventPayloadType,
                            int rtcpIntervalSeconds) {
    public MediaSettings {
        if (rtpPortMin < 1024 || rtpPortMax > 65535 || rtpPortMin >= rtpPortMax) {
            throw new IllegalArgumentException("rtpPortMin/rtpPortMax must be a range within 1024-65535: " + rtpPortMin + "-" + rtpPortMax);
        }
        if (clockWorkers < 1 || clockWorkers > 16) {
            throw new IllegalArgumentException("clockWorkers must be 1..16: " + clockWorkers);
        }
        if (playoutDelayMs < 20 || playoutDelayMs > 500) {
            throw new IllegalArgumentException("playoutDelayMs must be 20..500: " + playoutDelayMs);
        }
        if (telephoneEventPayloadType < 96 || telephoneEventPayloadType > 127) {
            throw new IllegalArgumentException("telephoneEventPayloadType must be dynamic (96..127): " + telephoneEventPayloadType);
        }
        if (rtcpIntervalSeconds < 0 || rtcpIntervalSeconds > 60) {
            throw new IllegalArgumentException("rtcpIntervalSeconds must be 0..60");
        }
        bindAddress = bindAddress == null || bindAddress.isBlank() ? MediaDefaults.BIND_ADDRESS : bindAddress.strip();
        advertisedAddress = advertisedAddress == null ? "" : advertisedAddress.strip();
    }

    /** @return the defaults of {@link MediaDefaults} */
    public static MediaSettings defaults() {
        return new MediaSettings(MediaDefaults.RTP_PORT_MIN, MediaDefaults.RTP_PORT_MAX, MediaDefaults.BIND_ADDRESS,
                MediaDefaults.ADVERTISED_ADDRESS, MediaDefaults.CLOCK_WORKERS,
                MediaDefaults.PLAYOUT_DELAY_MS, MediaDefaults.TELEPHONE_EVENT_PAYLOAD_TYPE, MediaDefaults.RTCP_INTERVAL_SECONDS);
    }

    static MediaSettings from(MediaServerConfig c) {
        return new MediaSettings(c.rtpPortMin(), c.rtpPortMax(), c.bindAddress(), c.advertisedAddress(),
                c.clockWorkers(), c.playoutDelayMs(), c.telephoneEventPayloadType(), c.rtcpIntervalSeconds());
    }

    public MediaSettings withPorts(int min, int max) {
        return new MediaSettings(min, max, bindAddress, advertisedAddress, clockWorkers, playoutDelayMs,
                telephoneEventPayloadType, rtcpIntervalSeconds);
    }

    public MediaSettings withBindAddress(String address) {
        return new MediaSettings(rtpPortMin, rtpPortMax, address, advertisedAddress, clockWorkers, playoutDelayMs,
                telephoneEventPayloadType, rtcpIntervalSeconds);
    }

    public MediaSettings withPlayoutDelayMs(int ms) {
        return new MediaSettings(rtpPortMin, rtpPortMax, bindAddress, advertisedAddress, clockWorkers, ms,
                telephoneEventPayloadType, rtcpIntervalSeconds);
    }

    public MediaSettings withClockWorkers(int workers) {
        return new MediaSettings(rtpPortMin, rtpPortMax, bindAddress, advertisedAddress, workers, playoutDelayMs,
                telephoneEventPayloadType, rtcpIntervalSeconds);
    }

    /** @return ticks between RTCP reports, 0 when off */
    int rtcpIntervalTicks() {
        return rtcpIntervalSeconds * 50;
    }
}
