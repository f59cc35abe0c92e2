package io.parley.api.media;

import java.nio.file.Path;

/**
 * Relays audio between a customer endpoint and an agent endpoint, transcoding when they
 * negotiated different codecs. Created by {@link MediaServer#bridge(RtpEndpoint, RtpEndpoint)}.
 * RFC 4733 digits are relayed as well, except in a muted direction, on hold, and while the side
 * that pressed them is collecting digits ({@link RtpEndpoint#collectDigits}), so that what a
 * customer enters for the IVR or a card number during the call is not sent to the agent.
 *
 * <pre>{@code
 * Bridge bridge = mediaServer.bridge(customer, agent);
 * Recorder rec = bridge.record(recordingsDir.resolve(sessionId + ".wav"));
 * bridge.hold(null);                    // customer hears built-in hold music, agent hears nothing
 * bridge.unhold();
 * bridge.mute(BridgeDirection.CUSTOMER_TO_AGENT, true);
 * bridge.close();                       // endpoints stay open, each back to sending silence
 * }</pre>
 */
public interface Bridge extends AutoCloseable {
    /** @return the customer side */
    RtpEndpoint customer();

    /** @return the agent side */
    RtpEndpoint agent();

    /**
     * Mutes or unmutes one direction: the listening side hears silence instead.
     *
     * @param direction the direction to change
     * @param muted true to mute
     */
    void mute(BridgeDirection direction, boolean muted);

    /**
     * @param direction a direction
     * @return true if that direction is muted
     */
    boolean isMuted(BridgeDirection direction);

    /**
     * Puts the customer on hold: the customer hears the music in a loop and the agent hears
     * silence. Calling it again changes the music.
     *
     * @param music the music to loop, or {@code null} for the built-in hold music
     */
    void hold(AudioClip music);

    /** Ends the hold: both sides hear each other again (subject to mute). */
    void unhold();

    /** @return true while on hold */
    boolean isOnHold();

    /**
     * Starts a dual-track recording of this call (what the customer says on the left, what the
     * customer hears on the right). Same as {@link MediaServer#recordCall(RtpEndpoint, Path)}
     * on the customer endpoint.
     *
     * @param wavFile the file to write
     * @return the running recorder
     */
    Recorder record(Path wavFile);

    /** Stops relaying; the endpoints stay open. Safe to call more than once. */
    @Override
    void close();
}
