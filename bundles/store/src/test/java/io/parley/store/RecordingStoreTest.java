package io.parley.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.recording.Recording;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Before;
import org.junit.Test;

public class RecordingStoreTest {

    private JdbcRecordingStore store;
    private final Instant t0 = Instant.parse("2026-03-01T10:00:00Z");

    @Before
    public void openDatabase() {
        store = new JdbcRecordingStore(new Database(newDataSource()));
    }

    protected DataSource newDataSource() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        return dataSource;
    }

    private Recording open(String id, String session, String kind, Instant at) {
        return new Recording(id, 7, session, kind, "/data/" + id + ".wav", Recording.RECORDING.equals(kind) ? 2 : 1,
                0, at, null, "telephone", null, 0, null);
    }

    @Test
    public void aRecordingIsIndexedOpenThenClosedWithItsLength() {
        store.insert(open("r1", "s1", Recording.RECORDING, t0));
        assertEquals(List.of("r1"), store.open().stream().map(Recording::id).toList());
        assertNull(store.find("r1").orElseThrow().endedAt());
        store.close("r1", 42, t0.plusSeconds(43), 672_044);
        Recording r = store.find("r1").orElseThrow();
        assertTrue(r.isClosed());
        assertEquals(42, r.durationS());
        assertEquals(672_044, r.sizeBytes());
        assertEquals(2, r.channels());
        assertTrue(store.open().isEmpty());
    }

    @Test
    public void rangesAndAgeSelectClosedRecordingsOldestFirst() {
        for (int i = 0; i < 5; i++) {
            store.insert(open("r" + i, "s" + i, i % 2 == 0 ? Recording.RECORDING : Recording.VOICEMAIL,
                    t0.plus(i, ChronoUnit.DAYS)));
            if (i != 4) {
                store.close("r" + i, 10, t0.plus(i, ChronoUnit.DAYS).plusSeconds(10), 100);
            }
        }
        assertEquals(List.of("r1", "r2"), store.startedBetween(7, t0.plus(1, ChronoUnit.DAYS), t0.plus(3, ChronoUnit.DAYS), 10)
                .stream().map(Recording::id).toList());
        assertEquals(List.of("r0", "r1"), store.startedBefore(7, t0.plus(2, ChronoUnit.DAYS), 10).stream().map(Recording::id).toList());
        assertEquals("an open file is never the oldest to delete", List.of("r0", "r1", "r2", "r3"),
                store.oldest(10).stream().map(Recording::id).toList());
        assertTrue(store.startedBefore(8, t0.plus(9, ChronoUnit.DAYS), 10).isEmpty());
        store.uploaded("r0", t0);
        assertEquals(List.of("r1", "r2"), store.notUploaded(7, 2).stream().map(Recording::id).toList());
        assertEquals(List.of(7L), store.instanceIds());
        assertEquals("open files are not counted", 400, store.totalBytes());
        assertTrue(store.delete("r1"));
        assertFalse(store.delete("r1"));
        assertEquals(List.of("r3"), store.ofSession(7, "s3").stream().map(Recording::id).toList());
    }
}
