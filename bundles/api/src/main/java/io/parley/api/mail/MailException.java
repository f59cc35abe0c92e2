package io.parley.api.mail;

import io.parley.api.error.DomainException;

/**
 * The SMTP relay could not take a message (HTTP 502, code {@code MAIL_FAILED}): the operation
 * that needed the mail changed nothing.
 *
 * <pre>{@code
 * throw new MailException("smtp.example.com:25 refused the connection");
 * }</pre>
 */
public final class MailException extends DomainException {
    private static final long serialVersionUID = 1L;

    public MailException(String message) {
        super("MAIL_FAILED", null, "the mail could not be sent: " + message);
    }
}
