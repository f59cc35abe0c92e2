package io.parley.api.system;

import java.time.Instant;

/**
 * Something the operator must act on, raised by a part of the appliance while it lasts and shown
 * by {@code parley:status} and {@code GET /api/v1/health} (which answers 503 degraded meanwhile).
 *
 * <pre>{@code
 * new Alarm("DISK_HIGH_WATERMARK", "recordings disk 93% used (watermark 90%); oldest recordings deleted", since);
 * }</pre>
 *
 * @param code    stable upper-case code
 * @param message what is wrong and what the appliance does about it
 * @param since   when it was raised
 */
public record Alarm(String code, String message, Instant since) {
}
