package io.parley.push.file;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.push.PushItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.Test;

public class FileDropSinkTest {

    @Test
    public void anItemLandsAsOneFilePerSessionAndKindAndASecondDeliveryReplacesIt() throws Exception {
        Path dir = Files.createTempDirectory("drop");
        FileDropSink sink = new FileDropSink(dir);
        assertTrue(sink.deliver(new PushItem(1, 1000001, "cdr", "s/1", "{\"a\":1}", Instant.now(), 1), Map.of()).delivered());
        assertTrue(sink.deliver(new PushItem(1, 1000001, "cdr", "s/1", "{\"a\":2}", Instant.now(), 2), Map.of()).delivered());
        Path file = dir.resolve("1000001").resolve("s_1.cdr.json");
        assertEquals("{\"a\":2}", Files.readString(file));
        try (var files = Files.list(dir.resolve("1000001"))) {
            assertEquals("no temporary file left behind", 1, files.count());
        }
    }

    @Test
    public void aDirectoryThatCannotBeMadeIsRetriedLater() throws Exception {
        Path notADir = Files.createTempFile("drop", ".txt");
        var r = new FileDropSink(notADir).deliver(new PushItem(1, 1, "cdr", "s", "{}", Instant.now(), 1), Map.of());
        assertTrue(r.retryable());
    }
}
