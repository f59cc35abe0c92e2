package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.auth.AuthenticationService;
import io.parley.api.instance.InstanceService;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * A public_trunk channel committed over REST admits its peer on the very next INVITE (issue 19
 * item 6): the channel and its number are created with the REST API and a SIPp carrier calls
 * the number at once, several times, with the default admission refresh (5 s) that used to
 * answer such a call 403 "not a trunk peer". A stranger's INVITE is still refused. Loopback
 * addresses 127.0.0.97-98.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class NewChannelAdmissionIT {

    private static final String CARRIER_IP = "127.0.0.97";
    private static final String STRANGER_IP = "127.0.0.98";

    @Inject
    AuthenticationService auth;

    @Inject
    InstanceService instances;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration();
    }

    @Test
    public void aChannelAndNumberCreatedOverRestAdmitTheirPeersCallAtOnce() throws Exception {
        Api admin = Api.appliance().asAdmin(auth);
        long instanceId = instances.defaultInstance().id();
        for (int round = 1; round <= 4; round++) {
            int port = Sipp.freePort(CARRIER_IP, false);
            Api.Answer channel = admin.post("/sip-channels", "{\"name\":\"Admit" + unique() + "\",\"device_type\":\"sip_trunk\","
                    + "\"docking_mode\":\"public_trunk\",\"peers\":[{\"ip\":\"" + CARRIER_IP + "\",\"port\":" + port + "}]}");
            assertEquals(channel.toString(), 201, channel.status());
            String number = landline();
            Api.Answer added = admin.post("/sip-channels/" + channel.json().get("id").asLong() + "/numbers",
                    "{\"numbers\":[{\"number\":\"" + number + "\",\"instance_id\":" + instanceId + "}]}");
            assertEquals(added.toString(), 201, added.status());

            // no pause: the INVITE leaves as soon as the REST answer is in
            Sipp.Result call = Sipp.scenario("carrier_call.xml").from(CARRIER_IP).port(port).service(number)
                    .args("-key", "caller", "13912345678", "-d", "200").timeout(Duration.ofSeconds(20)).run();
            assertEquals("round " + round + ": " + call, 0, call.exit());
        }
        // an address that is no peer of any channel is still refused, once the re-read found nothing
        Sipp.Result stranger = Sipp.scenario("carrier_call.xml").from(STRANGER_IP).port(Sipp.freePort(STRANGER_IP, false))
                .service(landline()).args("-key", "caller", "13912345678", "-d", "100").run();
        assertTrue(stranger.toString(), stranger.answer().contains("SIP/2.0 403"));
    }

    private static String landline() {
        return "0" + (210 + ThreadLocalRandom.current().nextInt(80)) + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    private static String unique() {
        return Long.toString(System.nanoTime(), 36);
    }
}
