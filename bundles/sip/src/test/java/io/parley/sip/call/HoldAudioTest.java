package io.parley.sip.call;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import io.parley.api.audio.AudioFileService;
import io.parley.api.call.CallInfo;
import io.parley.api.call.LegInfo;
import io.parley.api.error.ConflictException;
import io.parley.api.ivr.Prompt;
import io.parley.api.media.AudioClip;
import io.parley.api.media.Bridge;
import io.parley.api.media.MediaServer;
import io.parley.api.settings.GeneralSettings;
import io.parley.api.settings.InstanceSettingsService;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Before;
import org.junit.Test;

/**
 * Who hears the hold audio in a bridged call (the party the holder put on hold) and which audio
 * (the instance's §21.1 setting). The bridge and the services are fakes that record the calls;
 * SipCallFeaturesIT proves the same against real phones and RTP.
 */
public class HoldAudioTest {

    private static final AudioClip JINGLE = new AudioClip(new short[] {1, 2, 3});

    private final List<String> bridgeCalls = new ArrayList<>();
    private final AtomicReference<GeneralSettings.HoldAudio> setting =
            new AtomicReference<>(new GeneralSettings.HoldAudio(GeneralSettings.HoldMode.DEFAULT, null));
    private final AtomicReference<short[]> approvedPcm = new AtomicReference<>(new short[] {1, 2, 3});
    private int settingsReads;
    private Call call;
    private Leg customer;
    private Leg other;
    private HoldAudio holdAudio;

    @Before
    public void bridgedCall() {
        call = new Call("c1", 7, "outbound", "internal", "6001", "6002", null);
        customer = new Leg("a", call, true, "phone", "6001", "127.0.0.1:5062");
        other = new Leg("b", call, false, "phone", "6002", "127.0.0.2:5062");
        customer.state = LegInfo.ANSWERED;
        other.state = LegInfo.ANSWERED;
        call.legs.add(customer);
        call.legs.add(other);
        call.bridge = fake(Bridge.class, (name, args) -> {
            bridgeCalls.add(name + (args == null ? "" : "(" + (args[0] == null ? "built-in" : args[0] == JINGLE
                    || args[0] instanceof AudioClip c && c.samples().length == 3 ? "jingle" : "other") + ")"));
            return null;
        });
        call.bridgeCustomer = customer;
        call.bridgeOther = other;
        call.state = CallInfo.BRIDGED;
        InstanceSettingsService settings = fake(InstanceSettingsService.class, (name, args) -> {
            settingsReads++;
            return new GeneralSettings(setting.get(), GeneralSettings.DEFAULTS.numberProtection(), false);
        });
        AudioFileService files = fake(AudioFileService.class, (name, args) -> {
            short[] pcm = approvedPcm.get();
            if (pcm == null) {
                throw new ConflictException("review_status", "not approved");
            }
            return pcm;
        });
        MediaServer media = fake(MediaServer.class, (name, args) -> JINGLE);
        holdAudio = new HoldAudio(media, () -> settings, () -> files);
    }

    @Test
    public void theCalleeHoldsTheCustomerHearsTheMusic() {
        other.state = LegInfo.HELD;
        holdAudio.apply(call);
        assertEquals(List.of("hold(built-in)"), bridgeCalls);
        assertEquals(CallInfo.HELD, call.state);
        other.state = LegInfo.ANSWERED;
        holdAudio.apply(call);
        assertEquals(List.of("hold(built-in)", "unhold"), bridgeCalls);
        assertEquals(CallInfo.BRIDGED, call.state);
    }

    @Test
    public void theCustomerHoldsTheOtherSideHearsTheMusicNotSilence() {
        customer.state = LegInfo.HELD;
        holdAudio.apply(call);
        assertEquals(List.of("holdAgent(built-in)"), bridgeCalls);
        assertEquals(CallInfo.HELD, call.state);
    }

    @Test
    public void theAgentsHoldOfTheCustomerOutlastsAPhonesResume() {
        call.customerHeldByAgent = true;
        customer.state = LegInfo.HELD;
        holdAudio.apply(call);
        customer.state = LegInfo.ANSWERED;
        holdAudio.apply(call);
        call.customerHeldByAgent = false;
        holdAudio.apply(call);
        assertEquals(List.of("hold(built-in)", "hold(built-in)", "unhold"), bridgeCalls);
    }

    @Test
    public void aCustomAudioFileIsPlayedAndLookedUpOncePerCall() {
        setting.set(new GeneralSettings.HoldAudio(GeneralSettings.HoldMode.CUSTOM, Prompt.audio("a-1")));
        other.state = LegInfo.HELD;
        holdAudio.apply(call);
        other.state = LegInfo.ANSWERED;
        holdAudio.apply(call);
        customer.state = LegInfo.HELD;
        holdAudio.apply(call);
        assertEquals(List.of("hold(jingle)", "unhold", "holdAgent(jingle)"), bridgeCalls);
        assertEquals(1, settingsReads);
    }

    @Test
    public void aCustomTtsPromptIsSpokenWithoutItsPlaceholders() {
        setting.set(new GeneralSettings.HoldAudio(GeneralSettings.HoldMode.CUSTOM, Prompt.tts("Please hold ${Name}")));
        assertSame(JINGLE, holdAudio.resolve(7));
    }

    @Test
    public void aCustomFileThatCannotBePlayedFallsBackToTheBuiltInMusic() {
        setting.set(new GeneralSettings.HoldAudio(GeneralSettings.HoldMode.CUSTOM, Prompt.audio("a-1")));
        approvedPcm.set(null);
        assertNull(holdAudio.resolve(7));
        approvedPcm.set(new short[] {9, 9});
        assertArrayEquals(new short[] {9, 9}, holdAudio.resolve(7).samples());
    }

    @Test
    public void withoutASettingsServiceTheBuiltInMusicPlays() {
        HoldAudio none = new HoldAudio(null, () -> null, () -> null);
        assertNull(none.resolve(7));
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(HoldAudioTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "fake " + type.getSimpleName() : null;
                    }
                    return answer.answer(method.getName(), args);
                });
    }
}
