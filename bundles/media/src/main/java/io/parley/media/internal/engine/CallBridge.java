package io.parley.media.internal.engine;

import io.parley.api.media.AudioClip;
import io.parley.api.media.Bridge;
import io.parley.api.media.BridgeDirection;
import io.parley.api.media.Recorder;
import io.parley.api.media.RtpEndpoint;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Relays the frames two endpoints heard to each other. Each endpoint encodes with its own
 * codec when it sends, so PCMU on one leg and PCMA on the other transcode through linear PCM
 * at no extra cost. Runs in the clock's SEND phase, after every endpoint took its frame in
 * the RECEIVE phase, so reading the partner's frame needs no lock.
 *
 * <p>RFC 4733 digits are relayed too, regenerated on the other leg: a key pressed on one side
 * is sent to the other unless that direction is muted, the call is on hold, or the pressing
 * side is collecting digits (an IVR menu or a card number entered during the call is not
 * heard by the agent).
 */
final class CallBridge implements Bridge {
    private final MediaEngine engine;
    private final MediaEndpoint customer;
    private final MediaEndpoint agent;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean customerToAgentMuted;
    private volatile boolean agentToCustomerMuted;
    /** Music the customer hears (the customer is on hold), or null. */
    private volatile LoopingClip holdMusic;
    /** Music the agent hears (the customer's phone holds the call), or null; never both set. */
    private volatile LoopingClip agentHoldMusic;
    private final AutoCloseable customerKeys;
    private final AutoCloseable agentKeys;

    private final FrameSource toCustomer = new FrameSource() {
        @Override
        public void fill(short[] frame) {
            LoopingClip music = holdMusic;
            if (music != null) {
                music.fill(frame);
            } else if (agentToCustomerMuted || agentHoldMusic != null) {
                Arrays.fill(frame, (short) 0);
            } else {
                System.arraycopy(agent.heard, 0, frame, 0, frame.length);
            }
        }
    };

    private final FrameSource toAgent = new FrameSource() {
        @Override
        public void fill(short[] frame) {
            LoopingClip music = agentHoldMusic;
            if (music != null) {
                music.fill(frame);
            } else if (holdMusic != null || customerToAgentMuted) {
                Arrays.fill(frame, (short) 0);   // on hold the agent hears nothing
            } else {
                System.arraycopy(customer.heard, 0, frame, 0, frame.length);
            }
        }
    };

    CallBridge(MediaEngine engine, MediaEndpoint customer, MediaEndpoint agent) {
        this.engine = engine;
        this.customer = customer;
        this.agent = agent;
        customer.setBridge(this);
        agent.setBridge(this);
        customer.setFeed(toCustomer);
        agent.setFeed(toAgent);
        // both legs in one slot of the clock: each reads the other's frame of the same tick
        engine.clock().follow(agent.clockMember(), customer.clockMember());
        customerKeys = customer.addDtmfListener((digit, held) -> relay(customer, agent, digit, customerToAgentMuted));
        agentKeys = agent.addDtmfListener((digit, held) -> relay(agent, customer, digit, agentToCustomerMuted));
    }

    private void relay(MediaEndpoint from, MediaEndpoint to, char digit, boolean muted) {
        if (closed.get() || muted || holdMusic != null || agentHoldMusic != null || from.isCollectingDigits() || to.isClosed()) {
            return;
        }
        try {
            to.sendDtmf(String.valueOf(digit));
        } catch (RuntimeException closedMeanwhile) {
            // the other leg ended between the check and the send: nobody to tell
        }
    }

    @Override
    public RtpEndpoint customer() {
        return customer;
    }

    @Override
    public RtpEndpoint agent() {
        return agent;
    }

    @Override
    public void mute(BridgeDirection direction, boolean muted) {
        if (direction == BridgeDirection.CUSTOMER_TO_AGENT) {
            customerToAgentMuted = muted;
        } else {
            agentToCustomerMuted = muted;
        }
    }

    @Override
    public boolean isMuted(BridgeDirection direction) {
        return direction == BridgeDirection.CUSTOMER_TO_AGENT ? customerToAgentMuted : agentToCustomerMuted;
    }

    @Override
    public void hold(AudioClip music) {
        // set before clearing the other side's music: the clock thread never sees the two sides talking
        holdMusic = new LoopingClip(music != null ? music : engine.holdMusic());
        agentHoldMusic = null;
    }

    @Override
    public void holdAgent(AudioClip music) {
        agentHoldMusic = new LoopingClip(music != null ? music : engine.holdMusic());
        holdMusic = null;
    }

    @Override
    public void unhold() {
        holdMusic = null;
        agentHoldMusic = null;
    }

    @Override
    public boolean isOnHold() {
        return holdMusic != null || agentHoldMusic != null;
    }

    @Override
    public Recorder record(Path wavFile) {
        return engine.recordCall(customer, wavFile);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        release(customer);
        release(agent);
        closeQuietly(customerKeys);
        closeQuietly(agentKeys);
    }

    private static void closeQuietly(AutoCloseable subscription) {
        try {
            subscription.close();
        } catch (Exception cannotHappen) {
            // removing a listener does not fail
        }
    }

    private void release(MediaEndpoint e) {
        if (e.bridge() == this) {
            e.setBridge(null);
            e.setFeed(null);
        }
    }

    boolean isClosed() {
        return closed.get();
    }
}
