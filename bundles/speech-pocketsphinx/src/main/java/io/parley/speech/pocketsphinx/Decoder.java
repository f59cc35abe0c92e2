package io.parley.speech.pocketsphinx;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One PocketSphinx decoder (its own copy of the acoustic model's search state): set a keyword
 * list, then decode one utterance at a time. Not thread-safe; {@link DecoderPool} lends it to
 * one recognition at a time.
 */
final class Decoder implements AutoCloseable {

    /** A keyphrase detected in the utterance, with its posterior probability 0..1. */
    record Detection(String phrase, double confidence) {
    }

    private final PocketSphinxLibrary ps;
    private final EngineSettings settings;
    private final Pointer config;
    private final Pointer decoder;
    private final Upsampler upsampler = new Upsampler();
    private String keywordFile;
    private boolean inUtterance;

    Decoder(PocketSphinxLibrary ps, EngineSettings settings) {
        this.ps = ps;
        this.settings = settings;
        List<String> argv = new ArrayList<>(List.of("parley"));
        argv.addAll(settings.decoderArguments());
        config = ps.cmd_ln_parse_r(null, ps.ps_args(), argv.size(), argv.toArray(String[]::new), 1);
        if (config == null) {
            throw new IllegalStateException("PocketSphinx refused the configuration " + argv);
        }
        decoder = ps.ps_init(config);
        if (decoder == null) {
            ps.cmd_ln_free_r(config);
            throw new IllegalStateException("PocketSphinx could not load the model " + settings.model());
        }
    }

    /** True when the pronunciation dictionary knows every word of {@code phrase}. */
    boolean knows(String phrase) {
        for (String w : phrase.split(" ")) {
            Pointer p = ps.ps_lookup_word(decoder, w);
            if (p == null) {
                return false;
            }
            com.sun.jna.Native.free(Pointer.nativeValue(p));
        }
        return true;
    }

    /**
     * Spots these phrases from now on; each line of a PocketSphinx keyword file is the phrase
     * and its detection threshold (a log-probability ratio; lower detects more readily).
     */
    void spot(List<Keyphrase> phrases) {
        StringBuilder b = new StringBuilder();
        for (Keyphrase k : phrases) {
            b.append(k.phrase()).append(" /1e").append(k.thresholdExponent()).append("/\n");
        }
        String file = b.toString();
        if (file.equals(keywordFile)) {
            return;
        }
        try {
            Path tmp = Files.createTempFile("parley-kws", ".txt");
            try {
                Files.writeString(tmp, file, StandardCharsets.UTF_8);
                if (ps.ps_set_kws(decoder, "menu", tmp.toString()) < 0 || ps.ps_set_search(decoder, "menu") < 0) {
                    throw new IllegalArgumentException("PocketSphinx refused the keyword list " + phrases);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keywordFile = file;
    }

    void start() {
        if (ps.ps_start_utt(decoder) < 0) {
            throw new IllegalStateException("PocketSphinx could not start an utterance");
        }
        inUtterance = true;
    }

    /** Feeds 8 kHz samples (upsampled for a 16 kHz model). */
    void feed(short[] pcm8k) {
        short[] samples = settings.upsample() ? upsampler.up(pcm8k) : pcm8k;
        ps.ps_process_raw(decoder, samples, samples.length, 0, 0);
    }

    boolean inSpeech() {
        return ps.ps_get_in_speech(decoder) != 0;
    }

    /** Ends the utterance; returns the phrases detected, in order. */
    List<Detection> end() {
        if (!inUtterance) {
            return List.of();
        }
        inUtterance = false;
        ps.ps_end_utt(decoder);
        List<Detection> found = new ArrayList<>();
        Pointer logmath = ps.ps_get_logmath(decoder);
        IntByReference a = new IntByReference();
        IntByReference l = new IntByReference();
        IntByReference b = new IntByReference();
        for (Pointer seg = ps.ps_seg_iter(decoder); seg != null; seg = ps.ps_seg_next(seg)) {
            String word = ps.ps_seg_word(seg);
            if (word == null || word.startsWith("<") || word.startsWith("[")) {
                continue;
            }
            int prob = ps.ps_seg_prob(seg, a, l, b);
            found.add(new Detection(word.trim().toLowerCase(Locale.ROOT), ps.logmath_exp(logmath, prob)));
        }
        return found;
    }

    /** The raw hypothesis of the last utterance, for the evaluation. */
    String hypothesis() {
        return ps.ps_get_hyp(decoder, new IntByReference());
    }

    @Override
    public void close() {
        ps.ps_free(decoder);
        ps.cmd_ln_free_r(config);
    }
}
