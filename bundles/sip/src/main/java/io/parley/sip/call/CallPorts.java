package io.parley.sip.call;

import io.parley.api.audio.AudioFileService;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipPhone;
import java.util.Optional;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * What the call handling needs from the rest of the SIP bundle, as small interfaces the
 * composition root ({@code SipSignalling}) adapts its own parts to: trunk admission, the
 * security monitor, digest authentication of phones and the routing of client-transaction
 * outcomes. Keeps this package free of the bundle's package-private types.
 */
public final class CallPorts {

    private CallPorts() {
    }

    /** The SIP channel a source is a trunk peer of (SPEC §1.5), or empty. */
    @FunctionalInterface
    public interface TrunkSources {
        Optional<SipChannel> channelOf(String ip, int port, String transport);

        /**
         * The same, from channels read after this call began: for a source {@link #channelOf} did not
         * know, before it is refused (a channel just committed). Slower; by default the same answer.
         */
        default Optional<SipChannel> channelOfReread(String ip, int port, String transport) {
            return channelOf(ip, port, transport);
        }

        /**
         * The running trunk of {@code channel} (its connector's admission and outbound routes), or empty
         * while no connector of the channel's docking mode runs: the channel is unavailable then.
         */
        default Optional<io.parley.api.sip.trunk.Trunk> trunk(SipChannel channel) {
            return Optional.empty();
        }
    }

    /** Security events of the call path (SPEC issue 6: unknown sources refused, failures counted). */
    public interface Security {
        boolean blocked(String ip);

        void authenticationFailed(String ip, String user);

        void authenticated(String ip);

        void refused(String ip, String method, String reason);
    }

    /**
     * Digest authentication of an INVITE from a phone (407 challenge, same credentials and
     * single-use nonces as REGISTER).
     */
    @FunctionalInterface
    public interface PhoneAuthentication {
        /** The authenticated phone, or the response to send instead (a 407 challenge or a 403). */
        Verdict verify(Request request) throws Exception;
    }

    /** Exactly one of {@code phone} and {@code response} is set; {@code failedUser} names a failed attempt. */
    public record Verdict(SipPhone phone, Response response, String failedUser) {
    }

    /** The outcome of a client transaction the calls sent (responses, timeout). */
    public interface TransactionOutcome {
        void response(ResponseEvent event);

        void timeout(TimeoutEvent event);
    }

    /**
     * Where the hold audio of an instance comes from (SPEC §21.1): the settings service that
     * stores {@code general.hold_audio} and the audio files a custom prompt plays. Either may be
     * null while its bundle is not running; the built-in hold music plays then.
     */
    public interface HoldAudioSources {
        InstanceSettingsService settings();

        AudioFileService audioFiles();
    }

    /**
     * What SPEC §11.2's caller-number selection reads from other bundles (settings, agents, the
     * area-code table); each may answer "don't know" while its bundle is not running.
     */
    public interface CallerNumberSources {
        /** The instance's {@code {I}/settings/outbound}, or null while the settings are not running (defaults apply). */
        io.parley.api.settings.OutboundSettings outbound(long instanceId);

        /** The skill groups of an agent of the instance, or empty when there is no such agent. */
        Optional<java.util.List<Long>> agentSkillGroups(long instanceId, String agentId);

        /** The location of a canonical number by the area-code table, or empty. */
        Optional<String> location(String canonicalNumber);
    }

    /** Wraps an outcome into what the SIP listener routes to (set as the transaction's application data). */
    @FunctionalInterface
    public interface OutcomeRouting {
        Object applicationData(TransactionOutcome outcome);
    }
}
