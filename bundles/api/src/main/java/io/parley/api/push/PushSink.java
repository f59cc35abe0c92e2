package io.parley.api.push;

import java.util.Map;

/**
 * A destination kind for pushed records. HTTP is built in; an integrator can add another
 * (a message broker, a file drop) as a bundle registering this service with
 * {@code parley.push.sink} = {@link #kind()}. The push bundle owns retries and the outbox;
 * a sink only tries one delivery.
 *
 * <pre>{@code
 * @Component(property = PushSink.KIND_PROPERTY + "=file")
 * public class FileDropSink implements PushSink {
 *     public String kind() { return "file"; }
 *     public PushResult deliver(PushItem item, Map<String, String> settings) {
 *         Files.writeString(Path.of(settings.get("dir"), item.sessionId() + ".json"), item.json());
 *         return PushResult.ok();
 *     }
 * }
 * }</pre>
 */
public interface PushSink {

    String KIND_PROPERTY = "parley.push.sink";

    /** e.g. {@code http}. */
    String kind();

    /**
     * Tries one delivery to the destination described by {@code settings} (URL, auth, …).
     * Must not throw for a destination's failure: report it in the result.
     */
    PushResult deliver(PushItem item, Map<String, String> settings);
}
