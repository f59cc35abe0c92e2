package io.parley.api.ivr;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.ZoneId;
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
}
