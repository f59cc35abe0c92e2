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
 * bridge.holdAgent(music);              // the customer's phone held the call: the agent hears the music
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

    /**
     * Puts the agent side on hold, the mirror of {@link #hold(AudioClip)}: the agent hears the
     * music in a loop and the customer hears silence. Used when the customer's own phone puts
     * the call on hold (a re-INVITE with {@code a=sendonly}), so the other party hears hold
     * audio rather than the holder. Replaces a {@link #hold(AudioClip)} in effect.
     *
     * <pre>{@code
     * bridge.holdAgent(null);   // agent hears the built-in hold music, customer hears nothing
     * bridge.unhold();          // both hear each other again
     * }</pre>
     *
     * @param music the music to loop, or {@code null} for the built-in hold music
     */
    void holdAgent(AudioClip music);

    /** Ends the hold, either side's: both sides hear each other again (subject to mute). */
    void unhold();

    /** @return true while either side is on hold */
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
