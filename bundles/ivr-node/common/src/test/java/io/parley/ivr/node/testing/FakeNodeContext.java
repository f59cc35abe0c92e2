package io.parley.ivr.node.testing;

import io.parley.api.ivr.CallerInput;
import io.parley.api.ivr.DigitCollection;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.Prompt;
import io.parley.api.ivr.TransferOutcome;
import io.parley.api.ivr.TransferTarget;
import io.parley.api.ivr.Voicemail;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A call as a node sees it, scripted by a test: what the caller keys, says and does is queued
 * up front, and everything the node does to the call is written down to be asserted.
 *
 * <pre>{@code
 * FakeNodeContext call = new FakeNodeContext(Map.of("keys", ...)).keys("", "1");
 * assertEquals("key:1", node.execute(call));
 * assertEquals(3, call.played.size());
 * }</pre>
 */
public class FakeNodeContext implements NodeContext {

    /** Something the node played, with how often and whether keys could interrupt it. */
    public record Played(Prompt prompt, int times, boolean interruptible) {
    }

    /** A transfer the node asked for, with what the caller heard meanwhile (null: hold music). */
    public record Transfer(TransferTarget target, Prompt whileWaiting) {
    }

    public final Map<String, Object> params;
    public final Map<String, String> variables = new LinkedHashMap<>();
    public final List<Played> played = new ArrayList<>();
    public final List<Object> events = new ArrayList<>();
    public final List<DigitCollection> collections = new ArrayList<>();
    public final List<Duration> listenTimeouts = new ArrayList<>();
    public final List<Transfer> transfers = new ArrayList<>();
    public final List<Map<String, String>> traces = new ArrayList<>();
    public final List<Character> passedOnKeys = new ArrayList<>();
    public final Set<String> nodes = new HashSet<>();
    public final Set<String> approvedAudio = new HashSet<>();
    public String status;
    public String satisfactionDigit;
    public String satisfactionLabel;
    public int beeps;
    public boolean hungUp;
    public boolean callerHungUp;
    public ZoneId zone = ZoneId.of("Asia/Shanghai");
    public Clock clock = Clock.system(zone);
    public HttpClient http = HttpClient.newHttpClient();
    public Voicemail voicemail = new Voicemail("vm-1", Duration.ofSeconds(7), Voicemail.END_KEY);
    public Duration voicemailMaxLength;
    public Character voicemailEndKey;

    private final Deque<String> keyAnswers = new ArrayDeque<>();
    private final Deque<Optional<Character>> playInterrupts = new ArrayDeque<>();
    private final Deque<CallerInput> listenAnswers = new ArrayDeque<>();
    private final Deque<TransferOutcome> transferOutcomes = new ArrayDeque<>();
    private int hangUpAfterInputs = -1;

    public FakeNodeContext(Map<String, Object> params) {
        this.params = params;
        variables.put("SystemCallerNumber", "008613800000001");
        variables.put("SystemCalleeNumber", "0086201234567");
        variables.put("SystemSessionId", "s-1");
    }

    /** What the caller keys for each collectDigits, in order; "" is a timeout. Once used up, timeouts. */
    public FakeNodeContext keys(String... answers) {
        keyAnswers.addAll(List.of(answers));
        return this;
    }

    /** What the caller does for each listen, in order. Once used up, silence. */
    public FakeNodeContext listens(CallerInput... answers) {
        listenAnswers.addAll(List.of(answers));
        return this;
    }

    /** The key that interrupts each play, in order (null: none). */
    public FakeNodeContext interrupts(Character... keys) {
        for (Character k : keys) {
            playInterrupts.add(Optional.ofNullable(k));
        }
        return this;
    }

    /** How each transfer ends, in order. Once used up, transfers fail. */
    public FakeNodeContext transfersEnd(TransferOutcome... outcomes) {
        transferOutcomes.addAll(List.of(outcomes));
        return this;
    }

    /** The caller hangs up after this many inputs (collectDigits/listen) were answered. */
    public FakeNodeContext callerHangsUpAfter(int inputs) {
        hangUpAfterInputs = inputs;
        return this;
    }

    public FakeNodeContext at(String isoInstant) {
        clock = Clock.fixed(Instant.parse(isoInstant), zone);
        return this;
    }

    private void input() {
        if (hangUpAfterInputs == 0) {
            callerHungUp = true;
        }
        if (hangUpAfterInputs > 0) {
            hangUpAfterInputs--;
        }
    }

    @Override
    public String sessionId() {
        return "s-1";
    }

    @Override
    public long instanceId() {
        return 1000001;
    }

    @Override
    public Map<String, Object> params() {
        return params;
    }

    @Override
    public Map<String, String> variables() {
        return variables;
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    @Override
    public String substitute(String text) {
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(variables.getOrDefault(m.group(1), "")));
        }
        return m.appendTail(out).toString();
    }

    @Override
    public Optional<Character> play(Prompt prompt, int times, boolean interruptible) {
        played.add(new Played(prompt, times, interruptible));
        events.add(new Played(prompt, times, interruptible));
        Optional<Character> key = playInterrupts.isEmpty() ? Optional.empty() : playInterrupts.poll();
        return interruptible ? key : Optional.empty();
    }

    @Override
    public String collectDigits(Prompt prompt, DigitCollection collection) {
        if (prompt != null) {
            played.add(new Played(prompt, 1, true));
            events.add(new Played(prompt, 1, true));
        }
        collections.add(collection);
        events.add(collection);
        if (callerHungUp) {
            return "";
        }
        String answer = keyAnswers.isEmpty() ? "" : keyAnswers.poll();
        input();
        return answer;
    }

    @Override
    public Optional<String> recognizeSpeech(Prompt prompt, Duration timeout) {
        CallerInput in = listen(prompt, timeout, List.of());
        return in.speech();
    }

    @Override
    public CallerInput listen(Prompt prompt, Duration timeout, List<String> keywords) {
        played.add(new Played(prompt, 1, true));
        events.add(new Played(prompt, 1, true));
        listenTimeouts.add(timeout);
        if (callerHungUp) {
            return CallerInput.nothing();
        }
        CallerInput answer = listenAnswers.isEmpty() ? CallerInput.nothing() : listenAnswers.poll();
        input();
        return answer;
    }

    @Override
    public TransferOutcome transfer(TransferTarget target) {
        return transfer(target, null);
    }

    @Override
    public TransferOutcome transfer(TransferTarget target, Prompt whileWaiting) {
        transfers.add(new Transfer(target, whileWaiting));
        events.add(target);
        TransferOutcome o = transferOutcomes.isEmpty()
                ? new TransferOutcome(false, TransferOutcome.FAILED, null) : transferOutcomes.poll();
        if (TransferOutcome.CALLER_HUNG_UP.equals(o.reason())) {
            callerHungUp = true;
        }
        return o;
    }

    @Override
    public String record(Duration maxLength) {
        return recordVoicemail(maxLength, (char) 0).recordingId();
    }

    @Override
    public Voicemail recordVoicemail(Duration maxLength, char endKey) {
        voicemailMaxLength = maxLength;
        voicemailEndKey = endKey;
        events.add(voicemail);
        if (Voicemail.HANG_UP.equals(voicemail.stoppedBy())) {
            callerHungUp = true;
        }
        return voicemail;
    }

    @Override
    public ZoneId timeZone() {
        return zone;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public HttpClient http() {
        return http;
    }

    @Override
    public boolean callerHungUp() {
        return callerHungUp;
    }

    @Override
    public void hangUp() {
        hungUp = true;
        events.add("hangUp");
    }

    @Override
    public void trace(String what, Map<String, String> details) {
        Map<String, String> t = new HashMap<>(details);
        t.put("what", what);
        traces.add(t);
    }

    @Override
    public void recordStatus(String s) {
        status = s;
    }

    @Override
    public void rateSatisfaction(String digit, String label) {
        satisfactionDigit = digit;
        satisfactionLabel = label;
    }

    @Override
    public void beep() {
        beeps++;
        events.add("beep");
    }

    @Override
    public boolean audioPlayable(String audioId) {
        return approvedAudio.contains(audioId);
    }

    @Override
    public void passOnKey(char key) {
        passedOnKeys.add(key);
    }

    @Override
    public boolean hasNode(String nodeId) {
        return nodes.contains(nodeId);
    }
}
