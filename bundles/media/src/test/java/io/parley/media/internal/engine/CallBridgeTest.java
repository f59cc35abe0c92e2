package io.parley.media.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.media.AudioClip;
import io.parley.api.media.Bridge;
import io.parley.api.media.BridgeDirection;
import io.parley.api.media.Codec;
import io.parley.api.media.RtpEndpoint;
import io.parley.media.testing.RtpPeer;
import io.parley.media.testing.Tones;

import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A customer phone on PCMU sends 1000 Hz, an agent phone on PCMA sends 400 Hz; each must hear
 * the other's tone in its own codec, and mute and hold must act on the right direction.
 */
public class CallBridgeTest {
    private static final double CUSTOMER_HZ = 1000;
    private static final double AGENT_HZ = 400;

    private MediaEngine engine;
    private RtpPeer customerPhone;
    private RtpPeer agentPhone;
    private RtpEndpoint customer;
    private RtpEndpoint agent;
    private Bridge bridge;

    @Before
    public void call() throws Exception {
        engine = LoopbackEngine.start(31300, 31399, 60);
        customerPhone = new RtpPeer();
        agentPhone = new RtpPeer();
        customer = engine.openEndpoint("bridge/customer");
        agent = engine.openEndpoint("bridge/agent");
        LoopbackEngine.connect(customer, customerPhone.address(), Codec.PCMU);
        LoopbackEngine.connect(agent, agentPhone.address(), Codec.PCMA);
        bridge = engine.bridge(customer, agent);
        customerPhone.sendTone(customer.localAddress(), Codec.PCMU, CUSTOMER_HZ);
        agentPhone.sendTone(agent.localAddress(), Codec.PCMA, AGENT_HZ);
    }

    @After
    public void hangUp() {
        customerPhone.close();
        agentPhone.close();
        engine.close();
    }

    /** What a phone hears over the next 400 ms, in its codec; checks every packet's payload type. */
    private static List<short[]> listen(RtpPeer phone, Codec codec) throws InterruptedException {
        Thread.sleep(150);   // let the previous state drain through the playout delay
        phone.clear();
        Thread.sleep(400);
        return phone.received().stream().map(r -> {
            assertEquals(codec.payloadType(), r.packet().payloadType());
            return Tones.decode(codec, r.packet().payload());
        }).toList();
    }

    private static void assertHearsTone(List<short[]> frames, double hz) {
        assertTrue("packets arrive", frames.size() >= 10);
        int matching = 0;
        for (short[] f : frames) {
            if (!Tones.silent(f) && Math.abs(Tones.frequency(f) - hz) < hz * 0.15) {
                matching++;
            }
        }
        assertTrue("most frames carry " + hz + " Hz: " + matching + "/" + frames.size(), matching >= frames.size() - 3);
    }

    private static void assertHearsSilence(List<short[]> frames) {
        assertTrue("packets keep arriving", frames.size() >= 10);
        for (short[] f : frames) {
            assertTrue("silent frame, peak " + Tones.peak(f), Tones.silent(f));
        }
    }

    @Test
    public void pcmuAndPcmaLegsHearEachOtherBothWays() throws Exception {
        assertHearsTone(listen(agentPhone, Codec.PCMA), CUSTOMER_HZ);
        assertHearsTone(listen(customerPhone, Codec.PCMU), AGENT_HZ);
    }

    @Test
    public void mutingCustomerToAgentSilencesOnlyWhatTheAgentHears() throws Exception {
        bridge.mute(BridgeDirection.CUSTOMER_TO_AGENT, true);
        assertHearsSilence(listen(agentPhone, Codec.PCMA));
        assertHearsTone(listen(customerPhone, Codec.PCMU), AGENT_HZ);
        bridge.mute(BridgeDirection.CUSTOMER_TO_AGENT, false);
        assertHearsTone(listen(agentPhone, Codec.PCMA), CUSTOMER_HZ);
    }

    @Test
    public void mutingAgentToCustomerSilencesOnlyWhatTheCustomerHears() throws Exception {
        bridge.mute(BridgeDirection.AGENT_TO_CUSTOMER, true);
        assertHearsSilence(listen(customerPhone, Codec.PCMU));
        assertHearsTone(listen(agentPhone, Codec.PCMA), CUSTOMER_HZ);
    }

    @Test
    public void holdPlaysMusicToTheCustomerAndSilenceToTheAgent() throws Exception {
        bridge.hold(new AudioClip(Tones.sine(2000, 8000, 0, 6000)));
        assertHearsTone(listen(customerPhone, Codec.PCMU), 2000);
        assertHearsSilence(listen(agentPhone, Codec.PCMA));
        bridge.unhold();
        assertHearsTone(listen(customerPhone, Codec.PCMU), AGENT_HZ);
        assertHearsTone(listen(agentPhone, Codec.PCMA), CUSTOMER_HZ);
    }

    @Test
    public void holdingTheAgentPlaysMusicToTheAgentAndSilenceToTheCustomer() throws Exception {
        bridge.holdAgent(new AudioClip(Tones.sine(2000, 8000, 0, 6000)));
        assertHearsTone(listen(agentPhone, Codec.PCMA), 2000);
        assertHearsSilence(listen(customerPhone, Codec.PCMU));
        assertTrue(bridge.isOnHold());
        // the other side's hold replaces it
        bridge.hold(new AudioClip(Tones.sine(1500, 8000, 0, 6000)));
        assertHearsTone(listen(customerPhone, Codec.PCMU), 1500);
        assertHearsSilence(listen(agentPhone, Codec.PCMA));
        bridge.unhold();
        assertHearsTone(listen(customerPhone, Codec.PCMU), AGENT_HZ);
        assertHearsTone(listen(agentPhone, Codec.PCMA), CUSTOMER_HZ);
    }

    @Test
    public void builtInHoldMusicIsAudible() throws Exception {
        bridge.hold(null);
        for (short[] f : listen(customerPhone, Codec.PCMU)) {
            assertTrue(Tones.peak(f) > 500);
        }
    }

    @Test
    public void closingTheBridgeLeavesBothEndpointsSendingSilence() throws Exception {
        bridge.close();
        assertHearsSilence(listen(agentPhone, Codec.PCMA));
        assertHearsSilence(listen(customerPhone, Codec.PCMU));
    }

    @Test
    public void hangingUpOneLegEndsTheBridgeAndTheOtherLegGoesSilent() throws Exception {
        agent.close();
        assertHearsSilence(listen(customerPhone, Codec.PCMU));
        assertEquals(null, ((MediaEndpoint) customer).bridge());
    }
}
