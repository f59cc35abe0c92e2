package io.parley.tts.freetts;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The voices FreeTTS ships, by Parley voice id. FreeTTS's own {@code VoiceManager} finds voice
 * directories through a system property or {@code voices.txt} files on the class path, neither of
 * which works inside an OSGi bundle, so the voice directory class is instantiated here directly.
 */
final class Voices {
    /** Kevin, 16 kHz diphone voice (the better one), resampled to 8 kHz. */
    static final String KEVIN16 = "en-US/kevin16";
    /** Kevin, 8 kHz diphone voice, no resampling needed. */
    static final String KEVIN = "en-US/kevin";

    private Voices() {
    }

    /** @return the voices by id, not yet allocated (allocation loads their data, about 0.5 s) */
    static Map<String, Voice> load() {
        Map<String, Voice> byId = new LinkedHashMap<>();
        for (Voice v : new KevinVoiceDirectory().getVoices()) {
            switch (v.getName()) {
                case "kevin16" -> byId.put(KEVIN16, v);
                case "kevin" -> byId.put(KEVIN, v);
                default -> { }
            }
        }
        return byId;
    }
}
