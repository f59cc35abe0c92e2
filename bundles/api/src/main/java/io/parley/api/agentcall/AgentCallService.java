package io.parley.api.agentcall;

import io.parley.api.auth.Caller;
import java.util.List;

/**
 * Agents' calls (SPEC §16.1, §16.2, §21): the live calls of an instance, click-to-dial for an
 * agent, and the in-call controls an agent client drives. Every rule is checked here, so REST
 * and the shell report it alike: a {@link Caller} without {@code monitoring.calls} acts for its
 * own agent only (another agent's call answers 404, another agent's {@code agent_id} 403), and
 * every refused field is named in the {@link io.parley.api.error.DomainException}.
 *
 * <pre>{@code
 * String sid = agentCalls.originate(caller, 1000001,
 *         new OutboundCallRequest("100010", "13912345678", null, "Mr. Li", "{\"order\":42}", null));
 * agentCalls.hold(caller, 1000001, sid, true);      // the customer hears the hold audio (§21.1)
 * agentCalls.sendDtmf(caller, 1000001, sid, "12#");  // RFC 4733 toward the customer
 * agentCalls.transfer(caller, 1000001, sid, CallTransfer.external("02087654321", null));
 * }</pre>
 */
public interface AgentCallService {

    /** Longest {@code description} of an originate request (SPEC §16.1). */
    int MAX_DESCRIPTION = 64;
    /** Largest {@code user_data} JSON text, bytes in UTF-8 (SPEC §16.1). */
    int MAX_USER_DATA_BYTES = 4096;
    /** Most digits of one {@code :send-dtmf} (SPEC §21). */
    int MAX_DTMF_DIGITS = 32;

    /** The instance's live calls the caller may see, oldest first. */
    List<AgentCall> calls(Caller caller, long instanceId);

    /** @throws io.parley.api.error.NotFoundException no such live call, or not the caller's */
    AgentCall call(Caller caller, long instanceId, String sessionId);

    /**
     * Places a call for an agent (SPEC §16.1): the agent's device rings first (its bound SIP
     * phone, or its mobile per {@code mobile_answering}), then the customer is dialled with the
     * caller number of §11.2 and the two are bridged. Returns at once with the session id; what
     * happens next is told by the call events. With {@code redialOf} the customer of that ended
     * session is dialled again by its real number (also when the agent saw it masked, §21).
     *
     * @throws io.parley.api.error.InvalidException a field breaks its rule (named)
     * @throws io.parley.api.error.ConflictException the agent is on a call, has no device, or no caller number (409 NO_CALLER_NUMBER)
     * @throws io.parley.api.error.UpstreamException the callee's user ID could not be mapped (502 MAPPING_FAILED)
     */
    String originate(Caller caller, long instanceId, OutboundCallRequest request);

    /** Ends the agent's call (SPEC §21 hang up). */
    void hangup(Caller caller, long instanceId, String sessionId);

    /** Holds or retrieves the customer: they hear the hold audio of §21.1, not the agent. */
    void hold(Caller caller, long instanceId, String sessionId, boolean onHold);

    /** Mutes or unmutes the agent: the customer no longer hears the agent, the agent still hears the customer. */
    void mute(Caller caller, long instanceId, String sessionId, boolean muted);

    /**
     * Sends digits to the customer as RFC 4733 events (extension digits after an outbound call connected).
     *
     * @throws io.parley.api.error.InvalidException {@code digits} not 1..32 of {@code 0-9*#}
     */
    void sendDtmf(Caller caller, long instanceId, String sessionId, String digits);

    /**
     * Transfers the customer away from the agent, keeping the session id (SPEC §21): to a skill
     * group (queued by the ACD), to an available agent, or to an external number with a caller
     * number by §11. The agent's leg ends once the target answers; a target that cannot take
     * the call changes nothing.
     */
    void transfer(Caller caller, long instanceId, String sessionId, CallTransfer transfer);
}
