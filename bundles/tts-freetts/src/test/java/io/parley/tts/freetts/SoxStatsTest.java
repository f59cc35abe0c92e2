package io.parley.tts.freetts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.parley.api.speech.PcmAudio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Issue 5: a prompt's duration and energy match its text, checked by an independent tool:
 * the synthesised audio is written as a WAV file and measured by {@code sox stat} (installed
 * by itests/run-all-tests.sh; the test is skipped where sox is missing).
 */
public class SoxStatsTest {
    private static FreeTtsTextToSpeech tts;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @BeforeClass
    public static void allocate() {
        tts = new FreeTtsTextToSpeech(FreeTtsDefaults.DEFAULT_VOICE, 10, 500);
    }

    @AfterClass
    public static void release() {
        tts.deactivate();
    }

    @Test
    public void soxMeasuresTheLengthAndEnergyOfSpeechAndMoreTextIsMoreSpeech() throws Exception {
        assumeTrue("sox is not installed", soxInstalled());
        PcmAudio shortPrompt = tts.synthesize("press one for sales", null);
        PcmAudio longPrompt = tts.synthesize("thank you for calling, all our agents are busy, please hold the line", null);
        Map<String, Double> s = soxStat(shortPrompt);
        Map<String, Double> l = soxStat(longPrompt);

        // sox reads what we wrote: 8 kHz samples, as long as the prompt says
        assertEquals(shortPrompt.duration().toMillis() / 1000.0, s.get("Length (seconds)"), 0.001);
        assertEquals(longPrompt.duration().toMillis() / 1000.0, l.get("Length (seconds)"), 0.001);
        // a speaking rate: 0.15 to 0.6 s a word, for four words and for thirteen, so more text is longer
        double shortPerWord = s.get("Length (seconds)") / 4;
        double longPerWord = l.get("Length (seconds)") / 13;
        assertTrue("short prompt " + s, shortPerWord > 0.15 && shortPerWord < 0.6);
        assertTrue("long prompt " + l, longPerWord > 0.15 && longPerWord < 0.6);
        assertTrue("long prompt " + l, l.get("Length (seconds)") > 2 * s.get("Length (seconds)"));
        // speech energy, not silence and not clipped: RMS amplitude (full scale = 1) at a speaking level
        for (Map<String, Double> stat : new Map[] {s, l}) {
            double rms = stat.get("RMS     amplitude");
            assertTrue("rms " + stat, rms > 0.015 && rms < 0.5);
            assertTrue("not clipped " + stat, stat.get("Maximum amplitude") < 0.999);
            assertTrue("no DC offset " + stat, Math.abs(stat.get("Mean    amplitude")) < 0.01);
        }
        // and the same energy as our own measure of the samples
        assertEquals(FreeTtsTextToSpeechTest.rms(shortPrompt.samples()) / 32768.0, s.get("RMS     amplitude"), 0.002);
    }

    private Map<String, Double> soxStat(PcmAudio audio) throws IOException, InterruptedException {
        Path wav = tmp.newFile().toPath();
        writeWav(wav, audio.samples());
        Process p = new ProcessBuilder("sox", wav.toString(), "-n", "stat").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("sox stat finished", p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(out, 0, p.exitValue());
        Map<String, Double> values = new HashMap<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                try {
                    values.put(line.substring(0, colon).strip(), Double.parseDouble(line.substring(colon + 1).strip()));
                } catch (NumberFormatException notANumber) {
                    // a line of text, not a figure
                }
            }
        }
        assertTrue(out, values.containsKey("Length (seconds)") && values.containsKey("RMS     amplitude"));
        return values;
    }

    private static void writeWav(Path path, short[] samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length * 2)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * 2);
        for (short v : samples) {
            b.putShort(v);
        }
        Files.write(path, b.array());
    }

    private static boolean soxInstalled() {
        try {
            Process p = new ProcessBuilder("sox", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
