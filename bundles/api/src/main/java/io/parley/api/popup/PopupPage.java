package io.parley.api.popup;

/**
 * A page the agent client shows for calls (SPEC §13.1). For each call event the appliance hands
 * the client {@code url} with the call parameters appended as a hash fragment
 * ({@code <url>#?mobile=…&type=phone&status=100…}).
 *
 * <pre>{@code
 * PopupPage crm = popups.create(instanceId, new PopupDraft("CRM", "https://crm.example.com/ticket", null, null, true));
 * popups.moveUp(instanceId, crm.id());
 * }</pre>
 *
 * @param id            server-generated id
 * @param instanceId    the owning instance
 * @param name          1..20 characters, the tab title
 * @param url           an https URL without fragment
 * @param width         pixels 200..2000, or null for {@code default}
 * @param alwaysVisible false: shown only while a call is in progress
 * @param enabled       only enabled pages are active
 * @param order         1-based position in the instance's list
 */
public record PopupPage(long id, long instanceId, String name, String url, Integer width, boolean alwaysVisible,
                        boolean enabled, int order) {
}
