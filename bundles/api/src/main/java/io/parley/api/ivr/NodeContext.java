package io.parley.api.ivr;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an IVR node may do with the call it runs on. The IVR engine creates one per
 * node visit; its methods block until the media operation is done or the caller hangs up,
 * so a node is written as straight-line code.
 *
 * <pre>{@code
 * public String execute(NodeContext ctx) {
 *     String key = ctx.collectDigits(Prompt.tts("Press one for sales"),
 *             DigitCollection.singleKey(Duration.ofSeconds(5)));
 *     ctx.variables().put("LastKey", key);
 *     return key.isEmpty() ? "timeout" : "key:" + key;
 * }
 * }</pre>
 */
public interface NodeContext {

    /** The call's session id, the key of its service record. */
    String sessionId();

    long instanceId();

    /** This node's parameters as saved in the flow, JSON-decoded (String, Number, Boolean, List, Map). */
    Map<String, Object> params();

    /**
     * The call's variables: the read-only system variables of SPEC §7.4
     * ({@code SystemCallerNumber}, …) and the flow's own. Writes to system variables fail.
     */
    Map<String, String> variables();

    /** Replaces {@code ${name}} placeholders with variable values; unknown names become "". */
    String substitute(String text);

    /**
     * Plays a prompt {@code times} times.
     *
     * @return the DTMF key that interrupted it, if {@code interruptible} and a key came
     */
    Optional<Character> play(Prompt prompt, int times, boolean interruptible);

    /**
     * Plays {@code prompt} (interruptible by the first key) and collects digits.
     *
     * @return the digits without the end key; empty when nothing was entered in time
     */
    String collectDigits(Prompt prompt, DigitCollection collection);

    /**
     * Plays {@code prompt} and returns the final recognition hypothesis, or empty on
     * silence or timeout.
     */
    Optional<String> recognizeSpeech(Prompt prompt, Duration timeout);

    /** Hands the call over and waits until the transferred leg ends. */
    TransferOutcome transfer(TransferTarget target);

    /** Records the caller (voicemail) for at most {@code maxLength}; returns the recording id. */
    String record(Duration maxLength);

    /** The instance's time zone, for working hours. */
    ZoneId timeZone();

    /** An HTTP client for callbacks (api_call, specified agent, external transfer). */
    HttpClient http();

    /** True once the caller has hung up; a node then returns promptly. */
    boolean callerHungUp();

    /** Ends the call. */
    void hangUp();

    /**
     * The clock of the call, in the instance's time zone: working hours (SPEC §8.6) read the
     * time from it, so a simulated run (issue 11, flow simulation) can set the time. The
     * system clock unless the engine gives another.
     */
    default Clock clock() {
        return Clock.system(timeZone());
    }

    // ---- Added for the built-in module types (SPEC §8). The engine implements them; until it
    // does, a node calling one fails with UnsupportedOperationException naming the method.

    /**
     * Adds a detail of this visit to the call's trace and service record ({@code ivr_path},
     * SPEC §27.1): the key and label chosen in a branch, the speech heard, an API result.
     * Values a node marks sensitive are given already masked.
     *
     * <pre>{@code
     * ctx.trace("key", Map.of("digit", "1", "label", "Sales"));
     * }</pre>
     */
    default void trace(String what, Map<String, String> details) {
        throw unsupported("trace");
    }

    /**
     * Sets the service record's status (SPEC §27.2) the call ends with unless something later
     * sets another, e.g. {@code non_working_hours} on a working-hours node's off-hours exit,
     * {@code external_transfer}, {@code no_agent_online}.
     */
    default void recordStatus(String status) {
        throw unsupported("recordStatus");
    }

    /**
     * Stores the caller's rating on the service record ({@code satisfaction: {digit, label}},
     * SPEC §8.7, §23); a later rating of the same session replaces it.
     */
    default void rateSatisfaction(String digit, String label) {
        throw unsupported("rateSatisfaction");
    }

    /** Plays the short tone that tells the caller recording starts (SPEC §8.14). */
    default void beep() {
        throw unsupported("beep");
    }

    /**
     * Records the caller as a mono WAV stored with the call and attached to its service record
     * (SPEC §8.14). Stops when {@code endKey} is pressed (the key is not in the message), at
     * {@code maxLength}, or when the caller hangs up; the message is kept in every case.
     *
     * <pre>{@code
     * Voicemail vm = ctx.recordVoicemail(Duration.ofSeconds(60), '#');
     * }</pre>
     */
    default Voicemail recordVoicemail(Duration maxLength, char endKey) {
        throw unsupported("recordVoicemail");
    }

    /**
     * True when {@code audioId} names an audio file of the instance in status {@code approved},
     * e.g. a prompt's {@code dynamic_audio_var} value (SPEC §8.2).
     */
    default boolean audioPlayable(String audioId) {
        throw unsupported("audioPlayable");
    }

    /**
     * Plays {@code prompt} (a key or speech interrupts it) and waits up to {@code timeout} for
     * the caller to speak or press a key, whichever comes first; the speech goes to the
     * installed {@link io.parley.api.speech.SpeechRecognizer} biased toward the instance's hot
     * words (SPEC §17) and {@code keywords}.
     *
     * <pre>{@code
     * CallerInput in = ctx.listen(Prompt.tts("Sales or support?"), Duration.ofSeconds(60), List.of("sales", "support"));
     * }</pre>
     */
    default CallerInput listen(Prompt prompt, Duration timeout, List<String> keywords) {
        throw unsupported("listen");
    }

    /**
     * Keeps a key that interrupted a prompt (SPEC §8.2 {@code interruptible}) for the next
     * node that takes input, as if the caller pressed it there.
     */
    default void passOnKey(char key) {
        throw unsupported("passOnKey");
    }

    /** True when the flow version this call runs has a node of this id (SPEC §8.3.1 {@code next}). */
    default boolean hasNode(String nodeId) {
        throw unsupported("hasNode");
    }

    /**
     * {@link #transfer(TransferTarget)}, playing {@code whileWaiting} in a loop to the caller
     * while the target rings or the call is queued; {@code null} plays the system hold music.
     */
    default TransferOutcome transfer(TransferTarget target, Prompt whileWaiting) {
        throw unsupported("transfer(target, whileWaiting)");
    }

    private UnsupportedOperationException unsupported(String method) {
        return new UnsupportedOperationException("NodeContext." + method + " is not implemented by "
                + getClass().getName());
    }
}
