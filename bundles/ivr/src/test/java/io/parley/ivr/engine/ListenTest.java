package io.parley.ivr.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.ivr.CallerInput;
import io.parley.api.ivr.IvrGraph;
import io.parley.api.ivr.Prompt;
import io.parley.api.speech.SpeechRecognizer;
import io.parley.ivr.flow.FlowJson;
import io.parley.ivr.flow.IvrFlowManagerTestGraphs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Test;

/** A node's listen (SPEC §8.4): the caller's audio goes to the recogniser, a key still answers. */
public class ListenTest {

    private final FakeCall call = new FakeCall();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<List<String>> opened = new ArrayList<>();
    private final AtomicInteger loudFrames = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String understands = "billing";

    @After
    public void stop() {
        timer.shutdownNow();
    }

    /** A recogniser that "understands" its word when it heard at least 40 loud frames. */
    private SpeechRecognizer.Session session(long instanceId, List<String> keywords) {
        opened.add(keywords);
        return new SpeechRecognizer.Session() {
            @Override
            public void accept(short[] frame) {
                if (Utterance.rms(frame) >= Utterance.SPEECH_RMS) {
                    loudFrames.incrementAndGet();
                }
            }

            @Override
            public Optional<String> finish() {
                return loudFrames.get() >= 40 && understands != null ? Optional.of(understands) : Optional.empty();
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }

    private CallNodeContext context(EngineServices.Speech speech) {
        EngineServices services = new EngineServices(call, call, io.parley.ivr.flow.FakeNodeTypes.standard(), (t, p) -> { },
                id -> java.time.ZoneOffset.UTC, (i, a) -> null, java.net.http.HttpClient.newHttpClient(), Path.of("target"),
                timer, speech);
        IvrGraph g = new FlowJson().parseGraph(IvrFlowManagerTestGraphs.MENU);
        FlowRun run = new FlowRun(services, call.info(), 1003301, "MAIN", g);
        return new CallNodeContext(run, g.nodes().get(0));
    }

    private static List<short[]> speech(int silentBefore, int loud, int silentAfter) {
        List<short[]> frames = new ArrayList<>();
        for (int i = 0; i < silentBefore + loud + silentAfter; i++) {
            short[] f = new short[160];
            if (i >= silentBefore && i < silentBefore + loud) {
                for (int k = 0; k < f.length; k++) {
                    f[k] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (i * 160 + k) / 8000.0));
                }
            }
            frames.add(f);
        }
        return frames;
    }

    @Test
    public void theCallersSpeechEndedBySilenceIsRecognisedWithTheMenusKeywords() {
        call.callerAudio = speech(10, 60, 60);
        call.keys.add(FakeCall.SILENT);
        CallerInput in = context(this::session).listen(Prompt.tts("Billing or support?"), Duration.ofSeconds(30),
                List.of("billing", "support"));
        assertEquals(Optional.of("billing"), in.speech());
        assertEquals(List.of(List.of("billing", "support")), opened);
        assertTrue("the recognition is closed", closed.get());
        assertTrue(call.played.contains("tts:Billing or support?"));
    }

    @Test
    public void speechWithNoWordUnderstoodIsANoMatchNotASilence() {
        understands = null;
        call.callerAudio = speech(10, 60, 60);
        call.keys.add(FakeCall.SILENT);
        CallerInput in = context(this::session).listen(Prompt.tts("Billing or support?"), Duration.ofSeconds(30),
                List.of("billing"));
        assertEquals(Optional.of(""), in.speech());
        assertEquals(Optional.empty(), in.key());
    }

    @Test
    public void aKeyAnswersWhileTheRecogniserListens() {
        call.callerAudio = speech(200, 0, 0);
        call.keys.add("2");
        CallerInput in = context(this::session).listen(Prompt.tts("Billing or support?"), Duration.ofSeconds(30),
                List.of("billing"));
        assertEquals(Optional.of('2'), in.key());
        assertTrue(closed.get());
    }

    @Test
    public void withNoRecogniserInstalledOnlyKeysAnswer() {
        call.keys.add("");
        CallerInput in = context((i, k) -> null).listen(Prompt.tts("Billing or support?"), Duration.ofSeconds(1),
                List.of("billing"));
        assertEquals(CallerInput.nothing(), in);
        assertTrue(opened.isEmpty());
    }

    @Test
    public void aRecognitionEndedByItsEngineGoingAwayAnswersNothingAndTheKeysStillWork() {
        // the recogniser bundle stopped: its session hears nothing and finishes empty
        call.callerAudio = speech(10, 60, 60);
        call.keys.add("");
        SpeechRecognizer.Session gone = new SpeechRecognizer.Session() {
            @Override
            public void accept(short[] frame) {
            }

            @Override
            public Optional<String> finish() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
        CallerInput in = context((i, k) -> gone).listen(Prompt.tts("Billing or support?"), Duration.ofSeconds(1),
                List.of("billing"));
        assertTrue(in.key().isEmpty());
        assertTrue(in.speech().isEmpty() || in.speech().get().isEmpty());
        assertEquals(Arrays.asList(), opened);
    }
}
