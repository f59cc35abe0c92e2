package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.event.CallEvents;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.GraphProblem;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.IvrFlowService;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.ParameterProblem;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.TrunkNumberDraft;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The IVR through the real distribution (issue 11): a SIPp carrier calls a number bound to an
 * inbound flow (start → prompt → branch on keys → prompt → end) and its RFC 2833 key, sent from
 * sip-tester's DTMF pcaps, decides the path the engine takes, read back from the
 * {@code parley/call/IVR_NODE} trace events; a flow that loops ends at the 200th visit as a
 * system error; a number cannot bind a draft version (409 naming the number); the
 * {@code parley:ivr-*} shell commands; the {@code {I}/ivr-flows} REST resources from create to a
 * bound number whose call runs the version saved over REST. Also: a simulated run takes the path
 * of a real call; a collected number reaches an api_call against a test HTTP server whose answer
 * drives a condition; a voicemail's length and WAV; working hours on a holiday of the uploaded
 * calendar; the prompt type's bundle stopped while a call runs and started again; the example
 * node type dropped into and removed from {@code deploy/}; self-services over REST. One container
 * for the class.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IvrCallIT {

    private static final String CARRIER_IP = "127.0.0.81";

    @Inject
    SipChannelService channels;

    @Inject
    InstanceService instances;

    @Inject
    IvrFlowService flows;

    @Inject
    BundleContext context;

    @Inject
    io.parley.api.recording.RecordingService recordings;

    @Inject
    org.apache.karaf.shell.api.console.SessionFactory sessions;

    @Inject
    AuthenticationService auth;

    private long instanceId;
    private long channel;
    private int peerPort;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> listener;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration(
                // the example custom node type (examples/ivr-node-say-digits), dropped into deploy/ by a test
                org.ops4j.pax.exam.CoreOptions.systemProperty("parley.example.node.type").value(
                        new java.io.File(System.getProperty("parley.example.node.type")).getAbsolutePath()),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "admissionRefreshSeconds", "1"),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "trunkOptionsIntervalSeconds", "3600"));
    }

    @Before
    public void setUp() throws Exception {
        instanceId = instances.create("IVR " + unique(), "Asia/Shanghai").id();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, new String[] {CallEvents.IVR_NODE, CallEvents.IVR_ENDED, CallEvents.ENDED});
        listener = context.registerService(EventHandler.class, events::add, props);
        peerPort = Sipp.freePort(CARRIER_IP, false);
        channel = channels.create(SipChannelDraft.named("Carrier " + unique(), "sip_trunk", "public_trunk")
                .withPeers(List.of(new SipChannelDraft.PeerDraft(CARRIER_IP, peerPort)))).channel().id();
    }

    @After
    public void tearDown() {
        if (listener != null) {
            listener.unregister();
        }
    }

    @Test
    public void theCallersKeysDriveThePathOfTheBoundFlowAndTheTraceShowsIt() throws Exception {
        IvrFlow flow = flows.create(instanceId, IvrFlow.INBOUND, "Hotline " + unique(), null);
        IvrVersion v = flows.saveVersion(instanceId, flow.id(), IvrVersion.MAIN, flows.parseGraph(MENU), "menu");
        assertEquals(v.problems().toString(), IvrVersion.PUBLISHED, v.status());
        String number = bind(flow.id(), IvrVersion.MAIN);

        String session1 = call(number, "1");
        assertEquals(List.of("Start>next", "Welcome>next", "Menu>key:1[1]", "Bye one>"), path(session1));
        assertTrue(details(session1), details(session1).contains("key digit=1 label=Support"));
        assertEquals("end", ended(session1).getProperty(CallEvents.IVR_END_REASON));
        assertEquals("ivr_ended", callEnded(session1).getProperty(CallEvents.STATUS));

        String session2 = call(number, "2");
        assertEquals(List.of("Start>next", "Welcome>next", "Menu>key:2[2]", "Sales>next", "Bye two>"), path(session2));
        assertEquals(5, ended(session2).getProperty(CallEvents.IVR_VISITS));
    }

    @Test
    public void aSimulatedRunTakesThePathOfARealCallWithTheSameKeysOverRestAndTheShell() throws Exception {
        IvrFlow flow = flows.create(instanceId, IvrFlow.INBOUND, "Simulated " + unique(), null);
        IvrVersion v = flows.saveVersion(instanceId, flow.id(), IvrVersion.MAIN, flows.parseGraph(MENU), "menu");
        assertEquals(v.problems().toString(), IvrVersion.PUBLISHED, v.status());
        Api admin = Api.appliance().asAdmin(auth);
        String simulate = "/instances/" + instanceId + "/ivr-flows/" + flow.id() + "/versions/MAIN:simulate";

        Api.Answer simulated = admin.post(simulate, "{\"caller_number\":\"13900000001\",\"inputs\":[{\"keys\":\"2\"}]}");
        assertEquals(simulated.toString(), 200, simulated.status());
        List<String> simulatedPath = simulatedPath(simulated.json());
        assertEquals("end", simulated.json().get("end_reason").asText());
        assertEquals("13900000001", simulated.json().at("/variables/SystemCallerNumber").asText());
        assertEquals("Press one for support, two for sales", simulated.json().at("/path/2/said/0").asText());
        assertTrue(simulated.body(), simulated.json().at("/path/2/details").asText().contains("key digit=2 label=Sales"));

        // the same flow on a real call with the same key
        String number = bind(flow.id(), IvrVersion.MAIN);
        String session = call(number, "2");
        assertEquals(path(session), simulatedPath);
        assertEquals(ended(session).getProperty(CallEvents.IVR_VISITS), simulated.json().get("visits").asInt());

        // a hang-up during the menu, and bad scripts answered 400 naming the field
        Api.Answer hungUp = admin.post(simulate, "{\"hang_up_at_node\":\"01HMENU0000000000000000000\"}");
        assertEquals(hungUp.toString(), "caller_hung_up", hungUp.json().get("end_reason").asText());
        assertEquals(3, hungUp.json().get("visits").asInt());
        assertError(admin.post(simulate, "{\"inputs\":[{\"keys\":\"one\"}]}"), 400, "inputs[0].keys");
        assertError(admin.post(simulate, "{\"clock\":1}"), 400, "clock");
        assertEquals(404, admin.post("/instances/" + instanceId + "/ivr-flows/" + flow.id() + "/versions/v9:simulate", "{}")
                .status());

        // the shell: parley:ivr-simulate with keys, one a question
        String out = shell("parley:ivr-simulate --instance " + instanceId + " --keys 1 " + flow.id() + " MAIN");
        assertTrue(out, out.contains("key:1") && out.contains("Bye one") && out.contains("Ended: end"));
    }

    @Test
    public void aCollectedNumberReachesAnApiCallWhoseAnswerDrivesAConditionOnACallAndInTheSimulation() throws Exception {
        try (JsonHttpServer crm = new JsonHttpServer(body -> body.contains("\"Account\":\"4725\"")
                ? "{\"Score\":\"90\",\"Name\":\"Ada\"}" : "{\"Score\":\"10\"}")) {
            IvrFlow flow = flows.create(instanceId, IvrFlow.INBOUND, "Crm " + unique(), null);
            IvrVersion v = flows.saveVersion(instanceId, flow.id(), IvrVersion.MAIN,
                    flows.parseGraph(API_FLOW.replace("CRM_URL", crm.url("/score"))), "crm");
            assertEquals(v.problems().toString(), IvrVersion.PUBLISHED, v.status());
            String number = bind(flow.id(), IvrVersion.MAIN);

            String session = call(number, "4725#");
            List<String> path = path(session);
            assertEquals(List.of("Start>next", "Account>success[****]", "Crm>next", "Score>condition:VIP", "Vip>"), path);
            // the digits collected by the collect node went out in the api_call's body
            assertTrue(crm.bodies.toString(), crm.bodies.stream().anyMatch(b -> b.contains("\"Account\":\"4725\"")
                    && b.contains("\"Caller\":\"")));

            // the simulation reaches the same server and takes the same path
            Api admin = Api.appliance().asAdmin(auth);
            Api.Answer simulated = admin.post("/instances/" + instanceId + "/ivr-flows/" + flow.id()
                    + "/versions/MAIN:simulate", "{\"inputs\":[{\"keys\":\"4725#\"}]}");
            assertEquals(simulated.toString(), 200, simulated.status());
            assertEquals(path, simulatedPath(simulated.json()));
            assertEquals("Ada", simulated.json().at("/variables/Name").asText());
            // a stubbed answer takes the other way without reaching the server
            int reached = crm.bodies.size();
            Api.Answer stubbed = admin.post("/instances/" + instanceId + "/ivr-flows/" + flow.id()
                    + "/versions/MAIN:simulate", "{\"inputs\":[{\"keys\":\"4725#\"}],\"api_answers\":{\""
                    + crm.url("/score") + "\":{\"status\":200,\"body\":{\"Score\":\"5\"}}}}");
            assertEquals(List.of("Start>next", "Account>success[****]", "Crm>next", "Score>default", "Normal>"),
                    simulatedPath(stubbed.json()));
            assertEquals(reached, crm.bodies.size());
        }
    }

    @Test
    public void stoppingThePromptBundleWhileACallRunsEndsItAsSystemErrorAtThePromptAndStartingItRestoresTheFlow()
            throws Exception {
        IvrFlow flow = flows.create(instanceId, IvrFlow.INBOUND, "Swap " + unique(), null);
        String graph = SWAP;
        IvrVersion v = flows.saveVersion(instanceId, flow.id(), IvrVersion.MAIN, flows.parseGraph(graph), "swap");
        assertEquals(v.problems().toString(), IvrVersion.PUBLISHED, v.status());
        String number = bind(flow.id(), IvrVersion.MAIN);
        org.osgi.framework.Bundle prompt = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "parley-ivr-node-prompt".equals(b.getSymbolicName())).findFirst().orElseThrow();

        // a call in the menu (its key comes 8 s after the answer) when the prompt type goes away
        int seen = events.size();
        java.util.concurrent.CompletableFuture<String> running = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return call(number, "2", 8000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            awaitTrue(() -> events.stream().skip(seen).anyMatch(e -> CallEvents.IVR_NODE.equals(e.getTopic())
                    && "Start".equals(e.getProperty(CallEvents.IVR_NODE_LABEL))
                    && String.valueOf(e.getProperty(CallEvents.IVR_FLOW_ID)).equals(String.valueOf(flow.id()))));
            prompt.stop();
            // validation now names the missing type and lists the installed ones
            List<GraphProblem> problems = flows.validate(instanceId, IvrFlow.INBOUND, flows.parseGraph(graph));
            assertTrue(problems.toString(), problems.stream().anyMatch(p -> "01HSALES000000000000000000".equals(p.nodeId())
                    && p.rule().contains("prompt") && p.rule().contains("branch")));
            String session = running.get(120, java.util.concurrent.TimeUnit.SECONDS);
            // SIPp passed: the appliance hung up cleanly after the apology
            assertEquals(List.of("Start>next", "Menu>key:2[2]", "Sales>"), path(session));
            assertEquals("node_type_missing", ended(session).getProperty(CallEvents.IVR_END_REASON));
            assertEquals("system_error", callEnded(session).getProperty(CallEvents.STATUS));
        } finally {
            prompt.start();
        }
        awaitTrue(() -> flows.validate(instanceId, IvrFlow.INBOUND, flows.parseGraph(graph)).stream()
                .noneMatch(p -> "error".equals(p.severity())));
        String next = call(number, "2");
        assertEquals(List.of("Start>next", "Menu>key:2[2]", "Sales>next", "Bye>"), path(next));
        assertEquals("ivr_ended", callEnded(next).getProperty(CallEvents.STATUS));
    }

    @Test
    public void onAHolidayOfTheUploadedCalendarWorkingHoursTakeTheOffHoursPortAndTheRecordSaysNonWorkingHours()
            throws Exception {
        Api admin = Api.appliance().asAdmin(auth);
        String calendar = "/instances/" + instanceId + "/settings/holiday-calendar";
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        // bad uploads: 400 naming the line or field, nothing stored
        assertError(admin.sendText("PUT", calendar, "text/csv", "date,kind\n" + today + ",vacation\n"), 400, "line 2 kind");
        assertError(admin.send("PUT", calendar, "{\"days\":[{\"date\":\"" + today + "\",\"kind\":\"holiday\"},"
                + "{\"date\":\"" + today + "\",\"kind\":\"workday\"}]}"), 422, "days[1].date");
        assertEquals(0, admin.get(calendar).json().get("days").size());
        Api.Answer uploaded = admin.sendText("PUT", calendar, "text/csv",
                "date,kind,name\n" + today + ",holiday,Test Day\n" + today.plusDays(1) + ",workday,Make-up\n");
        assertEquals(uploaded.toString(), 200, uploaded.status());
        assertEquals("holiday", uploaded.json().at("/days/0/kind").asText());
        assertEquals("Test Day", admin.get(calendar).json().at("/days/0/name").asText());

        IvrFlow flow = flows.create(instanceId, IvrFlow.INBOUND, "Hours " + unique(), null);
        IvrVersion v = flows.saveVersion(instanceId, flow.id(), IvrVersion.MAIN, flows.parseGraph(HOURS), "hours");
        assertEquals(v.problems().toString(), IvrVersion.PUBLISHED, v.status());
        String number = bind(flow.id(), IvrVersion.MAIN);
        // every weekday, all day: only the calendar can make today off-hours
        String session = call(number, null);
        assertEquals(List.of("Start>next", "Hours>off_hours", "Closed>"), path(session));
        assertEquals("non_working_hours", ended(session).getProperty(CallEvents.STATUS));

        // the simulation reads the same calendar: a day it does not list is in hours
        String simulate = "/instances/" + instanceId + "/ivr-flows/" + flow.id() + "/versions/MAIN:simulate";
        assertEquals(List.of("Start>next", "Hours>off_hours", "Closed>"), simulatedPath(admin.post(simulate,
                "{\"now\":\"" + today + "T12:00:00+08:00\"}").json()));
        assertEquals(List.of("Start>next", "Hours>in_hours", "Open>"), simulatedPath(admin.post(simulate,
                "{\"now\":\"" + today.plusDays(2) + "T12:00:00+08:00\"}").json()));
        // cleared, today is in hours again on a call
        assertEquals(0, admin.send("PUT", calendar, "{\"days\":[]}").json().get("days").size());
        assertEquals(List.of("Start>next", "Hours>in_hours", "Open>"), path(call(number, null)));
    }

    @Test
    public void aVoicemailRecordsTheCallerUpToItsMaximumDurationIntoAMonoWavStoredWithTheCall() throws Exception {
        IvrFlow flow = flows.create(instanceId, IvrFlow.INBOUND, "Voicemail " + unique(), null);
        IvrVersion v = flows.saveVersion(instanceId, flow.id(), IvrVersion.MAIN, flows.parseGraph(VOICEMAIL), "vm");
        assertEquals(v.problems().toString(), IvrVersion.PUBLISHED, v.status());
        String session = call(bind(flow.id(), IvrVersion.MAIN), null);
        assertEquals(List.of("Start>next", "Message>next", "Bye>"), path(session));
        String details = details(session);
        // the trace's voicemail entry: id=… duration_ms=… stopped_by=… in any order
        assertEquals(details, "max_duration", traced(details, "stopped_by=(\\w+)"));
        long durationMs = Long.parseLong(traced(details, "duration_ms=(\\d+)"));
        assertEquals(details, 5000, durationMs, 250);
        // the message is indexed by the recordings bundle under the id the trace names, as a mono 8 kHz WAV of that length
        String id = traced(details, "id=(\\w+)");
        long deadline = System.nanoTime() + 10_000_000_000L;
        java.util.Optional<io.parley.api.recording.Recording> vm = recordings.voicemail(instanceId, session);
        while (vm.filter(io.parley.api.recording.Recording::isClosed).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            vm = recordings.voicemail(instanceId, session);
        }
        assertTrue("voicemail of " + session + " indexed and closed", vm.filter(io.parley.api.recording.Recording::isClosed).isPresent());
        assertEquals(details, id, vm.get().id());
        Path wav = Path.of(vm.get().file());
        javax.sound.sampled.AudioFileFormat format = javax.sound.sampled.AudioSystem.getAudioFileFormat(wav.toFile());
        assertEquals(1, format.getFormat().getChannels());
        assertEquals(8000f, format.getFormat().getSampleRate(), 0.1f);
        assertEquals(durationMs / 1000.0, format.getFrameLength() / 8000.0, 0.1);
    }

    @Test
    public void theExampleNodeTypeDroppedIntoDeployIsUsableInAFlowSavedAfterItAndGoesWhenTheJarIsRemoved()
            throws Exception {
        IvrFlow flow = flows.create(instanceId, IvrFlow.INBOUND, "Say " + unique(), null);
        // not installed yet: validation names the type and lists the installed ones
        assertTrue(flows.validate(instanceId, IvrFlow.INBOUND, flows.parseGraph(SAY)).stream().anyMatch(p ->
                p.isError() && p.rule().contains("'say_digits' is not installed") && p.rule().contains("collect")));
        Path jar = Path.of(System.getProperty("parley.example.node.type"));
        Path dropped = Path.of(System.getProperty("karaf.base"), "deploy").resolve(jar.getFileName());
        Files.copy(jar, dropped, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try {
            awaitTrue(() -> flows.validate(instanceId, IvrFlow.INBOUND, flows.parseGraph(SAY)).stream()
                    .noneMatch(GraphProblem::isError));
            IvrVersion v = flows.saveVersion(instanceId, flow.id(), IvrVersion.MAIN, flows.parseGraph(SAY), "say");
            assertEquals(v.problems().toString(), IvrVersion.PUBLISHED, v.status());
            Api admin = Api.appliance().asAdmin(auth);
            assertTrue(admin.get("/ivr/node-types").body().contains("\"say_digits\""));
            Api.Answer simulated = admin.post("/instances/" + instanceId + "/ivr-flows/" + flow.id()
                    + "/versions/MAIN:simulate", "{\"inputs\":[{\"keys\":\"4725#\"}]}");
            assertEquals(simulated.body(), "Your number is 4 7 2 5", simulated.json().at("/path/2/said/0").asText());
            String session = call(bind(flow.id(), IvrVersion.MAIN), "4725#");
            assertEquals(List.of("Start>next", "Account>success[****]", "Say>next", "Bye>"), path(session));
            assertEquals(simulatedPath(simulated.json()), path(session));
        } finally {
            Files.deleteIfExists(dropped);
        }
        // removed from deploy/: the type goes, and validation says so again
        awaitTrue(() -> flows.validate(instanceId, IvrFlow.INBOUND, flows.parseGraph(SAY)).stream().anyMatch(p ->
                p.isError() && p.rule().contains("'say_digits' is not installed")));
    }

    @Test
    public void selfServicesOverRestRunAPublishedSelfServiceFlowAndKeepTheirFlowFromBeingDeleted() throws Exception {
        Api admin = Api.appliance().asAdmin(auth);
        String base = "/instances/" + instanceId + "/self-services";
        IvrFlow survey = flows.create(instanceId, IvrFlow.SELF_SERVICE, "Survey " + unique(), null);
        IvrFlow inbound = flows.create(instanceId, IvrFlow.INBOUND, "Not a survey " + unique(), null);
        assertError(admin.post(base, "{\"ivr_id\":" + survey.id() + "}"), 422, "name");
        assertError(admin.post(base, "{\"name\":\"Survey\",\"ivr_id\":" + inbound.id() + "}"), 422, "ivr_id");
        assertError(admin.post(base, "{\"name\":\"Survey\",\"ivr_id\":" + survey.id() + ",\"ivr_version\":\"v9\"}"),
                422, "ivr_version");
        assertError(admin.post(base, "{\"name\":\"Survey\",\"ivr_id\":\"x\"}"), 400, "ivr_id");
        Api.Answer created = admin.post(base, "{\"name\":\"Survey\",\"ivr_id\":" + survey.id() + "}");
        assertEquals(created.toString(), 201, created.status());
        long id = created.json().get("id").asLong();
        assertEquals("MAIN", created.json().get("ivr_version").asText());
        assertTrue(created.json().get("enabled").asBoolean());
        assertError(admin.post(base, "{\"name\":\"survey\",\"ivr_id\":" + survey.id() + "}"), 409, "name");
        admin.post(base, "{\"name\":\"Hidden\",\"ivr_id\":" + survey.id() + ",\"enabled\":false}");
        assertEquals(2, admin.get(base).json().get("total").asInt());
        assertError(admin.delete("/instances/" + instanceId + "/ivr-flows/" + survey.id()), 409, "id");
        assertEquals(false, admin.patch(base + "/" + id, "{\"enabled\":false}").json().get("enabled").asBoolean());
        assertEquals(204, admin.delete(base + "/" + id).status());
        assertEquals(404, admin.get(base + "/" + id).status());
    }

    @Test
    public void aFlowThatLoopsEndsAtTheTwoHundredthVisitAsASystemError() throws Exception {
        // a tiny node type of this test: it always leaves by next; its optional exit "out" is
        // the way out validation asks for, never taken
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(IvrNodeType.TYPE_PROPERTY, "itest_again");
        ServiceRegistration<IvrNodeType> again = context.registerService(IvrNodeType.class, new Again(), props);
        try {
            awaitTrue(() -> flows.validate(instanceId, IvrFlow.INBOUND, flows.parseGraph(LOOP)).stream()
                    .noneMatch(GraphProblem::isError));
            IvrFlow flow = flows.create(instanceId, IvrFlow.INBOUND, "Loop " + unique(), null);
            IvrVersion v = flows.saveVersion(instanceId, flow.id(), IvrVersion.MAIN, flows.parseGraph(LOOP), null);
            assertEquals(v.problems().toString(), IvrVersion.PUBLISHED, v.status());
            String number = bind(flow.id(), IvrVersion.MAIN);

            String session = call(number, null);
            Event end = ended(session);
            assertEquals("visit_limit", end.getProperty(CallEvents.IVR_END_REASON));
            assertEquals(200, end.getProperty(CallEvents.IVR_VISITS));
            assertEquals(200, path(session).size());
            assertEquals("system_error", callEnded(session).getProperty(CallEvents.STATUS));
        } finally {
            again.unregister();
        }
    }

    @Test
    public void aNumberCannotBindADraftVersionAndTheConflictNamesTheNumber() throws Exception {
        IvrFlow flow = flows.create(instanceId, IvrFlow.INBOUND, "Draft " + unique(), null);
        flows.addVersion(instanceId, flow.id(), "broken", null, null);
        IvrVersion broken = flows.saveVersion(instanceId, flow.id(), "broken",
                flows.parseGraph(MENU.replace("\"keys\":[{\"digit\":\"1\",\"label\":\"Support\"},", "\"keys\":[")), null);
        assertEquals(IvrVersion.DRAFT, broken.status());
        assertTrue(broken.problems().toString(), broken.problems().stream().anyMatch(p -> p.isError()
                && "01HMENU0000000000000000000".equals(p.nodeId())));
        String number = landline();
        try {
            channels.addNumbers(channel, List.of(new TrunkNumberDraft(number, instanceId, false, null, null, null,
                    "inbound", null, flow.id(), "broken", null, null, null, null, null, false, false)));
            throw new AssertionError("a draft version was bound");
        } catch (io.parley.api.error.ConflictException e) {
            assertEquals("numbers[0].inbound_ivr_id", e.field());
            assertTrue(e.getMessage(), e.getMessage().contains(number));
        }
    }

    @Test
    public void theShellCommandsCreateVersionValidateExportImportListShowAndDelete() throws Exception {
        String i = " --instance " + instanceId + " ";
        String name = "Shell" + unique();
        String added = shell("parley:ivr-add" + i + "inbound " + name);
        assertTrue(added, added.startsWith("Flow "));
        long id = Long.parseLong(added.split(" ")[1]);
        assertTrue(shell("parley:ivr-version-add" + i + "--notes first " + id + " v2").contains("added from MAIN"));
        Path graph = Files.createTempFile("graph", ".json");
        Files.writeString(graph, MENU.replace("\"keys\":[{\"digit\":\"1\",\"label\":\"Support\"},", "\"keys\":["));
        String saved = shell("parley:ivr-version-save" + i + id + " v2 " + graph);
        assertTrue(saved, saved.contains("saved: draft") && saved.contains("01HMENU0000000000000000000"));
        String validated = shell("parley:ivr-validate" + i + id + " v2");
        assertTrue(validated, validated.contains("error") && validated.contains("01HMENU0000000000000000000"));
        assertTrue(shell("parley:ivr-validate" + i + id).contains("No problems"));
        Path doc = Files.createTempFile("flow", ".json");
        shell("parley:ivr-export" + i + "--file " + doc + " " + id + " MAIN");
        assertTrue(Files.readString(doc).contains("\"format\" : \"parley-ivr-flow\""));
        String imported = shell("parley:ivr-import" + i + "--name " + name + "b " + doc);
        assertTrue(imported, imported.contains("imported (inbound, published)"));
        String list = shell("parley:ivr-list" + i + "--kind inbound");
        assertTrue(list, list.contains(name) && list.contains(name + "b"));
        String show = shell("parley:ivr-show" + i + id);
        assertTrue(show, show.contains("v2") && show.contains("draft") && show.contains("first"));
        assertTrue(shell("parley:ivr-delete" + i + id).contains("deleted"));
        assertTrue(shell("parley:ivr-list" + i + "-q " + name).contains("1 flow(s)"));
    }

    @Test
    public void flowsAndVersionsOverRestFromCreateToABoundNumberThatRunsTheSavedVersion() throws Exception {
        Api admin = Api.appliance().asAdmin(auth);
        String flows = "/instances/" + instanceId + "/ivr-flows";
        String name = "Rest " + unique();

        // bad input: 4xx naming the field, nothing created
        assertError(admin.post(flows, "{\"kind\":\"sideways\",\"name\":\"" + name + "\"}"), 422, "kind");
        assertError(admin.post(flows, "{\"kind\":\"inbound\"}"), 422, "name");
        assertError(admin.post(flows, "{\"kind\":\"inbound\",\"name\":\"" + "n".repeat(65) + "\"}"), 422, "name");
        assertError(admin.post(flows, "{\"kind\":\"inbound\",\"name\":\"" + name + "\",\"colour\":1}"), 400, "colour");
        assertError(admin.get(flows + "?kind=sideways"), 422, "kind");
        assertEquals(0, admin.get(flows + "?q=" + name.replace(" ", "%20")).json().get("total").asInt());

        Api.Answer created = admin.post(flows, "{\"kind\":\"inbound\",\"name\":\"" + name + "\"}");
        assertEquals(created.toString(), 201, created.status());
        long id = created.json().get("id").asLong();
        assertEquals("MAIN", created.json().at("/versions/0/version").asText());
        assertEquals("published", created.json().get("status").asText());
        assertError(admin.post(flows, "{\"kind\":\"inbound\",\"name\":\"" + name + "\"}"), 409, null);
        Api.Answer listed = admin.get(flows + "?kind=inbound&q=" + name.replace(" ", "%20") + "&page=1&page_size=10");
        assertEquals(listed.toString(), 1, listed.json().get("total").asInt());
        assertEquals(id, listed.json().at("/items/0/id").asLong());
        assertEquals(0, admin.get(flows + "?kind=outbound&q=" + name.replace(" ", "%20")).json().get("total").asInt());
        assertError(admin.get(flows + "?page_size=5"), 422, "page_size");
        assertError(admin.patch(flows + "/" + id, "{\"kind\":\"outbound\"}"), 422, "kind");
        assertEquals(name + " hotline", admin.patch(flows + "/" + id, "{\"name\":\"" + name + " hotline\"}").json()
                .get("name").asText());

        // a named version copied from MAIN, then its graph saved and read back
        String versions = flows + "/" + id + "/versions";
        assertError(admin.post(versions, "{\"version\":\"not a version!\"}"), 422, "version");
        assertError(admin.post(versions, "{\"version\":\"v2\",\"based_on\":\"nope\"}"), 422, "based_on");
        Api.Answer added = admin.post(versions, "{\"version\":\"v2\",\"based_on\":\"MAIN\",\"notes\":\"menu\"}");
        assertEquals(added.toString(), 201, added.status());
        assertEquals("MAIN", added.json().get("based_on").asText());
        assertEquals(2, added.json().at("/graph/nodes").size());
        assertError(admin.send("PUT", versions + "/v2", "{\"notes\":\"x\"}"), 400, "graph");
        assertError(admin.send("PUT", versions + "/v2", "{\"graph\":{\"nodes\":\"x\",\"edges\":[]}}"), 400, "graph.nodes");
        Api.Answer saved = admin.send("PUT", versions + "/v2", "{\"graph\":" + MENU + ",\"notes\":\"menu with sales\"}");
        assertEquals(saved.toString(), 200, saved.status());
        assertEquals(saved.body(), "published", saved.json().get("status").asText());
        JsonNode v2 = admin.get(versions + "/v2").json();
        assertEquals("menu with sales", v2.get("notes").asText());
        assertEquals(6, v2.at("/graph/nodes").size());
        assertEquals("key:2", v2.at("/graph/edges/3/from_port").asText());
        assertEquals("Support", v2.at("/graph/nodes/2/params/keys/0/label").asText());
        assertEquals(2, admin.get(versions + "/MAIN").json().at("/graph/nodes").size());

        // validation results: a version missing a key's edge target is a draft with the node and field named
        admin.post(versions, "{\"version\":\"v3\",\"based_on\":\"v2\"}");
        Api.Answer draft = admin.send("PUT", versions + "/v3", "{\"graph\":" + MENU.replace(
                "\"keys\":[{\"digit\":\"1\",\"label\":\"Support\"},", "\"keys\":[") + "}");
        assertEquals(draft.toString(), "draft", draft.json().get("status").asText());
        boolean named = false;
        for (JsonNode problem : draft.json().get("problems")) {
            named |= "error".equals(problem.get("severity").asText())
                    && "01HMENU0000000000000000000".equals(problem.get("node_id").asText()) && !problem.get("field").asText().isEmpty();
        }
        assertTrue(draft.body(), named);
        assertEquals(3, admin.get(versions).json().get("total").asInt());

        // export, import, copy
        Api.Answer exported = admin.get(versions + "/v2:export");
        assertEquals(exported.toString(), 200, exported.status());
        assertEquals("parley-ivr-flow", exported.json().get("format").asText());
        assertEquals(6, exported.json().at("/graph/nodes").size());
        assertError(admin.post(flows + ":import", "{\"format\":\"other\"}"), 400, "format");
        Api.Answer imported = admin.post(flows + ":import?name=" + name.replace(" ", "%20") + "%20imported", exported.body());
        assertEquals(imported.toString(), 201, imported.status());
        assertEquals(name + " imported", imported.json().get("name").asText());
        assertEquals(6, admin.get(flows + "/" + imported.json().get("id").asLong() + "/versions/MAIN").json()
                .at("/graph/nodes").size());
        assertError(admin.post(versions + "/v2:copy", "{}"), 422, "target_flow_name");
        Api.Answer copied = admin.post(versions + "/v2:copy", "{\"target_flow_name\":\"" + name + " copy\"}");
        assertEquals(copied.toString(), 201, copied.status());
        assertEquals("inbound", copied.json().get("kind").asText());

        // a number binds v2 over REST (not the draft v3), and its call runs the graph saved over REST
        String number = landline();
        String row = "{\"numbers\":[{\"number\":\"" + number + "\",\"instance_id\":" + instanceId
                + ",\"call_type\":\"inbound\",\"inbound_ivr_id\":" + id + ",\"inbound_ivr_version\":";
        assertError(admin.post("/sip-channels/" + channel + "/numbers", row + "\"v3\"}]}"), 409, "numbers[0].inbound_ivr_id");
        Api.Answer bound = admin.post("/sip-channels/" + channel + "/numbers", row + "\"v2\"}]}");
        assertEquals(bound.toString(), 201, bound.status());
        JsonNode flow = admin.get(flows + "/" + id).json();
        assertTrue(flow.toString(), flow.get("associated_numbers").toString().contains(number.substring(1)));
        assertError(admin.delete(flows + "/" + id), 409, "id");
        assertError(admin.delete(versions + "/v2"), 409, "version");
        assertError(admin.delete(versions + "/MAIN"), 409, "version");
        assertEquals(204, admin.delete(versions + "/v3").status());
        assertEquals(404, admin.get(versions + "/v3").status());
        Thread.sleep(2500);   // trunk admission re-reads the channels every second
        String session = call(number, "2");
        assertEquals(List.of("Start>next", "Welcome>next", "Menu>key:2[2]", "Sales>next", "Bye two>"), path(session));
    }

    /** The first group of {@code regex} in a trace's details. */
    private static String traced(String details, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(details);
        assertTrue(regex + " in " + details, m.find());
        return m.group(1);
    }

    /** A simulation answer's path as {@link #path} gives a call's. */
    private static List<String> simulatedPath(JsonNode simulation) {
        List<String> path = new java.util.ArrayList<>();
        for (JsonNode step : simulation.get("path")) {
            path.add(step.get("label").asText() + ">" + step.get("port").asText()
                    + (step.get("keys").asText().isEmpty() ? "" : "[" + step.get("keys").asText() + "]"));
        }
        return path;
    }

    private static void assertError(Api.Answer a, int status, String field) {
        assertEquals(a.toString(), status, a.status());
        if (field != null) {
            assertEquals(a.toString(), field, a.errorField());
        }
    }

    private String shell(String command) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
        org.apache.karaf.shell.api.console.Session session = sessions.create(
                new java.io.ByteArrayInputStream(new byte[0]), out, out);
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

    // ---- the flows ----

    private static final String MENU = """
            {"nodes":[
              {"id":"main_menu","type":"start","label":"Start"},
              {"id":"01HWELCOME000000000000000A","type":"prompt","label":"Welcome",
               "params":{"prompt":{"mode":"tts","text":"Welcome"},"interruptible":true,"play_count":1}},
              {"id":"01HMENU0000000000000000000","type":"branch","label":"Menu",
               "params":{"prompt":{"mode":"tts","text":"Press one for support, two for sales"},
                         "keys":[{"digit":"1","label":"Support"},{"digit":"2","label":"Sales"}],
                         "timeout_s":10,"max_errors":3,"on_max_errors":"hangup"}},
              {"id":"01HSALES000000000000000000","type":"prompt","label":"Sales",
               "params":{"prompt":{"mode":"tts","text":"Sales"},"interruptible":false,"play_count":1}},
              {"id":"01HBYE1000000000000000000A","type":"end","label":"Bye one"},
              {"id":"01HBYE2000000000000000000A","type":"end","label":"Bye two"}],
             "edges":[
              {"from_node":"main_menu","from_port":"next","to_node":"01HWELCOME000000000000000A"},
              {"from_node":"01HWELCOME000000000000000A","from_port":"next","to_node":"01HMENU0000000000000000000"},
              {"from_node":"01HMENU0000000000000000000","from_port":"key:1","to_node":"01HBYE1000000000000000000A"},
              {"from_node":"01HMENU0000000000000000000","from_port":"key:2","to_node":"01HSALES000000000000000000"},
              {"from_node":"01HSALES000000000000000000","from_port":"next","to_node":"01HBYE2000000000000000000A"}]}""";

    /** start → collect Account → say_digits (the example custom node type) → end. */
    private static final String SAY = """
            {"nodes":[
              {"id":"main_menu","type":"start","label":"Start"},
              {"id":"01HACCOUNT0000000000000000","type":"collect","label":"Account",
               "params":{"variable":"Account","prompt":{"mode":"tts","text":"Your account number, then hash"},
                         "timeout_s":8,"max_retries":0,"max_digits":8}},
              {"id":"01HSAY000000000000000000000","type":"say_digits","label":"Say",
               "params":{"variable":"Account","prefix":"Your number is"}},
              {"id":"01HBYE0000000000000000000A","type":"end","label":"Bye"}],
             "edges":[
              {"from_node":"main_menu","from_port":"next","to_node":"01HACCOUNT0000000000000000"},
              {"from_node":"01HACCOUNT0000000000000000","from_port":"success","to_node":"01HSAY000000000000000000000"},
              {"from_node":"01HACCOUNT0000000000000000","from_port":"failure","to_node":"01HBYE0000000000000000000A"},
              {"from_node":"01HSAY000000000000000000000","from_port":"next","to_node":"01HBYE0000000000000000000A"}]}""";

    /** start → working hours (every day, all day, following the holiday calendar) → Open or Closed. */
    private static final String HOURS = """
            {"nodes":[
              {"id":"main_menu","type":"start","label":"Start"},
              {"id":"01HHOURS000000000000000000","type":"working_hours","label":"Hours",
               "params":{"mode":"standard","follow_legal_workdays":true,
                         "weekdays":["mon","tue","wed","thu","fri","sat","sun"],
                         "period_mode":"all_day","periods":[{"from":"00:00","to":"23:59"}]}},
              {"id":"01HOPEN0000000000000000000","type":"end","label":"Open"},
              {"id":"01HCLOSED000000000000000000","type":"end","label":"Closed"}],
             "edges":[
              {"from_node":"main_menu","from_port":"next","to_node":"01HHOURS000000000000000000"},
              {"from_node":"01HHOURS000000000000000000","from_port":"in_hours","to_node":"01HOPEN0000000000000000000"},
              {"from_node":"01HHOURS000000000000000000","from_port":"off_hours","to_node":"01HCLOSED000000000000000000"}]}""";

    /** start → voicemail of at most 5 s, no beep → end. */
    private static final String VOICEMAIL = """
            {"nodes":[
              {"id":"main_menu","type":"start","label":"Start"},
              {"id":"01HMESSAGE0000000000000000","type":"voicemail","label":"Message",
               "params":{"prompt":{"mode":"tts","text":"Leave a message"},"beep":false,"max_duration_s":5}},
              {"id":"01HBYE0000000000000000000A","type":"end","label":"Bye"}],
             "edges":[
              {"from_node":"main_menu","from_port":"next","to_node":"01HMESSAGE0000000000000000"},
              {"from_node":"01HMESSAGE0000000000000000","from_port":"next","to_node":"01HBYE0000000000000000000A"}]}""";

    /** start → branch (no prompt node before it) → key 2 → prompt Sales → end. */
    private static final String SWAP = """
            {"nodes":[
              {"id":"main_menu","type":"start","label":"Start"},
              {"id":"01HMENU0000000000000000000","type":"branch","label":"Menu",
               "params":{"prompt":{"mode":"tts","text":"Press two for sales"},
                         "keys":[{"digit":"1","label":"Support"},{"digit":"2","label":"Sales"}],
                         "timeout_s":20,"max_errors":1,"on_max_errors":"hangup"}},
              {"id":"01HSALES000000000000000000","type":"prompt","label":"Sales",
               "params":{"prompt":{"mode":"tts","text":"Sales"},"interruptible":false,"play_count":1}},
              {"id":"01HBYE0000000000000000000A","type":"end","label":"Bye"}],
             "edges":[
              {"from_node":"main_menu","from_port":"next","to_node":"01HMENU0000000000000000000"},
              {"from_node":"01HMENU0000000000000000000","from_port":"key:2","to_node":"01HSALES000000000000000000"},
              {"from_node":"01HMENU0000000000000000000","from_port":"key:1","to_node":"01HBYE0000000000000000000A"},
              {"from_node":"01HSALES000000000000000000","from_port":"next","to_node":"01HBYE0000000000000000000A"}]}""";

    /** start → collect Account → api_call CRM_URL (Account, Caller → Score, Name) → condition Score >= 50 → VIP or Normal. */
    private static final String API_FLOW = """
            {"nodes":[
              {"id":"main_menu","type":"start","label":"Start"},
              {"id":"01HACCOUNT0000000000000000","type":"collect","label":"Account",
               "params":{"variable":"Account","prompt":{"mode":"tts","text":"Your account number, then hash"},
                         "timeout_s":8,"max_retries":0,"max_digits":8}},
              {"id":"01HCRM00000000000000000000","type":"api_call","label":"Crm",
               "params":{"url":"CRM_URL","timeout_s":5,
                         "inputs":[{"field":"Account","value":"${Account}"},{"field":"Caller","value":"${SystemCallerNumber}"}],
                         "outputs":[{"field":"Score","variable":"Score","default":"0"},{"field":"Name","variable":"Name","default":""}]}},
              {"id":"01HSCORE000000000000000000","type":"condition","label":"Score",
               "params":{"conditions":[{"label":"VIP","all_of":[{"variable":"Score","op":">=","value":"50"}]}]}},
              {"id":"01HVIP0000000000000000000A","type":"end","label":"Vip"},
              {"id":"01HNORMAL00000000000000000","type":"end","label":"Normal"},
              {"id":"01HNOINPUT0000000000000000","type":"end","label":"No input"}],
             "edges":[
              {"from_node":"main_menu","from_port":"next","to_node":"01HACCOUNT0000000000000000"},
              {"from_node":"01HACCOUNT0000000000000000","from_port":"success","to_node":"01HCRM00000000000000000000"},
              {"from_node":"01HACCOUNT0000000000000000","from_port":"failure","to_node":"01HNOINPUT0000000000000000"},
              {"from_node":"01HCRM00000000000000000000","from_port":"next","to_node":"01HSCORE000000000000000000"},
              {"from_node":"01HSCORE000000000000000000","from_port":"condition:VIP","to_node":"01HVIP0000000000000000000A"},
              {"from_node":"01HSCORE000000000000000000","from_port":"default","to_node":"01HNORMAL00000000000000000"}]}""";

    /** start → prompt (nothing to say) → again → the prompt … for ever; the end node is reachable only in theory. */
    private static final String LOOP = """
            {"nodes":[
              {"id":"main_menu","type":"start","label":"Start"},
              {"id":"01HSILENT00000000000000000","type":"prompt","label":"Silent",
               "params":{"prompt":{"mode":"tts","text":""},"interruptible":false,"play_count":1}},
              {"id":"01HAGAIN000000000000000000","type":"itest_again","label":"Again"},
              {"id":"01HEND00000000000000000000","type":"end","label":"End"}],
             "edges":[
              {"from_node":"main_menu","from_port":"next","to_node":"01HSILENT00000000000000000"},
              {"from_node":"01HSILENT00000000000000000","from_port":"next","to_node":"01HAGAIN000000000000000000"},
              {"from_node":"01HAGAIN000000000000000000","from_port":"next","to_node":"01HSILENT00000000000000000"},
              {"from_node":"01HAGAIN000000000000000000","from_port":"out","to_node":"01HEND00000000000000000000"}]}""";

    static final class Again implements IvrNodeType {
        @Override
        public String type() {
            return "itest_again";
        }

        @Override
        public String parameterSchema() {
            return "{\"type\":\"object\"}";
        }

        @Override
        public List<String> exits(Map<String, Object> params) {
            return List.of("next", "out");
        }

        @Override
        public List<ParameterProblem> validate(Map<String, Object> params) {
            return List.of();
        }

        @Override
        public String execute(NodeContext ctx) {
            return "next";
        }
    }

    // ---- helpers ----

    /** A new inbound number of the test channel bound to the flow version. */
    private String bind(long flowId, String version) throws InterruptedException {
        String number = landline();
        channels.addNumbers(channel, List.of(new TrunkNumberDraft(number, instanceId, false, null, null, null, "inbound",
                null, flowId, version, null, null, null, null, null, false, false)));
        Thread.sleep(2500);   // trunk admission re-reads the channels every second
        return number;
    }

    /**
     * One SIPp call to {@code number} that presses the keys of {@code key} (or nothing) and passes only when
     * the appliance hangs up; returns the call's session id from the trace.
     */
    private String call(String number, String key) throws Exception {
        return call(number, key, 3000);
    }

    /** {@link #call(String, String)} with the first key {@code pauseMs} after the answer. */
    private String call(String number, String key, int pauseMs) throws Exception {
        String template = Files.readString(Path.of(System.getProperty("parley.itest.sipp.dir"), "ivr_caller.template"),
                StandardCharsets.ISO_8859_1);
        StringBuilder presses = new StringBuilder(key == null ? ""
                : "  <pause milliseconds=\"" + pauseMs + "\"/>\n  <label id=\"1\"/>\n");
        for (int i = 0; key != null && i < key.length(); i++) {
            // one RFC 2833 event per key, apart enough that each ends before the next starts; a digit's
            // pcap always carries the same RTP timestamp, so the same key twice in a row is one event
            // to the receiver (RFC 4733 §2.5.1.3): tests use keys that differ from their neighbour
            char k = key.charAt(i);
            String pcap = k == '#' ? "pound" : k == '*' ? "star" : String.valueOf(k);
            presses.append(i == 0 ? "" : "  <pause milliseconds=\"600\"/>\n")
                    .append("  <nop><action><exec play_pcap_audio=\"/usr/share/sip-tester/dtmf_2833_").append(pcap)
                    .append(".pcap\"/></action></nop>\n");
        }
        String scenario = template.replace("PRESS_KEYS", presses.toString())
                .replace("BYE_TIMEOUT", key == null ? "" : "timeout=\"9000\" ontimeout=\"1\"");
        int seen = events.size();    // the number may have had calls before: this call's end comes after them
        Path file = Files.createTempFile("ivr_caller", ".xml");
        Files.writeString(file, scenario, StandardCharsets.ISO_8859_1);
        String caller = "13" + (100_000_000 + ThreadLocalRandom.current().nextInt(800_000_000));
        Sipp.Result r = Sipp.scenario(file.toString()).from(CARRIER_IP).port(peerPort).service(number)
                .args("-key", "caller", caller, "-mp", Integer.toString(mediaPort(CARRIER_IP)))
                .timeout(Duration.ofSeconds(90)).run();
        assertEquals(r.toString(), 0, r.exit());
        String callee = "0086" + number;
        awaitTrue(() -> events.stream().skip(seen).anyMatch(e -> CallEvents.ENDED.equals(e.getTopic())
                && callee.equals(e.getProperty(CallEvents.CALLEE))));
        Event ended = events.stream().skip(seen).filter(e -> CallEvents.ENDED.equals(e.getTopic())
                && callee.equals(e.getProperty(CallEvents.CALLEE))).findFirst().orElseThrow();
        return (String) ended.getProperty(CallEvents.SESSION_ID);
    }

    /** The trace: label>port[keys] per visit, in visit order. */
    private List<String> path(String session) throws InterruptedException {
        ended(session);
        return events.stream().filter(e -> CallEvents.IVR_NODE.equals(e.getTopic())
                        && session.equals(e.getProperty(CallEvents.SESSION_ID)))
                .sorted(java.util.Comparator.comparing(e -> (Integer) e.getProperty(CallEvents.IVR_VISIT)))
                .map(e -> e.getProperty(CallEvents.IVR_NODE_LABEL) + ">" + e.getProperty(CallEvents.IVR_PORT)
                        + (((String) e.getProperty(CallEvents.IVR_KEYS)).isEmpty() ? "" : "[" + e.getProperty(CallEvents.IVR_KEYS) + "]"))
                .toList();
    }

    private String details(String session) {
        return String.join(" | ", events.stream().filter(e -> CallEvents.IVR_NODE.equals(e.getTopic())
                && session.equals(e.getProperty(CallEvents.SESSION_ID))).map(e -> (String) e.getProperty(CallEvents.IVR_DETAILS))
                .toList());
    }

    private Event ended(String session) throws InterruptedException {
        return awaitEvent(CallEvents.IVR_ENDED, session);
    }

    private Event callEnded(String session) throws InterruptedException {
        return awaitEvent(CallEvents.ENDED, session);
    }

    private Event awaitEvent(String topic, String session) throws InterruptedException {
        awaitTrue(() -> events.stream().anyMatch(e -> topic.equals(e.getTopic())
                && session.equals(e.getProperty(CallEvents.SESSION_ID))));
        return events.stream().filter(e -> topic.equals(e.getTopic()) && session.equals(e.getProperty(CallEvents.SESSION_ID)))
                .findFirst().orElseThrow();
    }

    private void awaitTrue(java.util.function.BooleanSupplier probe) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            if (probe.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out; events seen: " + events.stream()
                .map(e -> e.getTopic() + " " + e.getProperty(CallEvents.SESSION_ID) + " " + e.getProperty(CallEvents.IVR_NODE_LABEL)
                        + " " + e.getProperty(CallEvents.STATUS)).toList());
    }

    private static String landline() {
        return "0" + (210 + ThreadLocalRandom.current().nextInt(80)) + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    private static String unique() {
        return Long.toString(System.nanoTime(), 36);
    }

    /** An even UDP port pair free on {@code ip} for SIPp's media ({@code -mp}). */
    private static int mediaPort(String ip) {
        for (int i = 0; i < 50; i++) {
            int p = 30_000 + 2 * ThreadLocalRandom.current().nextInt(10_000);
            try (DatagramSocket a = new DatagramSocket(p, InetAddress.getByName(ip));
                 DatagramSocket b = new DatagramSocket(p + 1, InetAddress.getByName(ip))) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free media port on " + ip);
    }
}
