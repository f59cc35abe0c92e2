package io.parley.recordings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.instance.Instance;
import io.parley.api.instance.InstanceService;
import io.parley.api.recording.Recording;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.settings.StorageSettings;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class StorageGuardTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final MemoryRecordingStore store = new MemoryRecordingStore();
    private final Map<Long, StorageSettings> settings = new HashMap<>();
    private Path root;

    @Before
    public void setUp() {
        root = tmp.getRoot().toPath();
    }

    private StorageGuard guard(long quotaBytes) {
        StorageGuard g = new StorageGuard(store, root, quotaBytes, Clock.fixed(NOW, ZoneOffset.UTC));
        InstanceSettingsService s = (InstanceSettingsService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InstanceSettingsService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("storage")) {
                        return settings.getOrDefault((Long) args[0], StorageSettings.DEFAULTS);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        InstanceService i = (InstanceService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InstanceService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        return new Instance((Long) args[0], "i", "Asia/Shanghai", NOW);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        g.use(s, i);
        return g;
    }

    private Recording recorded(String id, long instance, Instant started, int bytes) throws Exception {
        Path f = root.resolve(id + ".wav");
        Files.write(f, new byte[bytes]);
        Recording r = new Recording(id, instance, "s-" + id, Recording.RECORDING, f.toString(), 2, 1, started,
                started.plusSeconds(1), "telephone", null, bytes, null);
        store.insert(r);
        return r;
    }

    private static StorageSettings retention(int months, int watermark, boolean s3) {
        return new StorageSettings(3, months, watermark,
                new StorageSettings.S3(s3, "http://127.0.0.1:9000", "us-east-1", "rec", "", "k", "s", true));
    }

    @Test
    public void theSweepDeletesRecordingsOlderThanTheInstancesRetentionAndKeepsTheRest() throws Exception {
        settings.put(7L, retention(3, 90, false));
        settings.put(8L, retention(6, 90, false));
        Recording old = recorded("old", 7, Instant.parse("2026-09-01T00:00:00Z"), 100);
        Recording young = recorded("young", 7, Instant.parse("2026-09-08T00:00:00Z"), 100);
        Recording otherInstance = recorded("other", 8, Instant.parse("2026-07-01T00:00:00Z"), 100);
        assertEquals(1, guard(0).sweep());
        assertFalse(Files.exists(Path.of(old.file())));
        assertTrue(store.find("old").isEmpty());
        assertTrue("three months in Shanghai back from 2026-12-07 20:00 is 2026-09-07 20:00", Files.exists(Path.of(young.file())));
        assertTrue("instance 8 keeps six months", Files.exists(Path.of(otherInstance.file())));

        // a shorter retention applies at the next sweep
        settings.put(8L, retention(1, 90, false));
        assertEquals(1, guard(0).sweep());
        assertEquals(java.util.Set.of("young"), store.rows.keySet());
    }

    @Test
    public void aRecordingNotYetCopiedToS3IsNeverDeleted() throws Exception {
        settings.put(7L, retention(1, 90, true));
        Recording r = recorded("pending", 7, Instant.parse("2026-01-01T00:00:00Z"), 100);
        assertEquals(0, guard(0).sweep());
        assertTrue(Files.exists(Path.of(r.file())));
        store.uploaded("pending", NOW);
        assertEquals(1, guard(0).sweep());
        assertFalse(Files.exists(Path.of(r.file())));
    }

    @Test
    public void aboveTheWatermarkTheOldestRecordingsGoFirstAndTheAlarmShowsUntilACheckFindsItBelow() throws Exception {
        settings.put(7L, retention(120, 90, false));
        recorded("a", 7, NOW.minusSeconds(300), 300);
        recorded("b", 7, NOW.minusSeconds(200), 300);
        recorded("c", 7, NOW.minusSeconds(100), 300);
        StorageGuard g = guard(940);   // 900 of 940 bytes: 96 %
        assertTrue(g.alarms().isEmpty());
        g.checkDisk();
        assertEquals("the oldest went, and only it: 600 of 940 is under 90 %", java.util.Set.of("b", "c"), store.rows.keySet());
        assertEquals(1, g.alarms().size());
        assertEquals(StorageGuard.ALARM, g.alarms().get(0).code());
        assertTrue(g.alarms().get(0).message(), g.alarms().get(0).message().contains("1 oldest recordings deleted"));
        g.checkDisk();
        assertTrue("cleared once a check finds the disk below the watermark", g.alarms().isEmpty());
        assertEquals(2, store.rows.size());
    }
}
