package io.parley.api.ivr;

/**
 * Where a node hands a call: a skill group's queue, an internal extension or an external
 * number.
 *
 * <pre>{@code
 * TransferOutcome o = ctx.transfer(new TransferTarget.SkillGroupQueue(2955, null));
 * }</pre>
 */
public sealed interface TransferTarget {

    /** Queue the call for a skill group; {@code overflowSkillGroupId} may be null. */
    record SkillGroupQueue(long skillGroupId, Long overflowSkillGroupId) implements TransferTarget {
    }

    /** Ring an internal extension (SIP phone or skill group extension). */
    record Extension(String extension) implements TransferTarget {
    }

    /** Call an external number through a trunk, presenting {@code callerNumber}. */
    record ExternalNumber(String number, String callerNumber) implements TransferTarget {
    }
}
