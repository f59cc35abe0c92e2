package io.parley.api.mail;

/**
 * Sends plain-text mail through the SMTP relay configured in {@code etc/io.parley.mail.cfg}.
 * Without a configured host the appliance has no mail: callers then hand secrets back to the
 * operator instead (SPEC §4.2 "without SMTP, the password is returned once").
 *
 * <pre>{@code
 * if (mailer.configured()) {
 *     mailer.send("ann@example.com", "Your Parley password", "Your new password is ...");
 * }
 * }</pre>
 */
public interface Mailer {

    /** Whether an SMTP host is configured. */
    boolean configured();

    /**
     * Sends one message and returns once the relay accepted it.
     *
     * @throws MailException the relay is not configured, unreachable, or refused the message
     */
    void send(String to, String subject, String text);
}
