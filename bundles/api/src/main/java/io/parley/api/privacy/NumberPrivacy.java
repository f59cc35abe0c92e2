package io.parley.api.privacy;

/**
 * Customer-number protection of an instance (SPEC §25 masking, §26 number-to-user-ID
 * mapping): what the agent side may see of a customer number, and the number behind what an
 * agent dialled. Everything delivered to agents (events, pop-ups, agent-scoped queries) goes
 * through {@link #forAgent}; admin and management views show real numbers.
 *
 * <pre>{@code
 * String shown = privacy.forAgent(instanceId, "008613988888352", "inbound");   // "139****8352" with mask_inbound
 * String dial = privacy.toNumber(instanceId, "U1001");                         // "008613988888888" via UIDToPhone
 * }</pre>
 */
public interface NumberPrivacy {

    /**
     * The customer number as the agent side may see it: unchanged ({@code mode=none}), masked
     * (middle four digits of the national number as {@code *}, numbers under 7 digits unchanged) or
     * the mapped user ID ({@code PhoneToUID}; the masked number when mapping fails).
     *
     * @param direction {@code inbound} or {@code outbound}: masking applies per direction
     */
    String forAgent(long instanceId, String number, String direction);

    /**
     * The number to dial for what an agent entered: the input itself unless the instance maps
     * numbers to user IDs, then the {@code UIDToPhone} answer.
     *
     * @throws io.parley.api.error.UpstreamException with code {@code MAPPING_FAILED} (HTTP 502) when the
     *         mapping service fails, times out (3 s) or does not know the ID
     */
    String toNumber(long instanceId, String calleeOrUserId);
}
