package io.parley.recordings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A crash loses at most the last second of a recording, and the header is repaired at
 * restart (issue 13): the real media engine records in a child JVM that is killed with
 * SIGKILL mid-recording, then {@link WavRepair} makes the file valid again.
 */
public class CrashRepairTest {

    private static final int STEREO_BYTES_PER_S = 8000 * 2 * 2;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aRecordingKilledMidWayIsRepairedPlayableAndLosesAtMostTheLastSecond() throws Exception {
        Path wav = tmp.getRoot().toPath().resolve("2026/12/07/kx-1.wav");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", CrashingRecorder.class.getName(), wav.toString(),
                Integer.toString(41_000 + 2 * (int) (ProcessHandle.current().pid() % 500))))
                .redirectErrorStream(true).start();
        long audioMs = 0;
        long onDisk = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            // record until at least 3.5 s of audio are on disk, reading what the recorder has had meanwhile
            while ((line = out.readLine()) != null) {
                if (line.startsWith("audio_ms=")) {
                    audioMs = Long.parseLong(line.substring(9));
                    onDisk = Files.exists(wav) ? Files.size(wav) : 0;
                    if (onDisk >= WavRepair.HEADER_SIZE + 3.5 * STEREO_BYTES_PER_S) {
                        child.destroyForcibly();   // SIGKILL: no shutdown hook, no close
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue("the child ends", child.waitFor(20, TimeUnit.SECONDS));
        }
        assertTrue("the child recorded before it was killed (last audio_ms " + audioMs + ")", onDisk > 0);

        WavRepair.Repaired repaired = WavRepair.repair(wav, 2);
        long data = repaired.dataBytes();
        assertTrue("nothing that reached the disk is lost: " + data + " >= " + (onDisk - 44), data >= onDisk - 44 - 3);
        assertEquals(0, data % 4);
        assertHeaderCounts(wav, data);
        long recordedMs = data * 1000 / STEREO_BYTES_PER_S;
        long lostMs = audioMs - recordedMs;
        System.out.println("crash test: recorder had " + audioMs + " ms, file kept " + recordedMs + " ms, lost " + lostMs + " ms");
        // the recorder hands the file one-second blocks: the block being filled is what a kill loses
        assertTrue("lost " + lostMs + " ms of audio (recorder had " + audioMs + " ms, file " + recordedMs + " ms)",
                lostMs <= 1000 + 300);
        assertPlayable(wav, data);
    }

    @Test
    public void aHeaderThatCountsLessThanTheFileAndACutFrameAreRepaired() throws Exception {
        Path wav = tmp.newFile("stale.wav").toPath();
        int frames = 8000 * 2;
        // as a kill between a block's write and its header patch leaves it: the header counts one second, the file holds two plus 3 bytes of a cut frame
        try (FileChannel ch = FileChannel.open(wav, StandardOpenOption.WRITE)) {
            ch.write(WavRepair.header(2, STEREO_BYTES_PER_S), 0);
            ByteBuffer pcm = ByteBuffer.allocate(frames * 4 + 3).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < frames; i++) {
                pcm.putShort((short) 3000).putShort((short) -3000);
            }
            pcm.put(new byte[] {1, 2, 3});
            pcm.flip();
            ch.write(pcm, WavRepair.HEADER_SIZE);
        }
        WavRepair.Repaired r = WavRepair.repair(wav, 2);
        assertTrue(r.changed());
        assertEquals(frames * 4L, r.dataBytes());
        assertEquals(2, r.durationS());
        assertHeaderCounts(wav, frames * 4L);
        assertPlayable(wav, frames * 4L);
        assertFalse("a valid file is left alone", WavRepair.repair(wav, 2).changed());
    }

    @Test
    public void aFileCutInsideItsHeaderGetsAHeaderForNoAudio() throws Exception {
        Path wav = tmp.newFile("cut.wav").toPath();
        Files.write(wav, new byte[] {'R', 'I', 'F', 'F', 0, 0});
        WavRepair.Repaired r = WavRepair.repair(wav, 1);
        assertEquals(0, r.dataBytes());
        assertHeaderCounts(wav, 0);
        assertPlayable(wav, 0);
    }

    private static void assertHeaderCounts(Path wav, long data) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(wav), 0, 44).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(36 + data, h.getInt(4));
        assertEquals(data, h.getInt(40));
        assertEquals(44 + data, Files.size(wav));
    }

    /** The JDK's own WAV reader reads every frame the header counts, and the audio is the tone to the end. */
    private static void assertPlayable(Path wav, long data) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            assertEquals(8000f, f.getSampleRate(), 0.1);
            assertEquals(16, f.getSampleSizeInBits());
            assertEquals(data / f.getFrameSize(), in.getFrameLength());
            byte[] all = in.readAllBytes();
            assertEquals(data, all.length);
            if (data >= STEREO_BYTES_PER_S && f.getChannels() == 2) {
                // the last half second of the left (customer) channel carries the tone
                double sum = 0;
                int n = 0;
                for (int i = all.length - STEREO_BYTES_PER_S / 2; i + 1 < all.length; i += 4) {
                    short s = (short) ((all[i] & 0xff) | (all[i + 1] << 8));
                    sum += (double) s * s;
                    n++;
                }
                double rms = Math.sqrt(sum / n);
                assertTrue("left channel rms at the end " + rms, rms > 1000);
            }
        }
    }
}
