package io.parley.api.ivr;

/**
 * What a node type may look up about the instance a flow version belongs to while the
 * version is validated (SPEC §7.3 rule 4). The IVR engine implements it over the stores;
 * a node type reads it in {@link IvrNodeType#validate(java.util.Map, FlowReferences)}.
 *
 * <pre>{@code
 * if (!refs.audioApproved("a-17")) {
 *     problems.add(new ParameterProblem("prompt.audio_id", "audio file a-17 is not approved"));
 * }
 * }</pre>
 */
public interface FlowReferences {

    long instanceId();

    /** True when the instance has an audio file of this id in status {@code approved} (SPEC §10). */
    boolean audioApproved(String audioId);

    /** True when the instance has a skill group of this id (SPEC §6). */
    boolean skillGroupExists(long skillGroupId);

    /**
     * True when {@code number} is an active number of the instance with outbound capability,
     * as {@code to_external.caller_number} must be (SPEC §8.9).
     */
    boolean outboundNumber(String number);
}
