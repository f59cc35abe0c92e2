package io.parley.api.popup;

import java.util.List;

/**
 * Pop-up pages of an instance with the rules of SPEC §13.1, shared by REST and the shell.
 *
 * <pre>{@code
 * PopupPage p = popups.create(instanceId, new PopupDraft("CRM", "https://crm.example.com/t", "default", null, true));
 * List<PopupPage> inOrder = popups.list(instanceId);
 * }</pre>
 */
public interface PopupService {

    /** At most this many pages per instance (SPEC §13.1). */
    int MAX_PAGES = 10;

    /**
     * Appends a page at the end of the order.
     *
     * @throws io.parley.api.error.InvalidException  a field breaks a rule (name 1..20, https URL, width 200..2000)
     * @throws io.parley.api.error.ConflictException the instance has {@value #MAX_PAGES} pages already
     */
    PopupPage create(long instanceId, PopupDraft draft);

    /** Pages in their order. */
    List<PopupPage> list(long instanceId);

    /** @throws io.parley.api.error.NotFoundException when absent */
    PopupPage get(long instanceId, long id);

    /** Changes the non-null fields. */
    PopupPage edit(long instanceId, long id, PopupDraft changes);

    void delete(long instanceId, long id);

    /** Swaps the page with the one before it; 409 when it is first already. */
    PopupPage moveUp(long instanceId, long id);

    /** Swaps the page with the one after it; 409 when it is last already. */
    PopupPage moveDown(long instanceId, long id);
}
