/**
 * The media-facing API of Parley: RTP endpoints, bridges, prompt players, DTMF collectors
 * and recorders, offered by the {@link io.parley.api.media.MediaServer} OSGi service.
 *
 * <p>Only interfaces, records and enums live here; the implementation is the
 * {@code parley-media} bundle. Audio is always 8 kHz, mono, signed 16-bit linear PCM
 * ({@link io.parley.api.media.AudioClip}) at this boundary; G.711 is an RTP detail.
 *
 * <pre>{@code
 * RtpEndpoint customer = mediaServer.openEndpoint("call-42/customer");
 * String answerSdp = customer.answer(offerSdpFromInvite);
 * customer.player().play(PlayRequest.once(welcomeClip, true));
 * }</pre>
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.media;
