package io.parley.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.error.ConflictException;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.IvrFlowStore.Binding;
import io.parley.api.store.IvrFlowStore.FlowRow;
import io.parley.api.store.IvrFlowStore.VersionRow;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.TrunkNumber;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class IvrFlowStoreTest {

    private StoreCaches caches;
    private Database database;
    private JdbcIvrFlowStore store;
    private long instanceId;

    @Before
    public void openDatabase() {
        database = new Database(newDataSource());
        caches = new StoreCaches();
        instanceId = new JdbcInstanceStore(database).insert("default", "UTC", Instant.now()).id();
        store = new JdbcIvrFlowStore(database);
    }

    protected DataSource newDataSource() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        return ds;
    }

    @After
    public void close() {
        caches.close();
    }

    @Test
    public void selfServicesKeepAUniqueNamePerInstanceAndAreFoundByTheirFlow() {
        JdbcSelfServiceStore selfServices = new JdbcSelfServiceStore(database);
        long flowId = store.insertFlow(flow("Card PIN flow"), main("{\"nodes\":[],\"edges\":[]}"));
        io.parley.api.ivr.SelfService pin = selfServices.insert(new io.parley.api.ivr.SelfService(0, instanceId, "Card PIN",
                flowId, "MAIN", true));
        assertEquals("Card PIN", selfServices.find(instanceId, pin.id()).orElseThrow().name());
        try {
            selfServices.insert(new io.parley.api.ivr.SelfService(0, instanceId, "card pin", flowId, "MAIN", false));
            fail();
        } catch (ConflictException e) {
            assertEquals("name", e.field());
        }
        assertTrue(selfServices.update(new io.parley.api.ivr.SelfService(pin.id(), instanceId, "PIN", flowId, "v2", false)));
        assertEquals(List.of(new io.parley.api.ivr.SelfService(pin.id(), instanceId, "PIN", flowId, "v2", false)),
                selfServices.usingFlow(instanceId, flowId));
        assertEquals(1, selfServices.list(instanceId).size());
        assertTrue(selfServices.delete(instanceId, pin.id()));
        assertEquals(List.of(), selfServices.list(instanceId));
    }

    @Test
    public void aGraphLongerThanOneVarcharIsKeptWholeAcrossParts() {
        StringBuilder big = new StringBuilder("{\"nodes\":[");
        while (big.length() < 3 * JdbcIvrFlowStore.PART + 123) {
            big.append("{\"id\":\"n").append(big.length()).append("\",\"label\":\"ünïcödé\"},");
        }
        String json = big.append("{}],\"edges\":[]}").toString();
        long id = store.insertFlow(flow("Hotline"), main(json));
        assertEquals(json, store.findVersion(id, "MAIN").orElseThrow().graphJson());
        store.updateVersion(new VersionRow(id, "MAIN", null, "shorter", "draft", Instant.now(), "{\"nodes\":[]}"));
        VersionRow v = store.findVersion(id, "MAIN").orElseThrow();
        assertEquals("{\"nodes\":[]}", v.graphJson());
        assertEquals("draft", v.status());
        assertEquals("shorter", v.notes());
    }

    @Test
    public void flowNamesAreUniquePerKindIgnoringCaseAndVersionsPerFlow() {
        long id = store.insertFlow(flow("Hotline"), main("{}"));
        store.insertFlow(new FlowRow(0, instanceId, "outbound", "hotline", "", Instant.now()), main("{}"));
        try {
            store.insertFlow(flow("HOTLINE"), main("{}"));
            fail("expected a conflict");
        } catch (ConflictException e) {
            assertEquals("name", e.field());
        }
        store.insertVersion(new VersionRow(id, "v2", "MAIN", "", "draft", Instant.now(), "{\"a\":1}"));
        try {
            store.insertVersion(new VersionRow(id, "v2", "MAIN", "", "draft", Instant.now(), "{}"));
            fail("expected a conflict");
        } catch (ConflictException e) {
            assertEquals("version", e.field());
        }
        assertEquals(List.of("MAIN", "v2"), store.versions(id).stream().map(VersionRow::version).toList());
        assertEquals("MAIN", store.findVersion(id, "v2").orElseThrow().basedOn());
        assertTrue(store.deleteVersion(id, "v2"));
        assertFalse(store.deleteVersion(id, "v2"));
    }

    @Test
    public void listFiltersByKindAndByNameOrId() {
        long a = store.insertFlow(flow("Sales line"), main("{}"));
        store.insertFlow(flow("Support"), main("{}"));
        store.insertFlow(new FlowRow(0, instanceId, "outbound", "Sales out", "", Instant.now()), main("{}"));
        assertEquals(3, store.listFlows(instanceId, null, null, PageRequest.first()).total());
        assertEquals(2, store.listFlows(instanceId, "inbound", null, PageRequest.first()).total());
        assertEquals(2, store.listFlows(instanceId, null, "SALES", PageRequest.first()).total());
        assertEquals(List.of(a), store.listFlows(instanceId, null, String.valueOf(a), PageRequest.first()).items()
                .stream().map(FlowRow::id).toList());
    }

    @Test
    public void bindingsListTheNumbersWhoseInboundOrOutboundIvrIsTheFlowAndDeleteRemovesVersions() {
        long id = store.insertFlow(flow("Hotline"), main("{}"));
        JdbcSipChannelStore numbers = new JdbcSipChannelStore(database, caches);
        long channel = numbers.insert(new SipChannel(0, "Trunk", "landline", "sip_trunk", "public_trunk", null,
                List.of(new SipChannel.Peer("203.0.113.5", 5060)), null, Instant.now())).id();
        numbers.insertNumbers(List.of(
                new TrunkNumber(0, channel, instanceId, "008602111110001", false, null, 0, 0, "inbound_outbound", "active",
                        null, id, "MAIN", null, List.of(), false, null, false, Instant.now(), List.of(), null),
                new TrunkNumber(0, channel, instanceId, "008602111110002", false, null, 0, 0, "inbound_outbound", "active",
                        null, null, null, null, List.of(), false, null, false, Instant.now(), List.of(), null)));
        assertEquals(List.of("008602111110001 inbound MAIN"), store.bindings(instanceId, id).stream()
                .map(b -> b.number() + " " + b.direction() + " " + b.version()).toList());
        assertTrue(store.deleteFlow(instanceId, id));
        assertTrue(store.findFlow(instanceId, id).isEmpty());
        assertTrue(store.versions(id).isEmpty());
    }

    private FlowRow flow(String name) {
        return new FlowRow(0, instanceId, "inbound", name, "", Instant.now());
    }

    private static VersionRow main(String json) {
        return new VersionRow(0, "MAIN", null, "", "published", Instant.now(), json);
    }
}
