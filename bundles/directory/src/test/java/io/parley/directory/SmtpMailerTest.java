package io.parley.directory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.parley.api.agent.IssuedAgent;
import io.parley.api.error.AuthenticationException;
import io.parley.api.mail.MailException;
import java.lang.annotation.Annotation;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.mail.internet.MimeMessage;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The password mail against a real SMTP server (GreenMail on a loopback port). */
public class SmtpMailerTest {

    @Rule
    public TemporaryFolder data = new TemporaryFolder();

    private GreenMail smtp;
    private int port;

    static MailConfig config(String host, int port, String from) {
        return new MailConfig() {
            public Class<? extends Annotation> annotationType() {
                return MailConfig.class;
            }

            public String host() {
                return host;
            }

            public int port() {
                return port;
            }

            public String from() {
                return from;
            }

            public String username() {
                return "";
            }

            public String password() {
                return "";
            }

            public boolean starttls() {
                return false;
            }

            public int timeoutSeconds() {
                return 5;
            }
        };
    }

    @Before
    public void startSmtp() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @After
    public void stopSmtp() {
        smtp.stop();
    }

    @Test
    public void withoutAHostNothingIsConfigured() {
        SmtpMailer mailer = new SmtpMailer(config(" ", 25, ""));
        assertFalse(mailer.configured());
        try {
            mailer.send("a@example.com", "s", "t");
            fail("sent without a relay");
        } catch (MailException expected) {
            assertEquals("MAIL_FAILED", expected.code());
        }
    }

    @Test
    public void resetPasswordIsMailedNotReturnedAndTheMailedOneLogsIn() throws Exception {
        People people = new People(data.getRoot().toPath(), new SmtpMailer(config("127.0.0.1", port, "parley@example.com")));
        IssuedAgent created = people.add("100010");
        assertTrue(created.mailed());
        assertNull(created.password());
        IssuedAgent reset = people.agents.resetPassword(people.instance, "100010");
        assertTrue(reset.mailed());
        assertNull(reset.password());

        assertTrue(smtp.waitForIncomingEmail(5000, 2));
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertEquals("a100010@example.com", mails[1].getAllRecipients()[0].toString());
        assertEquals("Your new Parley password", mails[1].getSubject());
        String first = password(GreenMailUtil.getBody(mails[0]));
        String second = password(GreenMailUtil.getBody(mails[1]));
        assertEquals("a100010@example.com", people.auth.authenticatePassword("a100010@example.com", second).login());
        try {
            people.auth.authenticatePassword("a100010@example.com", first);
            fail("the password before the reset still works");
        } catch (AuthenticationException expected) {
            // the old one stopped working
        }
    }

    @Test
    public void aRefusingRelayLeavesTheOldPassword() throws Exception {
        People people = new People(data.getRoot().toPath(), new SmtpMailer(config("127.0.0.1", port, "parley@example.com")));
        people.add("100011");
        assertTrue(smtp.waitForIncomingEmail(5000, 1));
        String password = password(GreenMailUtil.getBody(smtp.getReceivedMessages()[0]));
        smtp.stop();
        try {
            people.agents.resetPassword(people.instance, "100011");
            fail("reset without a reachable relay");
        } catch (MailException expected) {
            assertEquals("MAIL_FAILED", expected.code());
        }
        assertEquals("a100011@example.com", people.auth.authenticatePassword("a100011@example.com", password).login());
        smtp.start();
    }

    static String password(String body) {
        Matcher m = Pattern.compile("Password: (\\S+)").matcher(body);
        assertTrue(body, m.find());
        return m.group(1);
    }

}
