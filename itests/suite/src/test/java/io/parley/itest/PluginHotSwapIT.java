package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.auth.AuthenticationService;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.IvrNodeTypeCatalog;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * An integrator's IVR node-type bundle is stopped, started, updated, uninstalled and
 * installed while the appliance runs; the catalog (and the REST API over it) follows at
 * once, without the catalog's own component being restarted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PluginHotSwapIT {

    private static final String PLUGIN = "parley-itest-sample-node-type";
    private static final String TYPE = "itest_say_time";

    @Inject
    BundleContext context;

    @Inject
    IvrNodeTypeCatalog catalog;

    @Inject
    AuthenticationService auth;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration();
    }

    @Test
    public void nodeTypeBundleComesAndGoesWhileTheContainerRuns() throws Exception {
        Api admin = Api.appliance().asAdmin(auth);
        ServiceReference<IvrNodeTypeCatalog> catalogRef = context.getServiceReference(IvrNodeTypeCatalog.class);
        Object catalogServiceId = catalogRef.getProperty("service.id");
        Bundle plugin = Arrays.stream(context.getBundles()).filter(b -> PLUGIN.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError(PLUGIN + " not installed"));
        String location = plugin.getLocation();

        if (plugin.getState() == Bundle.ACTIVE) {
            plugin.stop();
        }
        await(() -> !catalog.types().contains(TYPE), "type gone before start");
        assertTrue(!listed(admin));

        plugin.start();
        await(() -> catalog.types().contains(TYPE), "type appears on start");
        assertTrue("REST lists the new type", listed(admin));

        plugin.stop();
        await(() -> !catalog.types().contains(TYPE), "type disappears on stop");
        assertTrue(!listed(admin));

        plugin.start();
        plugin.update();
        await(() -> catalog.types().contains(TYPE), "type present after an in-place update");

        plugin.uninstall();
        await(() -> !catalog.types().contains(TYPE), "type disappears on uninstall");

        Bundle reinstalled = context.installBundle(location);
        reinstalled.start();
        await(() -> catalog.types().contains(TYPE), "type appears on a fresh install");
        assertTrue(listed(admin));
        assertNotNull(catalog.find(TYPE).orElseThrow().parameterSchema());

        assertEquals("the catalog was never re-registered: its reference is dynamic",
                catalogServiceId, context.getServiceReference(IvrNodeTypeCatalog.class).getProperty("service.id"));
    }

    /** The module types of SPEC §8 this distribution ships, one bundle each (bundles/ivr-node). */
    private static final List<String> BUILT_IN = List.of("start", "end", "prompt", "branch", "collect", "condition",
            "working_hours", "api_call", "satisfaction", "voicemail", "to_extension", "to_external", "to_agent",
            "speech_menu");

    @Test
    public void everyBuiltInModuleTypeIsInstalledAndListed() throws Exception {
        Api admin = Api.appliance().asAdmin(auth);
        await(() -> catalog.types().containsAll(BUILT_IN), "built-in types in the catalog: " + BUILT_IN);
        Api.Answer a = admin.get("/ivr/node-types");
        assertEquals(a.toString(), 200, a.status());
        for (String type : BUILT_IN) {
            assertTrue(type + " listed by REST: " + a.body(), a.body().contains("\"" + type + "\""));
            IvrNodeType nodeType = catalog.find(type).orElseThrow();
            assertTrue(type + " has a JSON schema", nodeType.parameterSchema().contains("\"properties\""));
        }
        // the bundles' validation runs inside the container (common's Jackson import resolved)
        IvrNodeType branch = catalog.find("branch").orElseThrow();
        assertTrue(branch.validate(Map.of("prompt", Map.of("text", "Press one"),
                "keys", List.of(Map.of("digit", "1")), "timeout_s", 61)).stream()
                .anyMatch(p -> p.field().equals("timeout_s") && p.rule().equals("must be 1..60")));
        assertEquals(List.of("key:1", "max_errors"), branch.exits(Map.of("prompt", Map.of("text", "x"),
                "keys", List.of(Map.of("digit", "1")), "on_max_errors", "goto")));
        assertEquals(List.of("fallback"), catalog.find("speech_menu").orElseThrow().optionalExits(Map.of()));
        // each type is its own bundle: stopping one takes only that type away
        Bundle prompt = Arrays.stream(context.getBundles())
                .filter(b -> "parley-ivr-node-prompt".equals(b.getSymbolicName())).findFirst().orElseThrow();
        prompt.stop();
        try {
            await(() -> !catalog.types().contains("prompt"), "prompt gone when its bundle stops");
            assertTrue(catalog.types().contains("branch"));
        } finally {
            prompt.start();
        }
        await(() -> catalog.types().contains("prompt"), "prompt back when its bundle starts");
    }

    private static boolean listed(Api admin) {
        Api.Answer a = admin.get("/ivr/node-types");
        assertEquals(a.toString(), 200, a.status());
        return a.body().contains("\"" + TYPE + "\"");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(50);
        }
    }
}
