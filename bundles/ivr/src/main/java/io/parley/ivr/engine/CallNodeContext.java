package io.parley.ivr.engine;

import io.parley.api.call.CallInfo;
import io.parley.api.call.Destination;
import io.parley.api.call.Dialing;
import io.parley.api.call.LegInfo;
import io.parley.api.ivr.CallerInput;
import io.parley.api.ivr.DigitCollection;
import io.parley.api.ivr.IvrNode;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.Prompt;
import io.parley.api.ivr.TransferOutcome;
import io.parley.api.ivr.TransferTarget;
import io.parley.api.ivr.Voicemail;
import io.parley.api.media.AudioClip;
import io.parley.api.media.DigitCollectResult;
import io.parley.api.media.DigitCollectSpec;
import io.parley.api.media.DtmfCollector;
import io.parley.api.media.Playback;
import io.parley.api.media.PlaybackResult;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.Recorder;
import io.parley.api.speech.SpeechRecognizer;
import io.parley.api.media.RecordingResult;
import io.parley.api.recording.RecordingFile;
import io.parley.api.recording.RecordingService;
import io.parley.ivr.flow.SystemVariables;
import io.parley.ivr.flow.Ulid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link NodeContext}: one per node visit, its blocking methods parked on the
 * media's completion stages (or the call's end). When the caller hangs up, every method returns
 * at once with a neutral answer (no key, no digits, not connected) and {@link #callerHungUp()}
 * turns true, so a node's straight-line code ends promptly.
 */
final class CallNodeContext extends VisitContext {

    private static final Logger LOG = LoggerFactory.getLogger(CallNodeContext.class);
    private static final Ulid IDS = new Ulid();

    CallNodeContext(FlowRun run, IvrNode node) {
        super(run, node);
    }

    @Override
    public Optional<Character> play(Prompt prompt, int times, boolean interruptible) {
        Optional<Character> key = playOnly(prompt, times, interruptible);
        key.ifPresent(keys::append);
        return key;
    }

    private Optional<Character> playOnly(Prompt prompt, int times, boolean interruptible) {
        if (run.callGone()) {
            return Optional.empty();
        }
        AudioClip clip = run.render(prompt);
        if (clip == null) {
            return Optional.empty();
        }
        int count = Math.max(1, Math.min(PlayRequest.MAX_PLAY_COUNT, times));
        try {
            Playback p = run.env.calls().play(run.call.id(), run.leg, new PlayRequest(List.of(clip), count, interruptible));
            PlaybackResult r = run.await(p.completion(), p::stop);
            if (r.outcome() == PlaybackResult.Outcome.INTERRUPTED && r.digit() != null) {
                return Optional.of(r.digit());
            }
            return Optional.empty();
        } catch (FlowRun.CallGone e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            if (run.callGone()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public String collectDigits(Prompt prompt, DigitCollection collection) {
        // a key passed on by an earlier prompt answers at once (SPEC §8.2); otherwise a key that
        // stops this prompt stays in the media's type-ahead and is the first collected
        boolean typeAhead = run.keyPassedOn;
        run.keyPassedOn = false;
        if (!typeAhead) {
            typeAhead = playOnly(prompt, 1, true).isPresent();
        }
        if (run.callGone()) {
            return "";
        }
        Character end = collection.endKey() == 0 ? null : collection.endKey();
        try {
            // without a key to take over, stale keys (pressed during a prompt nobody passed on) are dropped
            DtmfCollector c = run.env.calls().collect(run.call.id(), run.leg, new DigitCollectSpec(collection.maxDigits(),
                    collection.firstDigitTimeout(), collection.interDigitTimeout(), end, typeAhead));
            DigitCollectResult r = run.await(c.result(), c::cancel);
            String digits = r.digits() == null ? "" : r.digits();
            // menu keys go to the trace as pressed; a collected number is masked (SPEC §8.10)
            keys.append(collection.maxDigits() == 1 ? digits : "*".repeat(digits.length()));
            return digits;
        } catch (FlowRun.CallGone e) {
            return "";
        } catch (RuntimeException e) {
            if (run.callGone()) {
                return "";
            }
            throw e;
        }
    }

    @Override
    public Optional<String> recognizeSpeech(Prompt prompt, Duration timeout) {
        // no speech path from the media server yet: the prompt plays and nothing is recognised
        playOnly(prompt, 1, true).ifPresent(keys::append);
        return Optional.empty();
    }

    @Override
    public TransferOutcome transfer(TransferTarget target) {
        return transfer(target, null, false);
    }

    @Override
    public TransferOutcome transfer(TransferTarget target, Prompt whileWaiting) {
        return transfer(target, whileWaiting, true);
    }

    private TransferOutcome transfer(TransferTarget target, Prompt whileWaiting, boolean playWhileWaiting) {
        Destination to;
        if (target instanceof TransferTarget.Extension e) {
            to = Destination.phone(instanceId(), e.extension());
        } else if (target instanceof TransferTarget.ExternalNumber x) {
            to = Destination.external(instanceId(), x.number(), x.callerNumber());
        } else {
            // queueing needs the ACD, which is not in the appliance yet
            return new TransferOutcome(false, "no_agent_online", null);
        }
        if (run.callGone()) {
            return new TransferOutcome(false, "caller_hung_up", null);
        }
        Playback waiting = null;
        try {
            if (playWhileWaiting) {
                AudioClip clip = whileWaiting == null ? Tones.holdMusic() : run.render(whileWaiting);
                if (clip != null) {
                    waiting = run.env.calls().play(run.call.id(), run.leg, PlayRequest.loop(clip));
                }
            }
            Dialing d = run.env.calls().dial(run.call.id(), to);
            LegInfo leg = run.await(d.outcome(), () -> { });
            if (waiting != null) {
                waiting.stop();
            }
            if (!LegInfo.ANSWERED.equals(leg.state())) {
                return new TransferOutcome(false, leg.failureStatus() == null ? "no_answer" : leg.failureStatus(), null);
            }
            run.env.calls().bridge(run.call.id(), run.leg, leg.id());
            if (target instanceof TransferTarget.Extension e) {
                run.variables.system(SystemVariables.STAFF_NO, e.extension());
            }
            run.await(legEnded(leg.id()), () -> { });
            return new TransferOutcome(true, run.callGone() ? "caller_hung_up" : "agent_hung_up", to.address());
        } catch (FlowRun.CallGone e) {
            return new TransferOutcome(false, "caller_hung_up", null);
        } finally {
            if (waiting != null) {
                waiting.stop();
            }
        }
    }

    /** Completes when the leg has ended; checked every half second on the shared timer (no thread waits for it). */
    private CompletableFuture<Void> legEnded(String legId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> check = run.env.timer().scheduleWithFixedDelay(() -> {
            Optional<CallInfo> c = run.env.calls().call(run.call.id());
            boolean over = c.isEmpty() || c.get().legs().stream().noneMatch(l -> l.id().equals(legId)
                    && !LegInfo.ENDED.equals(l.state()));
            if (over) {
                done.complete(null);
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        done.whenComplete((v, e) -> check.cancel(false));
        return done;
    }

    @Override
    public String record(Duration maxLength) {
        return recordVoicemail(maxLength, '#').recordingId();
    }

    @Override
    public Voicemail recordVoicemail(Duration maxLength, char endKey) {
        if (run.callGone()) {
            return new Voicemail("", Duration.ZERO, Voicemail.HANG_UP);
        }
        RecordingService recordings = run.env.recordings();
        RecordingFile indexed = null;
        try {
            indexed = recordings == null ? null : recordings.openVoicemail(instanceId(), sessionId());
        } catch (RuntimeException e) {
            LOG.warn("call {}: voicemail not indexed, recorded under the IVR's data: {}", sessionId(), e.toString());
        }
        String id = indexed == null ? IDS.next() : indexed.id();
        Path file = indexed == null ? run.env.dataDir().resolve("voicemail").resolve(sessionId()).resolve(id + ".wav")
                : indexed.path();
        Recorder r = run.env.media().recordVoicemail(run.env.calls().media(sessionId(), run.leg), file, maxLength,
                endKey == 0 ? null : endKey);
        if (indexed != null) {
            // indexed and announced (RECORDING_READY) whenever the file closes, also after this node gave up waiting
            RecordingFile opened = indexed;
            r.completion().thenAcceptAsync(done -> recordings.closed(opened, done));
        }
        RecordingResult result = null;
        try {
            // it ends by itself (limit, end key, hang-up: the message is kept), so no race with the call's end
            result = r.completion().toCompletableFuture().get(maxLength.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.stop();
        } catch (Exception e) {
            r.stop();
        }
        String stoppedBy = result == null ? Voicemail.HANG_UP : switch (result.reason()) {
            case STOP_KEY -> Voicemail.END_KEY;
            case MAX_DURATION -> Voicemail.MAX_DURATION;
            default -> Voicemail.HANG_UP;
        };
        String recording = indexed != null ? id : "voicemail/" + sessionId() + "/" + id + ".wav";
        trace("voicemail", Map.of("id", recording, "duration_ms",
                String.valueOf(result == null ? 0 : result.duration().toMillis()), "stopped_by", stoppedBy));
        return new Voicemail(recording, result == null ? Duration.ZERO : result.duration(), stoppedBy);
    }

    @Override
    public void beep() {
        if (run.callGone()) {
            return;
        }
        try {
            Playback p = run.env.calls().play(run.call.id(), run.leg, PlayRequest.once(Tones.beep(), false));
            run.await(p.completion(), p::stop);
        } catch (FlowRun.CallGone e) {
            // the caller hung up
        } catch (RuntimeException e) {
            if (!run.callGone()) {
                throw e;
            }
        }
    }

    @Override
    public CallerInput listen(Prompt prompt, Duration timeout, List<String> keywords) {
        SpeechRecognizer.Session session = null;
        EngineServices.Speech speech = run.env.speech();
        if (speech != null && !run.callGone() && !run.keyPassedOn) {
            try {
                session = speech.open(instanceId(), keywords);
            } catch (RuntimeException e) {
                LOG.warn("{}: speech recognition could not start, keys only", sessionId(), e);
            }
        }
        if (session == null) {
            return keyOnly(prompt, timeout);
        }
        try (SpeechRecognizer.Session s = session) {
            Utterance utterance = new Utterance(s);
            AutoCloseable tap;
            try {
                tap = run.env.calls().media(sessionId(), run.leg).addAudioListener(utterance::accept);
            } catch (RuntimeException e) {
                LOG.warn("{}: no audio from the call for speech recognition, keys only", sessionId(), e);
                return keyOnly(prompt, timeout);
            }
            try {
                return hear(prompt, timeout, s, utterance);
            } finally {
                try {
                    tap.close();
                } catch (Exception e) {
                    // the endpoint is gone with the call
                }
            }
        }
    }

    private CallerInput keyOnly(Prompt prompt, Duration timeout) {
        String key = collectDigits(prompt, DigitCollection.singleKey(timeout));
        return key.isEmpty() ? CallerInput.nothing() : CallerInput.pressed(key.charAt(0));
    }

    /**
     * The caller is heard from the first word of the prompt on (a key stops the prompt and
     * answers); then a key or the end of the caller's speech, whichever first, until the timeout.
     */
    private CallerInput hear(Prompt prompt, Duration timeout, SpeechRecognizer.Session s, Utterance utterance) {
        boolean typeAhead = playOnly(prompt, 1, true).isPresent();
        if (run.callGone()) {
            return CallerInput.nothing();
        }
        String digits = "";
        if (typeAhead || !utterance.ended().isDone()) {
            DtmfCollector c = run.env.calls().collect(run.call.id(), run.leg,
                    new DigitCollectSpec(1, timeout, timeout, null, typeAhead));
            try {
                run.await(CompletableFuture.anyOf(c.result().toCompletableFuture(), utterance.ended()), c::cancel);
            } catch (FlowRun.CallGone e) {
                return CallerInput.nothing();
            }
            c.cancel();
            DigitCollectResult r = c.result().toCompletableFuture().getNow(null);
            digits = r == null || r.digits() == null ? "" : r.digits();
        }
        if (!digits.isEmpty()) {
            keys.append(digits.charAt(0));
            return CallerInput.pressed(digits.charAt(0));
        }
        Optional<String> heard = s.finish();
        trace("asr", Map.of("spoke", String.valueOf(utterance.started()), "hypothesis", heard.orElse("")));
        if (heard.isPresent()) {
            return CallerInput.spoke(heard.get());
        }
        // speech that matched no word is a no-match (error prompt); no speech at all is a timeout
        return utterance.started() ? CallerInput.spoke("") : CallerInput.nothing();
    }
}
