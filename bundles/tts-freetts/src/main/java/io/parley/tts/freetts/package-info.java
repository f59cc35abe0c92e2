/** FreeTTS text-to-speech provider: voices, low-pass resampling to 8 kHz and the prompt cache. */
package io.parley.tts.freetts;
