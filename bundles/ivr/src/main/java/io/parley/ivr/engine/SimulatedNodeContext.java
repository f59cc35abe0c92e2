package io.parley.ivr.engine;

import io.parley.api.ivr.CallerInput;
import io.parley.api.ivr.DigitCollection;
import io.parley.api.ivr.IvrNode;
import io.parley.api.ivr.Prompt;
import io.parley.api.ivr.SimulationScript;
import io.parley.api.ivr.TransferOutcome;
import io.parley.api.ivr.TransferTarget;
import io.parley.api.ivr.Voicemail;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code NodeContext} of a simulated visit: prompts are noted instead of played, the
 * caller's keys, phrases and voicemails come from the script, transfers end as the script says.
 * What is not media (variables, trace, status, ratings, HTTP) is {@link VisitContext}'s, as on a
 * call.
 */
final class SimulatedNodeContext extends VisitContext {

    private final SimulatedRun sim;
    private final List<String> said;

    SimulatedNodeContext(SimulatedRun sim, IvrNode node, List<String> said) {
        super(sim, node);
        this.sim = sim;
        this.said = said;
    }

    private void say(Prompt prompt) {
        if (prompt == null || sim.callGone()) {
            return;
        }
        said.add(prompt.mode() == Prompt.Mode.AUDIO ? "audio:" + prompt.audioId() : substitute(prompt.text()));
    }

    @Override
    public Optional<Character> play(Prompt prompt, int times, boolean interruptible) {
        say(prompt);
        if (!interruptible) {
            return Optional.empty();
        }
        // only an input that names this node interrupts its prompt; others wait for a question
        SimulationScript.Input in = sim.take(node.id(), true);
        if (in == null || in.keys() == null || in.keys().isEmpty()) {
            return Optional.empty();
        }
        sim.typeAhead = in.keys();
        keys.append(in.keys().charAt(0));
        return Optional.of(in.keys().charAt(0));
    }

    @Override
    public String collectDigits(Prompt prompt, DigitCollection collection) {
        String typed;
        if (sim.keyPassedOn) {
            sim.keyPassedOn = false;
            typed = sim.typeAhead;
        } else {
            say(prompt);
            SimulationScript.Input in = sim.take(node.id(), false);
            typed = in == null || in.keys() == null ? "" : in.keys();
        }
        sim.typeAhead = "";
        if (collection.endKey() != 0 && typed.indexOf(collection.endKey()) >= 0) {
            typed = typed.substring(0, typed.indexOf(collection.endKey()));
        }
        String digits = typed.length() > collection.maxDigits() ? typed.substring(0, collection.maxDigits()) : typed;
        keys.append(collection.maxDigits() == 1 ? digits : "*".repeat(digits.length()));
        return digits;
    }

    @Override
    public Optional<String> recognizeSpeech(Prompt prompt, Duration timeout) {
        say(prompt);
        SimulationScript.Input in = sim.take(node.id(), false);
        return in == null || in.speech() == null || in.speech().isBlank() ? Optional.empty() : Optional.of(in.speech());
    }

    @Override
    public CallerInput listen(Prompt prompt, Duration timeout, List<String> keywords) {
        if (sim.keyPassedOn) {
            sim.keyPassedOn = false;
            String typed = sim.typeAhead;
            sim.typeAhead = "";
            if (!typed.isEmpty()) {
                keys.append(typed.charAt(0));
                return CallerInput.pressed(typed.charAt(0));
            }
        }
        say(prompt);
        SimulationScript.Input in = sim.take(node.id(), false);
        if (in == null) {
            return CallerInput.nothing();
        }
        if (in.keys() != null && !in.keys().isEmpty()) {
            keys.append(in.keys().charAt(0));
            return CallerInput.pressed(in.keys().charAt(0));
        }
        return in.speech() == null || in.speech().isBlank() ? CallerInput.nothing() : CallerInput.spoke(in.speech());
    }

    @Override
    public TransferOutcome transfer(TransferTarget target) {
        return transfer(target, null);
    }

    @Override
    public TransferOutcome transfer(TransferTarget target, Prompt whileWaiting) {
        if (sim.callGone()) {
            return new TransferOutcome(false, TransferOutcome.CALLER_HUNG_UP, null);
        }
        TransferOutcome o = sim.script.transfers().get(node.id());
        if (o == null) {
            return new TransferOutcome(false, TransferOutcome.NO_ANSWER, null);
        }
        if (TransferOutcome.CALLER_HUNG_UP.equals(o.reason())) {
            sim.callerHangsUp();
        }
        return o;
    }

    @Override
    public String record(Duration maxLength) {
        return recordVoicemail(maxLength, '#').recordingId();
    }

    @Override
    public Voicemail recordVoicemail(Duration maxLength, char endKey) {
        if (sim.callGone()) {
            return new Voicemail("", Duration.ZERO, Voicemail.HANG_UP);
        }
        SimulationScript.Input in = sim.take(node.id(), false);
        Duration spoken = Duration.ofSeconds(in == null || in.recordSeconds() == null ? 0 : in.recordSeconds());
        boolean endKeyPressed = in != null && in.keys() != null && endKey != 0 && in.keys().indexOf(endKey) >= 0;
        String stoppedBy;
        Duration length;
        if (spoken.compareTo(maxLength) >= 0) {
            stoppedBy = Voicemail.MAX_DURATION;
            length = maxLength;
        } else if (endKeyPressed) {
            stoppedBy = Voicemail.END_KEY;
            length = spoken;
        } else {
            // the caller stopped talking without the end key: they hung up
            stoppedBy = Voicemail.HANG_UP;
            length = spoken;
            sim.callerHangsUp();
        }
        String recording = "voicemail/" + sessionId() + "/simulated.wav";
        trace("voicemail", Map.of("id", recording, "duration_ms", String.valueOf(length.toMillis()),
                "stopped_by", stoppedBy));
        return new Voicemail(recording, length, stoppedBy);
    }

    @Override
    public void beep() {
        if (!sim.callGone()) {
            said.add("(beep)");
        }
    }

    @Override
    public Clock clock() {
        return sim.clock(timeZone());
    }
}
