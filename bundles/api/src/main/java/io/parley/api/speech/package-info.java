/** Speech SPIs: text to speech and speech recognition, both swappable bundles. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.speech;
