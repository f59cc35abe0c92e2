package io.parley.api.popup;

/**
 * The fields a caller supplies to create or change a pop-up page; null when not given.
 * {@code width} is an Integer of pixels or the string {@code default}; {@code resetWidth} on an
 * edit puts it back to {@code default}.
 *
 * <pre>{@code
 * PopupDraft d = new PopupDraft("CRM", "https://crm.example.com/ticket", 800, false, true);
 * }</pre>
 */
public record PopupDraft(String name, String url, Object width, Boolean alwaysVisible, Boolean enabled) {
}
