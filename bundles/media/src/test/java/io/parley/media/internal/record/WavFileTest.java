package io.parley.media.internal.record;

import static org.junit.Assert.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WavFileTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void headerCountsWhatWasAppendedBeforeClose() throws Exception {
        Path p = tmp.getRoot().toPath().resolve("sub/dir/call.wav");
        WavFile w = WavFile.create(p, 2);
        w.append(new byte[640], 640);
        w.append(new byte[1280], 1280);
        // not closed: as after a crash, the header must already be right
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(44 + 1920, b.limit());
        assertEquals(36 + 1920, b.getInt(4));
        assertEquals(2, b.getShort(22));
        assertEquals(8000, b.getInt(24));
        assertEquals(32000, b.getInt(28));
        assertEquals(4, b.getShort(32));
        assertEquals(16, b.getShort(34));
        assertEquals(1920, b.getInt(40));
        w.close();
    }
}
