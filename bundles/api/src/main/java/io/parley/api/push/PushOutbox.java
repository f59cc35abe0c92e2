package io.parley.api.push;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;

/**
 * The durable push outbox (SPEC §29.3): what is queued for the customer's systems, what was
 * delivered and what was given up. Filled by the push bundle from {@code parley/record/*}
 * events; REST ({@code {I}/push/...}) and {@code parley:push-status} read it here.
 *
 * <pre>{@code
 * OutboxSummary s = outbox.summary(1000001);          // pending 3, oldest at …, last error "HTTP 503"
 * outbox.retry(1000001, 42);                          // a failed item goes back to pending, tried at once
 * }</pre>
 */
public interface PushOutbox {

    OutboxSummary summary(long instanceId);

    /**
     * @param status {@code pending}, {@code delivered}, {@code failed} or null for all
     * @throws io.parley.api.error.InvalidException naming {@code status} for another value
     */
    Page<OutboxEntry> list(long instanceId, String status, PageRequest page);

    /** @throws io.parley.api.error.NotFoundException when the instance has no such item */
    OutboxEntry get(long instanceId, long id);

    /**
     * Puts a failed item back to pending with a fresh 24 h window, tried at once.
     *
     * @throws io.parley.api.error.NotFoundException when the instance has no such item
     * @throws io.parley.api.error.ConflictException on {@code status} when the item is not failed
     */
    OutboxEntry retry(long instanceId, long id);
}
