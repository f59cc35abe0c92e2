package io.parley.directory;

import io.parley.api.mail.MailException;
import io.parley.api.mail.Mailer;
import java.util.Date;
import java.util.Properties;
import javax.mail.Authenticator;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.PasswordAuthentication;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Mailer} on Jakarta Mail 1.6 (package {@code javax.mail}) against the relay of
 * {@code etc/io.parley.mail.cfg}; a changed file applies to the next message.
 */
@Component(service = Mailer.class, configurationPid = MailConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MailConfig.class)
public class SmtpMailer implements Mailer {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);

    private volatile Settings settings;

    /** The configuration as checked once. */
    record Settings(String host, int port, InternetAddress from, String username, String password, boolean starttls,
                    int timeoutMillis) {
    }

    @Activate
    public SmtpMailer(MailConfig config) {
        modified(config);
    }

    @Modified
    void modified(MailConfig config) {
        this.settings = settings(config);
        if (settings.host() == null) {
            LOG.info("No SMTP relay configured ({}.cfg host is empty): passwords are returned to the caller", MailConfig.PID);
        } else {
            LOG.info("SMTP relay {}:{} (starttls {}, auth {}), sender {}", settings.host(), settings.port(),
                    settings.starttls(), settings.username() != null, settings.from());
        }
    }

    static Settings settings(MailConfig c) {
        String host = c.host() == null ? "" : c.host().strip();
        if (host.isEmpty()) {
            return new Settings(null, 0, null, null, null, false, 0);
        }
        if (c.port() < 1 || c.port() > 65535) {
            throw new IllegalArgumentException(MailConfig.PID + " port must be 1..65535, is " + c.port());
        }
        if (c.timeoutSeconds() < 1 || c.timeoutSeconds() > 120) {
            throw new IllegalArgumentException(MailConfig.PID + " timeoutSeconds must be 1..120, is " + c.timeoutSeconds());
        }
        InternetAddress from;
        try {
            from = new InternetAddress(c.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException(MailConfig.PID + " from must be a mail address, is '" + c.from() + "'");
        }
        String user = c.username() == null || c.username().isBlank() ? null : c.username().strip();
        return new Settings(host, c.port(), from, user, c.password(), c.starttls(), c.timeoutSeconds() * 1000);
    }

    @Override
    public boolean configured() {
        return settings.host() != null;
    }

    @Override
    public void send(String to, String subject, String text) {
        Settings s = settings;
        if (s.host() == null) {
            throw new MailException("no SMTP relay is configured in etc/" + MailConfig.PID + ".cfg");
        }
        Properties p = new Properties();
        p.put("mail.smtp.host", s.host());
        p.put("mail.smtp.port", Integer.toString(s.port()));
        p.put("mail.smtp.connectiontimeout", Integer.toString(s.timeoutMillis()));
        p.put("mail.smtp.timeout", Integer.toString(s.timeoutMillis()));
        p.put("mail.smtp.writetimeout", Integer.toString(s.timeoutMillis()));
        if (s.starttls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        Authenticator auth = null;
        if (s.username() != null) {
            p.put("mail.smtp.auth", "true");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(s.username(), s.password());
                }
            };
        }
        // Jakarta Mail finds its providers and the text/plain handler through the context class
        // loader; in OSGi that must be the mail bundle's own
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Session.class.getClassLoader());
        try {
            Session session = Session.getInstance(p, auth);
            MimeMessage m = new MimeMessage(session);
            m.setFrom(s.from());
            m.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            m.setSubject(subject, "UTF-8");
            m.setText(text, "UTF-8");
            m.setSentDate(new Date());
            Transport.send(m);
            LOG.info("Mail '{}' sent to {} through {}:{}", subject, to, s.host(), s.port());
        } catch (MessagingException e) {
            LOG.warn("Mail '{}' to {} through {}:{} failed: {}", subject, to, s.host(), s.port(), e.toString());
            throw new MailException(s.host() + ":" + s.port() + ": " + e.getMessage());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
