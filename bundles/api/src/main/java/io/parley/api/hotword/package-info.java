/** Hot words: the speech-recognition vocabulary of an instance, SPEC §17. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.hotword;
