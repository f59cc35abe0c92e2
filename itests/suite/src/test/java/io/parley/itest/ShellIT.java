package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.instance.InstanceService;
import io.parley.api.skillgroup.SkillGroupService;
import io.parley.api.paging.PageRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

/** The operator shell (SPEC §33): commands in scope parley, sharing the services' validation. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ShellIT {

    @Inject
    SessionFactory sessions;

    @Inject
    SkillGroupService skillGroups;

    @Inject
    InstanceService instances;

    @Inject
    AuthenticationService auth;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration();
    }

    /**
     * Karaf registers a bundle's commands once their services are there, and withdraws them
     * for a moment when a service they use is re-registered: wait until ours are in place.
     */
    @Before
    public void awaitCommands() throws InterruptedException {
        // the appliance is ready (database migrated, every bundle active) once health says "up"
        Api.anonymous(ParleyContainer.HTTP_PORT).awaitUp(java.time.Duration.ofSeconds(120));
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        for (String name : new String[] {"status", "skill-group-add", "skill-group-list", "skill-group-edit",
                "skill-group-delete", "skill-group-show", "admin-password"}) {
            while (sessions.getRegistry().getCommand("parley", name) == null) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("command parley:" + name + " never registered");
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    public void statusShowsVersionUptimeDatabaseAndBundles() throws Exception {
        String out = run("parley:status");
        assertTrue(out, out.contains("Parley 0.1.0"));
        assertTrue(out, out.contains("up "));
        assertTrue(out, out.contains("Apache Derby"));
        assertTrue(out, out.contains("parley-store"));
        assertTrue(out, out.contains("parley-rest"));
        assertTrue(out, out.contains("ACTIVE"));
    }

    @Test
    public void skillGroupCommandsCreateWhatTheServiceSees() throws Exception {
        String out = run("parley:skill-group-add --extension 5001 --ringing-mode simultaneous \"Shell group\"");
        assertTrue(out, out.contains("Created skill group"));
        long instance = instances.defaultInstance().id();
        var found = skillGroups.list(instance, "shell group", PageRequest.first()).items();
        assertEquals(1, found.size());
        assertEquals("5001", found.get(0).extension());

        String table = run("parley:skill-group-list --name shell");
        assertTrue(table, table.contains("Shell group") && table.contains("simultaneous") && table.contains("5001"));

        run("parley:skill-group-edit --no-extension " + found.get(0).id());
        assertEquals(null, skillGroups.get(instance, found.get(0).id()).extension());
        run("parley:skill-group-delete " + found.get(0).id());
        assertTrue(skillGroups.list(instance, "shell group", PageRequest.first()).items().isEmpty());
    }

    @Test
    public void badInputPrintsTheSameCodeAndMessageAsRest() {
        expectFailure("parley:skill-group-add --ringing-mode loud Loud", "INVALID ringing_mode: must be one of sequential, simultaneous");
        expectFailure("parley:skill-group-add --extension 999 Short", "INVALID extension: must be 4 to 6 digits, the first one 1-8");
        expectFailure("parley:skill-group-show 987654", "NOT_FOUND skill group 987654 does not exist");
    }

    /** SPEC §33: "lists print as tables, and --json prints the REST JSON instead". */
    @Test
    public void jsonPrintsWhatTheRestApiAnswersToTheSameQuery() throws Exception {
        run("parley:skill-group-add --extension 5002 \"Json group\"");
        long instance = instances.defaultInstance().id();
        long id = skillGroups.list(instance, "json group", PageRequest.first()).items().get(0).id();
        Api admin = Api.appliance().asAdmin(auth);

        JsonNode list = Api.JSON.readTree(run("parley:skill-group-list --json --name json"));
        assertEquals(admin.get("/instances/" + instance + "/skill-groups?name=json").json(), list);
        assertEquals(1, list.path("total").asInt());
        assertEquals("5002", list.path("items").get(0).path("extension").asText());

        JsonNode one = Api.JSON.readTree(run("parley:skill-group-show --json " + id));
        assertEquals(admin.get("/instances/" + instance + "/skill-groups/" + id).json(), one);
        assertEquals("Json group", one.path("name").asText());

        JsonNode instancesJson = Api.JSON.readTree(run("parley:instance-list --json"));
        assertEquals(admin.get("/instances").json(), instancesJson);

        // an error answer fails the command the same way as without --json
        expectFailure("parley:skill-group-show --json 987654", "NOT_FOUND skill group 987654 does not exist");
        assertEquals(failure("parley:skill-group-list --page-size 5"), failure("parley:skill-group-list --json --page-size 5"));
        run("parley:skill-group-delete " + id);
    }

    @Test
    public void adminPasswordIsShownUntilChanged() throws Exception {
        String out = run("parley:admin-password");
        assertTrue(out, out.matches("(?s).*admin password: [A-Za-z0-9]{20}.*"));
    }

    private String failure(String command) {
        try {
            String out = run(command);
            throw new AssertionError(command + " succeeded: " + out);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private void expectFailure(String command, String message) {
        try {
            String out = run(command);
            fail(command + " succeeded: " + out);
        } catch (Exception e) {
            assertEquals(message, e.getMessage());
        }
    }

    private String run(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            session.execute(command);
        } finally {
            out.flush();
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
