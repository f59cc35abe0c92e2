package io.parley.tts.freetts;

/** Configuration keys' defaults of the FreeTTS provider ({@code etc/io.parley.tts.freetts.cfg}). */
public final class FreeTtsDefaults {
    /** Configuration PID. */
    public static final String PID = "io.parley.tts.freetts";
    /** Voice used when a prompt names none. */
    public static final String DEFAULT_VOICE = Voices.KEVIN16;
    /** Most prompts kept rendered in memory (about 30 KiB per spoken second). */
    public static final int CACHE_ENTRIES = 500;
    /** Longest text accepted for one prompt, in characters. */
    public static final int MAX_TEXT_LENGTH = 2000;

    private FreeTtsDefaults() {
    }
}
