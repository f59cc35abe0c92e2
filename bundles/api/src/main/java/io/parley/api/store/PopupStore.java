package io.parley.api.store;

import io.parley.api.popup.PopupPage;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of pop-up pages. {@code order} is stored as a position; the store renumbers
 * nothing, so gaps after a delete are fine and {@link #list} reports 1-based order.
 *
 * <pre>{@code
 * PopupPage p = store.insert(page);           // appended after the last position
 * store.swap(instanceId, p.id(), other.id());
 * }</pre>
 */
public interface PopupStore {

    /** Inserts at the end, ignoring {@code id} and {@code order}. */
    PopupPage insert(PopupPage page);

    /** Pages by position, with {@code order} 1..n. */
    List<PopupPage> list(long instanceId);

    Optional<PopupPage> find(long instanceId, long id);

    /** Updates name, url, width, always_visible and enabled; false when gone. */
    boolean update(PopupPage page);

    boolean delete(long instanceId, long id);

    /** Exchanges the positions of two pages of the instance, in one transaction. */
    void swap(long instanceId, long firstId, long secondId);
}
