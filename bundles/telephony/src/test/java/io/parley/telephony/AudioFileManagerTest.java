package io.parley.telephony;

import static io.parley.telephony.Fakes.INSTANCE;
import static io.parley.telephony.HotWordManagerTest.expect;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.audio.AudioFile;
import io.parley.api.audio.AudioFileUsage;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.paging.PageRequest;
import io.parley.store.Database;
import io.parley.store.JdbcAudioFileStore;
import io.parley.store.JdbcInstanceStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Audio-file rules (SPEC §10) on the real JDBC store, with real MP3 and WAV files made by
 * {@code sox} (Debian packages sox and libsox-fmt-mp3; the tests that need it are skipped,
 * saying why, when it is missing).
 */
public class AudioFileManagerTest {

    @org.junit.Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private JdbcAudioFileStore store;
    private Path pcmDir;
    private AudioFileManager audio;

    @Before
    public void setUp() throws IOException {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        Database db = new Database(ds);
        assertEquals(INSTANCE, new JdbcInstanceStore(db).insert("default", "UTC", Instant.now()).id());
        store = new JdbcAudioFileStore(db);
        pcmDir = tmp.newFolder("audio").toPath();
        audio = new AudioFileManager(store, new Fakes.Instances(), pcmDir, true);
    }

    /** Runs sox to synthesise {@code seconds} of a 440 Hz tone into {@code name}; skips when sox cannot. */
    private byte[] sox(String name, String... options) throws Exception {
        Path out = tmp.getRoot().toPath().resolve(name);
        List<String> cmd = new ArrayList<>(List.of("sox", "-n"));
        cmd.addAll(List.of(options));
        cmd.add(out.toString());
        cmd.addAll(List.of("synth", "2.5", "sine", "440"));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            System.out.println("SKIPPED: sox is not installed (apt-get install sox libsox-fmt-mp3): " + e.getMessage());
            Assume.assumeTrue("sox is not installed", false);
            return null;
        }
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || !Files.exists(out)) {
            System.out.println("SKIPPED: sox cannot write " + name + " (for mp3: apt-get install libsox-fmt-mp3): " + log);
            Assume.assumeTrue("sox cannot write " + name, false);
        }
        return Files.readAllBytes(out);
    }

    private long storedPcmMillis(AudioFile a) throws IOException {
        return Files.size(pcmDir.resolve(a.id() + ".pcm")) / 2 * 1000 / 8000;
    }

    @Test
    public void decodesAStereo44kWavTo8kMonoPcmOfTheSameDuration() throws Exception {
        AudioFile a = audio.upload(INSTANCE, "Welcome", "welcome.wav", sox("tone.wav", "-r", "44100", "-c", "2", "-b", "16"));
        assertEquals("wav", a.format());
        assertEquals(AudioFile.APPROVED, a.reviewStatus());
        assertEquals(2500, a.durationMillis(), 5);
        assertEquals(2500, storedPcmMillis(a), 5);
    }

    @Test
    public void decodesAnMp3To8kPcmOfTheSameDuration() throws Exception {
        AudioFile a = audio.upload(INSTANCE, "Hold music", "hold.mp3", sox("tone.mp3", "-r", "22050", "-c", "1"));
        assertEquals("mp3", a.format());
        assertEquals(AudioFile.APPROVED, a.reviewStatus());
        // an MP3 encoder pads the start and the last frame: allow one 1152-sample frame and the decoder delay
        assertEquals(2500, storedPcmMillis(a), 120);
        assertEquals(storedPcmMillis(a), a.durationMillis(), 1);
    }

    @Test
    public void decodesA8BitMuLawWavToo() throws Exception {
        AudioFile a = audio.upload(INSTANCE, "Old prompt", "old.wav", sox("ulaw.wav", "-r", "8000", "-c", "1", "-e", "u-law"));
        assertEquals(2500, storedPcmMillis(a), 5);
    }

    @Test
    public void theFormatComesFromTheContentNotTheName() throws Exception {
        byte[] wav = sox("tone2.wav", "-r", "16000", "-c", "1");
        assertEquals("wav", audio.upload(INSTANCE, "Named mp3", "really-a-wav.mp3", wav).format());
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1};
        expect(InvalidException.class, "file", () -> audio.upload(INSTANCE, "Picture", "logo.mp3", png));
        expect(InvalidException.class, "file", () -> audio.upload(INSTANCE, "Text", "notes.wav",
                "hello world, not audio".getBytes()));
    }

    @Test
    public void rejectsAFileOverFiveMegabytes() {
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        System.arraycopy("RIFF\0\0\0\0WAVE".getBytes(), 0, big, 0, 12);
        expect(InvalidException.class, "file", () -> audio.upload(INSTANCE, "Big", "big.wav", big));
        assertEquals(0, audio.list(INSTANCE, null, PageRequest.first()).total());
    }

    @Test
    public void anUndecodableWavIsStoredRejectedWithTheReason() {
        byte[] broken = "RIFF\u0004\0\0\0WAVEjunkjunkjunk".getBytes();
        AudioFile a = audio.upload(INSTANCE, "Broken", "broken.wav", broken);
        assertEquals(AudioFile.REJECTED, a.reviewStatus());
        assertTrue(a.rejectReason(), a.rejectReason().startsWith("automatic check"));
        expect(ConflictException.class, "review_status", () -> audio.wav(INSTANCE, a.id()));
    }

    @Test
    public void nameIsRequiredAndAtMost64Characters() {
        byte[] wav = AudioDecoder.wavFile(new short[800]);
        expect(InvalidException.class, "name", () -> audio.upload(INSTANCE, " ", "a.wav", wav));
        expect(InvalidException.class, "name", () -> audio.upload(INSTANCE, "x".repeat(65), "a.wav", wav));
        AudioFile a = audio.upload(INSTANCE, "x".repeat(64), "a.wav", wav);
        assertEquals("Renamed", audio.rename(INSTANCE, a.id(), "Renamed").name());
        assertEquals("Renamed", audio.get(INSTANCE, a.id()).name());
        expect(InvalidException.class, "name", () -> audio.rename(INSTANCE, a.id(), ""));
    }

    @Test
    public void withoutAutoApprovalAFileWaitsForAnAdministrator() {
        audio = new AudioFileManager(store, new Fakes.Instances(), pcmDir, false);
        AudioFile a = audio.upload(INSTANCE, "Menu", "menu.wav", AudioDecoder.wavFile(new short[8000]));
        assertEquals(AudioFile.PENDING, a.reviewStatus());
        expect(ConflictException.class, "review_status", () -> audio.playable(INSTANCE, a.id()));
        assertEquals(8000 * 2 + 44, audio.wav(INSTANCE, a.id()).length);   // a reviewer can listen
        assertEquals(AudioFile.APPROVED, audio.approve(INSTANCE, a.id()).reviewStatus());
        assertEquals(8000, audio.playable(INSTANCE, a.id()).length);
        expect(ConflictException.class, "review_status", () -> audio.approve(INSTANCE, a.id()));
        AudioFile b = audio.upload(INSTANCE, "Menu 2", "menu.wav", AudioDecoder.wavFile(new short[8000]));
        expect(InvalidException.class, "reason", () -> audio.reject(INSTANCE, b.id(), ""));
        assertEquals("too quiet", audio.reject(INSTANCE, b.id(), "too quiet").rejectReason());
        expect(ConflictException.class, "review_status", () -> audio.playable(INSTANCE, b.id()));
    }

    @Test
    public void anEightKilohertzWavComesBackSampleExact() {
        short[] pcm = new short[4000];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 400 * i / 8000.0));
        }
        AudioFile a = audio.upload(INSTANCE, "Exact", "exact.wav", AudioDecoder.wavFile(pcm));
        assertArrayEquals(pcm, audio.playable(INSTANCE, a.id()));
        assertArrayEquals(AudioDecoder.wavFile(pcm), audio.wav(INSTANCE, a.id()));
    }

    @Test
    public void deleteRemovesTheRowAndThePcm() {
        AudioFile a = audio.upload(INSTANCE, "Gone", "gone.wav", AudioDecoder.wavFile(new short[800]));
        assertTrue(Files.exists(pcmDir.resolve(a.id() + ".pcm")));
        audio.delete(INSTANCE, a.id());
        assertFalse(Files.exists(pcmDir.resolve(a.id() + ".pcm")));
        expect(NotFoundException.class, null, () -> audio.get(INSTANCE, a.id()));
    }

    @Test
    public void deleteIsRefusedWhileAUsageNamesTheFileAndAllowedOnceItIsGone() {
        AudioFile a = audio.upload(INSTANCE, "Held", "held.wav", AudioDecoder.wavFile(new short[800]));
        AudioFile other = audio.upload(INSTANCE, "Free", "free.wav", AudioDecoder.wavFile(new short[800]));
        // a fake user of exactly one file, as a published IVR flow would report it
        AudioFileUsage flow = (instanceId, id) -> instanceId == INSTANCE && id.equals(a.id())
                ? List.of("IVR flow 12 version MAIN") : List.of();
        AudioFileUsage nothing = (instanceId, id) -> List.of();
        audio.addUsage(nothing);
        audio.addUsage(flow);
        var refused = expect(ConflictException.class, null, () -> audio.delete(INSTANCE, a.id()));
        assertTrue(refused.getMessage(), refused.getMessage().contains("IVR flow 12 version MAIN"));
        assertTrue(Files.exists(pcmDir.resolve(a.id() + ".pcm")));
        assertEquals("Held", audio.get(INSTANCE, a.id()).name());

        audio.delete(INSTANCE, other.id());   // not referenced: deleted although usages are registered
        expect(NotFoundException.class, null, () -> audio.get(INSTANCE, other.id()));

        audio.removeUsage(flow);              // the flow's bundle stopped: nothing holds the file any more
        audio.delete(INSTANCE, a.id());
        expect(NotFoundException.class, null, () -> audio.get(INSTANCE, a.id()));
    }

    @Test
    public void resamplingLowPassesBeforeDecimating() {
        // 6 kHz at 44.1 kHz is above the 4 kHz Nyquist of 8 kHz: dropping samples would alias it
        // to 2 kHz at full strength; the band-limited resampler removes it.
        short[] high = tone(6000, 44100);
        short[] low = tone(1000, 44100);
        assertTrue(rms(Resampler.resample(high, 44100, 8000)) < 0.02 * rms(high));
        assertEquals(rms(low), rms(Resampler.resample(low, 44100, 8000)), 0.03 * rms(low));
        assertEquals(8000, Resampler.resample(low, 44100, 8000).length);
    }

    private static short[] tone(int hz, int rate) {
        short[] s = new short[rate];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (10000 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    private static double rms(short[] s) {
        double sum = 0;
        for (int i = s.length / 10; i < s.length * 9 / 10; i++) {
            sum += (double) s[i] * s[i];
        }
        return Math.sqrt(sum / (s.length * 0.8));
    }
}
