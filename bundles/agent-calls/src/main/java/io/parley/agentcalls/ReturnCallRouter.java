package io.parley.agentcalls;

import io.parley.api.acd.ContactHistory;
import io.parley.api.agent.Agent;
import io.parley.api.agent.AgentService;
import io.parley.api.audio.AudioFileService;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.call.Dialing;
import io.parley.api.call.InboundCallHandler;
import io.parley.api.call.LegInfo;
import io.parley.api.event.CallEvents;
import io.parley.api.ivr.Prompt;
import io.parley.api.media.AudioClip;
import io.parley.api.media.MediaServer;
import io.parley.api.media.PlayRequest;
import io.parley.api.settings.InboundSettings;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.sip.Registrar;
import io.parley.api.telephony.NumberService;
import io.parley.api.telephony.SipPhoneService;
import io.parley.api.telephony.TrunkNumber;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC §20 call-out then call-in: an {@link InboundCallHandler} ranked above the IVR engine
 * (20 over its 10) that takes the answered inbound calls of a number with
 * {@code prioritize_last_outbound_agent} whose caller an agent called in the last
 * {@link #WINDOW}: the IVR is skipped and that agent's device rings for the instance's
 * {@code ring_timeout_s}. Answered: the two are bridged and the call ends with either. Not
 * answered, busy (on another call), or without a device: {@code mode1} plays the number's
 * {@code inbound_failure_prompt} and ends the call ({@code agent_not_answered}); {@code mode2}
 * (the default, SPEC §34 p63) hands the call to the next handler that takes it, the IVR engine
 * for a number binding an inbound flow. With no such handler the call ends ({@code ivr_ended}):
 * the SIP bundle's own default handler is not reachable from here.
 *
 * <p>The SIP bundle hands calls to the highest-ranked handler only, which is this one while it
 * runs: every call that is not a return call is passed on to the next handler that accepts it
 * (the IVR engine), and a call none accepts is declined, so the SIP default serves it as before.
 */
@Component(service = InboundCallHandler.class, property = Constants.SERVICE_RANKING + ":Integer=20")
public class ReturnCallRouter implements InboundCallHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ReturnCallRouter.class);
    /** SPEC §20: an outbound call within the last 3 days. */
    static final Duration WINDOW = Duration.ofDays(3);
    static final String MODE1 = "mode1";
    static final String AGENT_NOT_ANSWERED = "agent_not_answered";

    /**
     * The SIP bundle's calls, looked up when a call comes (the way the IVR engine does): the SIP
     * bundle references the inbound handlers, so a static reference back to {@code CallControl}
     * would make a DS cycle that could leave this component unsatisfied at start.
     */
    @Reference(service = CallControl.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceReference<CallControl> callControl;
    private final BundleContext bundle;
    private CallControl calls;
    private ServiceReference<CallControl> gotRef;
    private final ContactHistory history;
    private final NumberService numbers;
    private final AgentService agents;
    private final SipPhoneService phones;
    private final CallSessions sessions;
    private final EventAdmin events;
    /** What {@link #accepts} decided for a call, until {@link #answered}: a return call, or the handler it passes on to. */
    private record Route(ContactHistory.AgentContact returnCall, InboundCallHandler passOn) {
    }

    private final Map<String, Route> pending = new ConcurrentHashMap<>();
    /** The other inbound handlers (the IVR engine), by ranking: mode2's way on. */
    private final Map<ServiceReference<InboundCallHandler>, InboundCallHandler> others = new ConcurrentSkipListMap<>(
            (a, b) -> b.compareTo(a));

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Registrar registrar;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile InstanceSettingsService settings;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MediaServer media;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AudioFileService audioFiles;

    @Activate
    public ReturnCallRouter(BundleContext bundle, @Reference ContactHistory history,
                            @Reference NumberService numbers, @Reference AgentService agents,
                            @Reference SipPhoneService phones, @Reference CallSessions sessions,
                            @Reference EventAdmin events) {
        this.bundle = bundle;
        this.history = history;
        this.numbers = numbers;
        this.agents = agents;
        this.phones = phones;
        this.sessions = sessions;
        this.events = events;
    }

    /** The other handlers (never this one: a reference to itself is a DS cycle). */
    @Reference(service = InboundCallHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindOther",
            target = "(!(component.name=io.parley.agentcalls.ReturnCallRouter))")
    void bindOther(ServiceReference<InboundCallHandler> ref, InboundCallHandler handler) {
        if (handler != this) {
            others.put(ref, handler);
        }
    }

    /** The calls service now, or null while the SIP bundle is away. */
    private synchronized CallControl calls() {
        ServiceReference<CallControl> ref = callControl;
        if (ref == null) {
            return null;
        }
        if (ref != gotRef) {
            calls = bundle.getService(ref);
            gotRef = ref;
        }
        return calls;
    }

    void unbindOther(ServiceReference<InboundCallHandler> ref) {
        others.remove(ref);
    }

    @Override
    public boolean accepts(CallInfo call, long numberId) {
        Optional<ContactHistory.AgentContact> last = lastOutboundAgent(call, numberId);
        if (last.isPresent()) {
            pending.put(call.id(), new Route(last.get(), null));
            return true;
        }
        InboundCallHandler next = nextHandler(call, numberId);
        if (next != null) {
            pending.put(call.id(), new Route(null, next));
            return true;
        }
        return false;
    }

    /** SPEC §20: the number prioritizes the last outbound agent and the caller had an agent's call in the window. */
    private Optional<ContactHistory.AgentContact> lastOutboundAgent(CallInfo call, long numberId) {
        try {
            TrunkNumber number = numbers.get(call.instanceId(), numberId);
            if (!number.prioritizeLastOutboundAgent()) {
                return Optional.empty();
            }
            return history.lastOutbound(call.instanceId(), call.caller(), WINDOW);
        } catch (RuntimeException e) {
            LOG.info("call {}: return-call check failed, the call goes on as usual: {}", call.id(), e.toString());
            return Optional.empty();
        }
    }

    /** The highest-ranked other handler that takes the call (the IVR engine for a number binding a flow), or null. */
    private InboundCallHandler nextHandler(CallInfo call, long numberId) {
        for (InboundCallHandler next : others.values()) {
            try {
                if (next.accepts(call, numberId)) {
                    return next;
                }
            } catch (RuntimeException e) {
                LOG.info("call {}: an inbound handler failed to decide: {}", call.id(), e.toString());
            }
        }
        return null;
    }

    @Override
    public void answered(CallInfo call, long numberId) {
        Route route = pending.remove(call.id());
        CallControl calls = calls();
        if (calls == null) {
            throw new IllegalStateException("the SIP bundle's CallControl is not registered");
        }
        if (route != null && route.passOn() != null) {
            route.passOn().answered(call, numberId);
            return;
        }
        TrunkNumber number = numbers.get(call.instanceId(), numberId);
        String mode = number.lastOutboundAgentMode() == null ? "mode2" : number.lastOutboundAgentMode();
        if (route != null && offer(calls, call, route.returnCall().agentId())) {
            return;
        }
        if (MODE1.equals(mode)) {
            playFailurePrompt(calls, call, number.inboundFailurePrompt());
            calls.hangup(call.id(), AGENT_NOT_ANSWERED);
            return;
        }
        InboundCallHandler next = nextHandler(call, numberId);
        if (next != null) {
            LOG.info("call {}: the last outbound agent did not take it, on to the number's IVR (mode2)", call.id());
            next.answered(call, numberId);
            return;
        }
        LOG.info("call {}: the last outbound agent did not take it and the number binds no IVR", call.id());
        calls.hangup(call.id(), CallStatus.IVR_ENDED);
    }

    /** Rings the agent; true once the agent answered and is bridged with the caller. */
    private boolean offer(CallControl calls, CallInfo call, String agentId) {
        long instanceId = call.instanceId();
        Agent agent;
        try {
            agent = agents.get(instanceId, agentId);
        } catch (RuntimeException e) {
            return false;
        }
        if (sessions.callOf(instanceId, agentId).isPresent()) {
            LOG.info("call {}: last outbound agent {} is on another call", call.id(), agentId);
            return false;
        }
        Optional<AgentDevice> device = AgentDevice.of(agent, phones, registrar);
        if (device.isEmpty()) {
            LOG.info("call {}: last outbound agent {} has no device online", call.id(), agentId);
            return false;
        }
        Dialing dialing;
        try {
            dialing = calls.dial(call.id(), device.get().destination());
        } catch (RuntimeException e) {
            return false;   // the caller hung up meanwhile
        }
        LOG.info("call {}: return call, the IVR is skipped and last outbound agent {} rings", call.id(), agentId);
        post(CallEvents.AGENT_RINGING, call, agentId, Map.of(CallEvents.LEG_ID, dialing.legId(),
                CallEvents.AGENT_TERMINAL, device.get().terminal()));
        LegInfo leg = await(calls, call.id(), dialing, ringTimeout(instanceId));
        post(CallEvents.AGENT_RING_ENDED, call, agentId, Map.of(CallEvents.LEG_ID, dialing.legId(),
                CallEvents.OUTCOME, leg.isAnswered() ? "answered"
                        : CallStatus.CALLER_CANCELED.equals(leg.failureStatus()) ? "timeout" : "rejected"));
        if (!leg.isAnswered()) {
            return false;
        }
        try {
            calls.bridge(call.id(), call.legs().get(0).id(), leg.id());
            calls.endWithAnyLeg(call.id());
            return true;
        } catch (RuntimeException e) {
            LOG.info("call {}: not bridged with agent {}: {}", call.id(), agentId, e.toString());
            calls.hangup(call.id(), null);
            return true;   // the caller is gone: nothing more to do
        }
    }

    /** The leg's outcome, or the leg given up after {@code timeout}. */
    private LegInfo await(CallControl calls, String callId, Dialing dialing, Duration timeout) {
        try {
            return dialing.outcome().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            try {
                calls.hangupLeg(callId, dialing.legId());
            } catch (RuntimeException gone) {
                // ended meanwhile
            }
            try {
                return dialing.outcome().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception again) {
                throw new IllegalStateException("the agent leg did not end", again);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private Duration ringTimeout(long instanceId) {
        InstanceSettingsService s = settings;
        int seconds = s == null ? InboundSettings.DEFAULTS.ringTimeoutS() : s.inbound(instanceId).ringTimeoutS();
        return Duration.ofSeconds(seconds);
    }

    private void playFailurePrompt(CallControl calls, CallInfo call, Prompt prompt) {
        MediaServer m = media;
        if (prompt == null || m == null) {
            return;
        }
        try {
            AudioClip clip;
            if (prompt.mode() == Prompt.Mode.AUDIO) {
                AudioFileService files = audioFiles;
                if (files == null) {
                    return;
                }
                clip = new AudioClip(files.playable(call.instanceId(), prompt.audioId()));
            } else {
                clip = m.speak(prompt.text() == null ? "" : prompt.text().replaceAll("\\$\\{[^}]*}", ""), prompt.voice());
            }
            calls.play(call.id(), call.legs().get(0).id(), PlayRequest.once(clip, false)).completion()
                    .toCompletableFuture().get(clip.samples().length / AudioClip.SAMPLE_RATE + 10L, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.info("call {}: failure prompt not played: {}", call.id(), e.toString());
        }
    }

    private void post(String topic, CallInfo call, String agentId, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put(CallEvents.SESSION_ID, call.id());
        p.put(CallEvents.INSTANCE_ID, call.instanceId());
        p.put(CallEvents.DIRECTION, call.direction());
        p.put(CallEvents.AGENT_ID, agentId);
        p.put(CallEvents.TIMESTAMP, System.currentTimeMillis());
        events.postEvent(new Event(topic, p));
    }
}
