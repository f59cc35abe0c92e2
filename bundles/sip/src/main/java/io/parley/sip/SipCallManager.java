package io.parley.sip;

import io.parley.api.audio.AudioFileService;
import io.parley.api.blocklist.BlocklistService;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.Destination;
import io.parley.api.call.Dialing;
import io.parley.api.call.InboundCallHandler;
import io.parley.api.error.DomainException;
import io.parley.api.instance.InstanceService;
import io.parley.api.media.DigitCollectSpec;
import io.parley.api.media.DtmfCollector;
import io.parley.api.media.MediaServer;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.Playback;
import io.parley.api.media.RtpEndpoint;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.sip.Registrar;
import io.parley.api.store.SipChannelStore;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipPhoneService;
import io.parley.sip.auth.Digest;
import io.parley.sip.auth.InviteAuthenticator;
import io.parley.sip.auth.Nonces;
import io.parley.sip.call.CallManager;
import io.parley.sip.call.CallPorts;
import io.parley.sip.call.CallSettings;
import io.parley.sip.edge.SipSecurity;
import io.parley.sip.registrar.PhoneDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.message.Request;
import io.parley.sip.steady.Steady;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CallControl} service: wires the B2BUA ({@link CallManager} and its handlers in {@code call/})
 * to the running stack, the registrar, the edge's security monitor and trunk admission, the trunks of
 * {@link SipTrunkManager} (a channel's connector admits its peers' INVITEs and addresses its outbound
 * legs), and the optional
 * services of other bundles (events, the IVR's inbound handler, blocklist, hold audio, agents, number
 * locations); routes INVITE, ACK, BYE, CANCEL, UPDATE, INFO and PRACK to it while it runs.
 */
@Component(service = CallControl.class, immediate = true, configurationPid = SipConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class SipCallManager implements CallControl {

    private static final Logger LOG = LoggerFactory.getLogger(SipCallManager.class);
    private static final List<String> METHODS = List.of(Request.INVITE, Request.ACK, Request.BYE, Request.CANCEL,
            Request.UPDATE, Request.INFO, Request.PRACK);

    private final SipSignalling signalling;
    /** The B2BUA itself; every CallControl method is its. */
    private final CallManager calls;

    /** Creates the call handling and routes INVITE, ACK, BYE, CANCEL, UPDATE, INFO and PRACK to it. */
    @Activate
    public SipCallManager(@Reference SipSignalling signalling, @Reference MediaServer media, @Reference Steady steady,
                          @Reference Registrar registrar, @Reference SipTrunkManager trunks, SipConfig config) {
        this(signalling, media, steady.channelStore(), steady.phones(), steady.instances(), registrar, trunks, config);
    }

    /**
     * The store, telephony and directory services are {@link Steady}'s stand-ins: a call already up asks them
     * nothing, so a restart of their bundles leaves it talking.
     */
    private SipCallManager(SipSignalling signalling, MediaServer media, SipChannelStore channelStore,
                           SipPhoneService phones, InstanceService instances, Registrar registrar,
                           SipTrunkManager trunks, SipConfig config) {
        this.signalling = signalling;
        SipSecurity security = signalling.security();
        String domain = phones.serverInfo().sipDomain();
        CallPorts.Security monitor = new CallPorts.Security() {
            @Override
            public boolean blocked(String ip) {
                return security.blocked(ip);
            }

            @Override
            public void authenticationFailed(String ip, String user) {
                security.authenticationFailed(ip, user);
            }

            @Override
            public void authenticated(String ip) {
                security.authenticated(ip);
            }

            @Override
            public void refused(String ip, String method, String reason) {
                security.refused(ip, method, reason);
            }
        };
        InviteAuthenticator authenticator = new InviteAuthenticator(PhoneDirectory.of(phones, instances, domain), domain,
                Digest.algorithms(config.digestAlgorithms()), new Nonces(Clock.systemUTC(),
                Duration.ofSeconds(config.nonceSeconds()), 100_000), signalling.messages(), signalling.headers());
        CallManager c = new CallManager(signalling.provider(), signalling.messages(), signalling.headers(),
                signalling.addresses(), config.bindAddress(),
                new CallSettings(config.callRingTimeoutSeconds(), config.callInboundDefault(), config.callInboundGreeting(),
                        config.callMinSessionExpiresSeconds(), config.trunkUserAgent()), () -> numberService,
                media, channelStore, (instanceId, extension) -> {
                    try {
                        return Optional.of(phones.get(instanceId, extension));
                    } catch (DomainException e) {
                        return Optional.empty();
                    }
                }, registrar, new CallPorts.TrunkSources() {
                    @Override
                    public Optional<SipChannel> channelOf(String ip, int port, String transport) {
                        return signalling.admission().channelOf(ip, port, transport);
                    }

                    @Override
                    public Optional<SipChannel> channelOfReread(String ip, int port, String transport) {
                        return signalling.admission().channelOfReread(ip, port, transport);
                    }

                    @Override
                    public Optional<io.parley.api.sip.trunk.Trunk> trunk(SipChannel channel) {
                        return trunks.trunk(channel);
                    }
                }, monitor, authenticator,
                outcome -> new ClientTransactionHandler() {
                    @Override
                    public void response(ResponseEvent event) {
                        outcome.response(event);
                    }

                    @Override
                    public void timeout(TimeoutEvent event) {
                        outcome.timeout(event);
                    }
                }, new CallPorts.HoldAudioSources() {
                    @Override
                    public InstanceSettingsService settings() {
                        return instanceSettings;
                    }

                    @Override
                    public AudioFileService audioFiles() {
                        return audioFiles;
                    }
                });
        c.eventAdmin(eventAdmin);
        c.inboundHandler(inboundHandler);
        c.blocklist(blocklist);
        c.callerNumberSources(new CallPorts.CallerNumberSources() {
            @Override
            public io.parley.api.settings.OutboundSettings outbound(long instanceId) {
                InstanceSettingsService s = instanceSettings;
                return s == null ? null : s.outbound(instanceId);
            }

            @Override
            public Optional<List<Long>> agentSkillGroups(long instanceId, String agentId) {
                io.parley.api.agent.AgentService a = agents;
                if (a == null) {
                    LOG.warn("agent {}: the agents are not running, its caller number cannot be chosen", agentId);
                    return Optional.empty();
                }
                try {
                    return Optional.of(a.get(instanceId, agentId).skillGroupIds());
                } catch (DomainException e) {
                    return Optional.empty();
                }
            }

            @Override
            public Optional<String> location(String canonicalNumber) {
                io.parley.api.telephony.NumberService n = numberService;
                return n == null ? Optional.empty() : n.location(canonicalNumber);
            }
        });
        calls = c;
        signalling.handle(Request.INVITE, c::invite);
        signalling.handle(Request.ACK, event -> c.ack(event));
        signalling.handle(Request.BYE, c::bye);
        signalling.handle(Request.CANCEL, c::cancel);
        signalling.handle(Request.UPDATE, c::update);
        signalling.handle(Request.INFO, c::inDialog);
        signalling.handle(Request.PRACK, c::inDialog);
        signalling.handleStrayResponses(new ClientTransactionHandler() {
            @Override
            public void response(ResponseEvent event) {
                c.strayResponse(event);
            }

            @Override
            public void timeout(TimeoutEvent event) {
            }
        });
    }

    /** Hangs up every call while the stack can still send the BYEs (it stops after this component). */
    @Deactivate
    public void stop() {
        METHODS.forEach(signalling::stopHandling);
        signalling.handleStrayResponses(null);
        calls.close();
    }

    private volatile EventAdmin eventAdmin;
    private volatile InboundCallHandler inboundHandler;
    private volatile BlocklistService blocklist;
    /** Where the calls find the instance's hold audio (SPEC §21.1); read at each call's first hold. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile InstanceSettingsService instanceSettings;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AudioFileService audioFiles;
    /** An agent's skill groups, for its outbound calls' caller number (SPEC §11.2). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile io.parley.api.agent.AgentService agents;
    /** The area-code table's location of a callee (SPEC §11.2 same_area) and the canonical number form. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile io.parley.api.telephony.NumberService numberService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindEventAdmin")
    void bindEventAdmin(EventAdmin e) {
        eventAdmin = e;
        calls.eventAdmin(e);
    }

    void unbindEventAdmin(EventAdmin e) {
        if (eventAdmin == e) {
            bindEventAdmin(null);
        }
    }

    /** The IVR engine's handler of answered inbound calls (highest ranking); the configured default while none. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindInboundCallHandler")
    void bindInboundCallHandler(InboundCallHandler h) {
        inboundHandler = h;
        calls.inboundHandler(h);
    }

    void unbindInboundCallHandler(InboundCallHandler h) {
        if (inboundHandler == h) {
            bindInboundCallHandler(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindBlocklist")
    void bindBlocklist(BlocklistService b) {
        blocklist = b;
        calls.blocklist(b);
    }

    void unbindBlocklist(BlocklistService b) {
        if (blocklist == b) {
            bindBlocklist(null);
        }
    }

    @Override
    public List<CallInfo> calls() {
        return calls.calls();
    }

    @Override
    public Optional<CallInfo> call(String callId) {
        return calls.call(callId);
    }

    @Override
    public CallInfo answer(String callId) {
        return calls.answer(callId);
    }

    @Override
    public RtpEndpoint media(String callId, String legId) {
        return calls.media(callId, legId);
    }

    @Override
    public Playback play(String callId, String legId, PlayRequest request) {
        return calls.play(callId, legId, request);
    }

    @Override
    public DtmfCollector collect(String callId, String legId, DigitCollectSpec spec) {
        return calls.collect(callId, legId, spec);
    }

    @Override
    public Dialing originate(Destination destination, String callerDisplay) {
        return calls.originate(destination, callerDisplay);
    }

    @Override
    public Dialing dial(String callId, Destination destination) {
        return calls.dial(callId, destination);
    }

    @Override
    public void bridge(String callId, String customerLegId, String otherLegId) {
        calls.bridge(callId, customerLegId, otherLegId);
    }

    @Override
    public Dialing transfer(String callId, String legId, Destination destination) {
        return calls.transfer(callId, legId, destination);
    }

    @Override
    public Dialing transfer(String callId, String legId, Destination destination, String transferType,
                            String transferTo) {
        return calls.transfer(callId, legId, destination, transferType, transferTo);
    }

    @Override
    public void hold(String callId, boolean onHold) {
        calls.hold(callId, onHold);
    }

    @Override
    public void mute(String callId, boolean muted) {
        calls.mute(callId, muted);
    }

    @Override
    public void endWithAnyLeg(String callId) {
        calls.endWithAnyLeg(callId);
    }

    @Override
    public void hangupLeg(String callId, String legId) {
        calls.hangupLeg(callId, legId);
    }

    @Override
    public void hangup(String callId, String status) {
        calls.hangup(callId, status);
    }
}
