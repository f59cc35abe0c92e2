package io.parley.api.telephony;

/**
 * The instance's number settings, {@code {I}/settings/numbers} (SPEC §2.1, §34 point 3).
 *
 * <pre>{@code
 * numbers.updateApprovalSettings(instanceId, new NumberApprovalSettings(true));
 * // numbers added from now on are pending_approval until someone with "numbers" approves them
 * }</pre>
 *
 * @param numberApprovalRequired default false: new numbers are {@code active} at once
 */
public record NumberApprovalSettings(boolean numberApprovalRequired) {
}
