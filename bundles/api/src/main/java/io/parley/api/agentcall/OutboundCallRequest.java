package io.parley.api.agentcall;

/**
 * An agent's outbound call (SPEC §16.1), or a redial of an ended one (§21).
 *
 * <pre>{@code
 * new OutboundCallRequest("100010", "13912345678", null, "Mr. Li", "{\"ticket\":7}", null);  // click-to-dial
 * new OutboundCallRequest("100010", null, null, null, null, "lq3k2-1f");                    // redial of a session
 * }</pre>
 *
 * @param agentId      the agent the call is for: 1..20 digits, an agent of the instance
 * @param callee       the number to dial, or a user ID when the instance maps numbers (§26); null with {@code redialOf}
 * @param callerNumber the agent's chosen caller number, only with {@code allow_agent_choose_number} (§11.2), or null
 * @param description  shown to the agent during the call, at most 64 characters, or null
 * @param userData     a JSON object as text, at most 4 KB, echoed in events and the record, or null
 * @param redialOf     the ended session whose customer is dialled again, or null
 */
public record OutboundCallRequest(String agentId, String callee, String callerNumber, String description,
                                  String userData, String redialOf) {
}
