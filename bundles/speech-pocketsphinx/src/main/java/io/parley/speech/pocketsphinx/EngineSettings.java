package io.parley.speech.pocketsphinx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the model is and how the decoder reads 8 kHz audio.
 *
 * @param model     the acoustic model folder, e.g. {@code /usr/share/pocketsphinx/model/en-us/en-us}
 * @param dictionary the pronunciation dictionary, e.g. {@code .../cmudict-en-us.dict}
 * @param upsample  true: 8 kHz audio is upsampled to the model's 16 kHz; false: features are
 *                  computed at 8 kHz with the filter bank cut at {@code upperHz}
 * @param upperHz   the filter bank's upper edge (only without upsampling)
 * @param extra     further decoder arguments, name/value pairs
 */
record EngineSettings(Path model, Path dictionary, boolean upsample, int upperHz, List<String> extra) {

    static final Path DEBIAN_MODEL = Path.of("/usr/share/pocketsphinx/model/en-us/en-us");
    static final Path DEBIAN_DICT = Path.of("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict");

    /**
     * The cepstral mean the decoder starts each stream from. The model's own (41.00,-5.29,...)
     * is that of full-band 16 kHz speech; telephone-band audio upsampled is far from it, and the
     * first utterance of a decoder was then missed (the mean only adapts after it). This one is
     * where the mean settled on the bench's G.711 corpus of the tuning voices kal, awb and rms.
     */
    static final String TELEPHONE_CMN = "47.0,31.5,-40.5,42.5,-25.8,-18.3,9.0,-31.0,-7.8,-14.2,-8.4,-2.5,-9.6";

    static EngineSettings debian() {
        return new EngineSettings(DEBIAN_MODEL, DEBIAN_DICT, true, 0, List.of());
    }

    /** The model's feat.params with {@link #TELEPHONE_CMN}, written once to a temporary file. */
    Path telephoneFeatParams() {
        try {
            Path original = model.resolve("feat.params");
            String text = Files.readString(original).replaceAll("(?m)^-cmninit .*$", "-cmninit " + TELEPHONE_CMN);
            if (!text.contains("-cmninit")) {
                text = text + "\n-cmninit " + TELEPHONE_CMN + "\n";
            }
            Path copy = Files.createTempFile("parley-feat", ".params");
            copy.toFile().deleteOnExit();
            Files.writeString(copy, text);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> decoderArguments() {
        List<String> a = new ArrayList<>(List.of("-hmm", model.toString(), "-dict", dictionary.toString()));
        if (!extra.contains("-logfn")) {
            a.addAll(List.of("-logfn", "/dev/null"));
        }
        if (upsample && !extra.contains("-featparams")) {
            // the model's feat.params overrides -cmninit given here: hand the decoder a copy with ours
            a.addAll(List.of("-featparams", telephoneFeatParams().toString()));
        }
        if (!upsample) {
            a.addAll(List.of("-samprate", "8000", "-nfft", "256", "-upperf", String.valueOf(upperHz)));
        }
        a.addAll(extra);
        return a;
    }
}
