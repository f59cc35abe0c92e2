package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.instance.InstanceService;
import io.parley.api.sip.Registrar;
import io.parley.api.sip.RegistrationBinding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * The SIP registrar (SPEC §12) against a real SIP phone: Debian's SIPp registers a phone
 * created over REST with digest authentication, on the appliance's own SIP port.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SipRegistrarIT {

    @Inject
    AuthenticationService auth;

    @Inject
    InstanceService instances;

    @Inject
    Registrar registrar;

    @Inject
    SessionFactory sessions;

    private Api admin;
    private long instanceId;
    private String inst;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration();
    }

    @Before
    public void connect() {
        admin = Api.appliance().asAdmin(auth);
        instanceId = instances.defaultInstance().id();
        inst = "/instances/" + instanceId;
    }

    @Test
    public void aPhoneRegistersWithDigestAuthenticationAndShowsRegistered() throws Exception {
        String ext = extension();
        String password = createPhone(ext);
        assertEquals("not_registered", admin.get(inst + "/phones/" + ext).json().path("registration_status").asText());

        Sipp.Result run = sipp(ext, password);
        assertEquals(run.toString(), 0, run.exit());

        JsonNode phone = admin.get(inst + "/phones/" + ext).json();
        assertEquals(phone.toString(), "registered", phone.path("registration_status").asText());
        assertEquals(phone.toString(), "ok", phone.path("auth_status").asText());
        assertEquals(phone.toString(), "SIPp-itest", phone.path("brand_model").asText());
        assertTrue(phone.toString(), phone.path("client_address").asText().startsWith("127.0.0.1:" + run.localPort()));

        List<RegistrationBinding> bindings = registrar.bindings(instanceId, ext);
        assertEquals(bindings.toString(), 1, bindings.size());
        assertEquals("udp", bindings.get(0).transport());
        assertTrue(bindings.get(0).contact(), bindings.get(0).contact().contains(":" + run.localPort()));

        String table = shell("parley:sip-registrations " + ext);
        assertTrue(table, table.contains(ext) && table.contains("SIPp-itest") && table.contains("1 registration(s)"));
    }

    @Test
    public void aWrongPasswordFailsExactlyLikeAnUnknownExtension() throws Exception {
        String ext = extension();
        createPhone(ext);
        Sipp.Result wrong = sipp(ext, "not-the-password");
        String unknown = extension();
        Sipp.Result nobody = sipp(unknown, "not-the-password");

        assertEquals(wrong.toString(), 1, wrong.exit());
        assertEquals(nobody.toString(), 1, nobody.exit());
        assertTrue(wrong.errors(), wrong.errors().contains("SIP/2.0 403 Forbidden"));
        assertEquals(wrong.answer(), nobody.answer());
        JsonNode phone = admin.get(inst + "/phones/" + ext).json();
        assertEquals(phone.toString(), "not_registered", phone.path("registration_status").asText());
        assertEquals(phone.toString(), "failed", phone.path("auth_status").asText());
        assertTrue(registrar.bindings(instanceId, ext).isEmpty());
    }

    // ---- helpers ----

    private static String extension() {
        return "6" + (100 + ThreadLocalRandom.current().nextInt(900)) + ThreadLocalRandom.current().nextInt(10);
    }

    private String createPhone(String ext) {
        Api.Answer created = admin.post(inst + "/phones", "{\"extension\":\"" + ext + "\",\"name\":\"SIPp " + ext
                + "\",\"transport\":\"udp\"}");
        assertEquals(created.toString(), 201, created.status());
        return created.json().get("sip_password").asText();
    }

    /** One SIPp run of sipp/register.xml from 127.0.0.1; its error log says what the appliance answered. */
    private static Sipp.Result sipp(String ext, String password) throws Exception {
        return Sipp.scenario("register.xml").service(ext).auth(ext, password).args("-l", "1").run();
    }

    private String shell(String command) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            session.execute(command);
        } catch (Exception e) {
            throw new IOException(command + ": " + e.getMessage(), e);
        } finally {
            out.flush();
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
