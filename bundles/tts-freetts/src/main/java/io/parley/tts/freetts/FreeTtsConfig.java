package io.parley.tts.freetts;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The FreeTTS provider's configuration; defaults from {@link FreeTtsDefaults}. */
@ObjectClassDefinition(name = "Parley text to speech (FreeTTS)", description = "Voices and prompt cache")
public @interface FreeTtsConfig {
    @AttributeDefinition(description = "Voice used when a prompt names none: en-US/kevin16 or en-US/kevin")
    String defaultVoice() default FreeTtsDefaults.DEFAULT_VOICE;

    @AttributeDefinition(description = "Most rendered prompts kept in memory (least recently used dropped first)",
            min = "1", max = "100000")
    int cacheEntries() default FreeTtsDefaults.CACHE_ENTRIES;

    @AttributeDefinition(description = "Longest text accepted for one prompt, in characters", min = "1", max = "100000")
    int maxTextLength() default FreeTtsDefaults.MAX_TEXT_LENGTH;
}
