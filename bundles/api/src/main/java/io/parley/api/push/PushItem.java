package io.parley.api.push;

import java.time.Instant;

/**
 * One record to deliver to a customer system (SPEC §29.3, §34 point 42), taken from the
 * durable outbox.
 *
 * @param id         outbox id; a sink may see the same id again after a crash, so deliveries are at-least-once
 * @param instanceId the instance ({@code SdkAppId} on the wire)
 * @param kind       {@code cdr}, {@code recording} or {@code voicemail}
 * @param sessionId  the call's session id
 * @param json       the payload, already rendered in the wire format
 * @param createdAt  when the record was queued
 * @param attempt    1 for the first try
 */
public record PushItem(long id, long instanceId, String kind, String sessionId, String json, Instant createdAt,
                       int attempt) {
}
