package io.parley.media.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.media.BridgeDirection;
import io.parley.api.media.Bridge;
import io.parley.api.media.Codec;
import io.parley.api.media.DigitCollectResult;
import io.parley.api.media.DigitCollectSpec;
import io.parley.api.media.DtmfCollector;
import io.parley.api.media.RtpEndpoint;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** RFC 4733 digits across a bridge: relayed, except while the pressing side is collecting. */
public class DtmfRelayTest {
    private MediaEngine engine;
    private RtpEndpoint customerPhone;
    private RtpEndpoint agentPhone;
    private RtpEndpoint customer;
    private RtpEndpoint agent;
    private Bridge bridge;
    private final StringBuffer agentHeard = new StringBuffer();
    private final StringBuffer customerHeard = new StringBuffer();

    @Before
    public void call() {
        engine = LoopbackEngine.start(31520, 31539, 60);
        customerPhone = engine.openEndpoint("relay/customer-phone");
        agentPhone = engine.openEndpoint("relay/agent-phone");
        customer = engine.openEndpoint("relay/customer");
        agent = engine.openEndpoint("relay/agent");
        LoopbackEngine.connect(customerPhone, customer.localAddress(), Codec.PCMU);
        LoopbackEngine.connect(customer, customerPhone.localAddress(), Codec.PCMU);
        LoopbackEngine.connect(agentPhone, agent.localAddress(), Codec.PCMA);
        LoopbackEngine.connect(agent, agentPhone.localAddress(), Codec.PCMA);
        bridge = engine.bridge(customer, agent);
        agentPhone.addDtmfListener((d, held) -> agentHeard.append(d));
        customerPhone.addDtmfListener((d, held) -> customerHeard.append(d));
    }

    @After
    public void hangUp() {
        engine.close();
    }

    @Test
    public void keysAreRelayedBothWaysOnceEach() throws Exception {
        customerPhone.sendDtmf("12#");
        agentPhone.sendDtmf("9");
        assertTrue(LoopbackEngine.await(() -> agentHeard.length() == 3 && customerHeard.length() == 1, 5000));
        Thread.sleep(300);
        assertEquals("12#", agentHeard.toString());
        assertEquals("9", customerHeard.toString());
    }

    @Test
    public void keysCollectedFromTheCustomerAreNotHeardByTheAgent() throws Exception {
        DtmfCollector card = customer.collectDigits(
                new DigitCollectSpec(4, Duration.ofSeconds(3), Duration.ofSeconds(2), null, false));
        customerPhone.sendDtmf("4242");
        DigitCollectResult r = card.result().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("4242", r.digits());
        // after the collection, keys flow to the agent again
        customerPhone.sendDtmf("7");
        assertTrue(LoopbackEngine.await(() -> agentHeard.length() == 1, 5000));
        Thread.sleep(200);
        assertEquals("7", agentHeard.toString());
    }

    @Test
    public void aKeyHandlerMayHangUpTheCallFromTheMediaClock() throws Exception {
        java.util.concurrent.CompletableFuture<Boolean> closed = new java.util.concurrent.CompletableFuture<>();
        customer.addDtmfListener((d, held) -> {
            agent.close();       // runs on the clock thread, inside the read of a slot
            customer.close();
            closed.complete(customer.isClosed() && agent.isClosed());
        });
        customerPhone.sendDtmf("0");
        assertTrue(closed.get(5, TimeUnit.SECONDS));
        // the clock keeps running for a new call
        RtpEndpoint x = engine.openEndpoint("relay/x");
        RtpEndpoint y = engine.openEndpoint("relay/y");
        LoopbackEngine.connect(x, y.localAddress(), Codec.PCMU);
        LoopbackEngine.connect(y, x.localAddress(), Codec.PCMU);
        DtmfCollector c = y.collectDigits(new DigitCollectSpec(1, Duration.ofSeconds(3), Duration.ofSeconds(2), null, false));
        x.sendDtmf("3");
        assertEquals("3", c.result().toCompletableFuture().get(5, TimeUnit.SECONDS).digits());
    }

    @Test
    public void aMutedDirectionDoesNotRelayKeys() throws Exception {
        bridge.mute(BridgeDirection.CUSTOMER_TO_AGENT, true);
        customerPhone.sendDtmf("5");
        agentPhone.sendDtmf("6");
        assertTrue(LoopbackEngine.await(() -> customerHeard.length() == 1, 5000));
        Thread.sleep(500);
        assertEquals("", agentHeard.toString());
        assertEquals("6", customerHeard.toString());
    }
}
