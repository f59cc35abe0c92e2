package io.parley.store;

import io.parley.api.store.ServiceRecordStore.StoredServiceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * Not a test: how many service-record writes a second the store takes the way the records
 * bundle writes them (batches of changed records in one transaction; each call's record is
 * written about five times: created, IVR, queued, bridged, closed). On-disk Derby, as shipped.
 * Run: see bench/records/README.md.
 */
public final class ServiceRecordWriteBench {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path dir = Files.createTempDirectory("records-bench");
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(dir.resolve("db").toString());
        ds.setCreateDatabase("create");
        Database database = new Database(ds);
        long instanceId = new JdbcInstanceStore(database).insert("bench", "UTC", Instant.now()).id();
        JdbcServiceRecordStore store = new JdbcServiceRecordStore(database);
        String detail = "{\"number_source\":null,\"ivr_path\":[{\"node_id\":\"main_menu\",\"label\":\"Start\"},"
                + "{\"node_id\":\"01G37ZXAE1Z1KQH5W0CY28G16J\",\"label\":\"Menu\",\"key\":\"2\"}],\"transfers\":[],"
                + "\"variables\":{},\"progress\":{\"queue_ms\":0}}";
        int writesPerCall = 5;
        long writes = 0;
        long start = System.nanoTime();
        for (int first = 0; first < calls; first += batch) {
            for (int step = 0; step < writesPerCall; step++) {
                List<StoredServiceRecord> rows = new ArrayList<>();
                for (int i = first; i < Math.min(calls, first + batch); i++) {
                    boolean last = step == writesPerCall - 1;
                    Instant t = Instant.now();
                    rows.add(new StoredServiceRecord(instanceId, "bench-" + i, t, "telephone", "inbound", null,
                            "008613912345678", "00862187654321", null, last ? "normal_end" : "calling", step * 10, 2,
                            step * 5, 3, 0, "1001", "Alice", 2001L, "Sales", last ? "customer" : null, null, !last, t,
                            last ? t : null, detail));
                }
                store.save(rows);
                writes += rows.size();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d calls, %d record writes in batches of %d: %.1f s, %.0f writes/s, %.0f calls/s%n", calls,
                writes, batch, seconds, writes / seconds, calls / seconds);
    }
}
