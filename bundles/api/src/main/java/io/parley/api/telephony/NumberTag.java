package io.parley.api.telephony;

/**
 * A label an instance puts on its numbers (SPEC §3.1 {@code NumberTag}) to filter the number
 * list by; numbers carry tags by name.
 *
 * <pre>{@code
 * NumberTag sales = numbers.createTag(instanceId, "Sales");
 * numbers.edit(instanceId, numberId, TrunkNumberDraft.EMPTY.withTags(List.of("Sales")));
 * }</pre>
 *
 * @param id   server-generated
 * @param name 1..20 characters, unique in the instance ignoring case
 */
public record NumberTag(long id, long instanceId, String name) {
}
