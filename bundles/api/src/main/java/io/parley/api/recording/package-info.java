/** Call recordings and voicemail files (SPEC §28, §29.1), their index, playback and ZIP export. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.recording;
