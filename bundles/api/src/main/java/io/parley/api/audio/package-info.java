/** Audio files: uploaded prompts, their review and their 8 kHz playback form, SPEC §10. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.audio;
