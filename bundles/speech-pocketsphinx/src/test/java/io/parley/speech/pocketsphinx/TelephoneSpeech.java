package io.parley.speech.pocketsphinx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes what a caller's phone line carries: a phrase spoken by a Debian flite voice, passed
 * through a 300-3400 Hz, 8 kHz G.711 µ-law channel with sox and decoded back to 16-bit PCM,
 * with half a second of silence around it (the same channel as bench/speech/make-corpus.sh).
 */
final class TelephoneSpeech {

    private TelephoneSpeech() {
    }

    static short[] say(String voice, String text) throws Exception {
        Path dir = Files.createTempDirectory("parley-asr");
        try {
            Path raw = dir.resolve("raw.wav");
            Path ulaw = dir.resolve("ulaw.wav");
            Path pcm = dir.resolve("pcm.wav");
            run(List.of("flite", "-voice", voice, "-t", text, "-o", raw.toString()));
            run(List.of("sox", "-q", raw.toString(), "-r", "8000", "-c", "1", "-e", "u-law", ulaw.toString(), "sinc", "300-3400"));
            run(List.of("sox", "-q", ulaw.toString(), "-e", "signed-integer", "-b", "16", pcm.toString(), "pad", "0.5", "0.5"));
            return Wav.read(pcm);
        } finally {
            try (var s = Files.list(dir)) {
                s.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " failed (Debian packages flite and sox are needed: itests/run-all-tests.sh installs them)");
        }
    }
}
