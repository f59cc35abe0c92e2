package io.parley.api.instance;

import java.time.Instant;

/**
 * A tenant of the appliance (SPEC §0.1): its own numbers, agents, skill groups and flows.
 * The numeric {@code id} is what outbound wire formats send as {@code SdkAppId}; ids are
 * assigned from 1000001 upwards (SPEC §34 point 2).
 *
 * @param id          numeric instance id, e.g. 1000001
 * @param name        1..64 characters, unique on the appliance
 * @param timeZone    IANA zone for schedules, e.g. {@code Europe/Berlin}
 * @param createdAt   when the instance was created
 */
public record Instance(long id, String name, String timeZone, Instant createdAt) {
}
