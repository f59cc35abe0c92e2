package io.parley.api.media;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The media engine of the appliance, an OSGi service: all RTP of every call passes through it
 * (media anchoring), which is what makes prompts, DTMF, recording, hold music and mute work
 * without re-INVITEs.
 *
 * <pre>{@code
 * @Reference MediaServer media;
 *
 * RtpEndpoint customer = media.openEndpoint(sessionId + "/customer");
 * String answer = customer.answer(invite.sdp());
 * RtpEndpoint agent = media.openEndpoint(sessionId + "/agent");
 * String offer = agent.createOffer(MediaDirection.SENDRECV);
 * ... agent.applyAnswer(agentAnswerSdp);
 * Bridge bridge = media.bridge(customer, agent);
 * Recorder rec = bridge.record(recordingFile);
 * }</pre>
 */
public interface MediaServer {
    /**
     * Opens an endpoint on the next free even port of the configured range (RTCP on port + 1).
     *
     * @param label a label for logs, e.g. {@code "<session id>/customer"}
     * @return the open endpoint; close it when the leg ends
     * @throws MediaException {@code PORTS_EXHAUSTED} when no port pair is free
     */
    RtpEndpoint openEndpoint(String label);

    /**
     * Connects two endpoints of this server. An endpoint is in at most one bridge; bridging it
     * again closes its previous bridge.
     *
     * @param customer the customer (caller or callee outside) leg
     * @param agent the agent (or other party) leg
     * @return the bridge
     */
    Bridge bridge(RtpEndpoint customer, RtpEndpoint agent);

    /**
     * Starts a dual-track recording on a customer endpoint: left channel what the customer
     * says, right channel what the customer hears (agent, prompts, hold music), time-aligned
     * on the media clock with silence where a side sent nothing.
     *
     * @param customer the customer endpoint
     * @param wavFile where to write (8 kHz, 16-bit, stereo WAV); parent directories are created
     * @return the running recorder; it ends by itself when the endpoint closes
     */
    Recorder recordCall(RtpEndpoint customer, Path wavFile);

    /**
     * Starts a mono recording of what the caller says (voicemail).
     *
     * @param caller the endpoint to record
     * @param wavFile where to write (8 kHz, 16-bit, mono WAV)
     * @param maxDuration the recording stops by itself at this length
     * @param stopKey a DTMF key that stops the recording, or {@code null}
     * @return the running recorder
     */
    Recorder recordVoicemail(RtpEndpoint caller, Path wavFile, Duration maxDuration, Character stopKey);

    /**
     * @param sdp SDP text
     * @return the parsed description
     * @throws MediaException {@code INVALID_SDP}
     */
    SessionDescription parseSdp(String sdp);

    /**
     * @param description a description
     * @return its SDP text with CRLF line ends
     */
    String formatSdp(SessionDescription description);

    /**
     * Renders text as a clip through the {@link io.parley.api.speech.TextToSpeech} service
     * installed on the appliance (feature {@code parley-tts-freetts}); the engine caches prompts
     * by voice and text, so saying the same prompt again costs nothing. Play the clip like any
     * other, alone or between recorded segments:
     *
     * <pre>{@code
     * AudioClip menu = media.speak("Press one for sales, two for support", null);
     * endpoint.player().play(PlayRequest.once(menu, true));
     * }</pre>
     *
     * @param text what to say
     * @param voice a voice id of the engine, e.g. {@code en-US/kevin16}; {@code null} for its default
     * @return the spoken text, 8 kHz mono 16-bit
     * @throws MediaException {@code TTS_UNAVAILABLE} when no text-to-speech engine is installed
     * @throws IllegalArgumentException when the voice is not offered or the text is empty
     */
    AudioClip speak(String text, String voice);

    /** @return the number of endpoints open now */
    int openEndpointCount();

    /** @return the number of port pairs still free in the configured range */
    int freePortPairs();
}
