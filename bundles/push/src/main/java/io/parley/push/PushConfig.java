package io.parley.push;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of {@code etc/io.parley.push.cfg}; the defaults here are the shipped ones. */
@ObjectClassDefinition(name = "Parley data push", description = "The push outbox's delivery, retry and clean-up")
public @interface PushConfig {

    String PID = "io.parley.push";

    @AttributeDefinition(description = "The REST base URL the customer's systems download recordings and voicemail "
            + "from (pushed as Url), e.g. https://parley.example.com:8443/api/v1")
    String publicBaseUrl() default "https://localhost:8443/api/v1";

    @AttributeDefinition(description = "How often the outbox is looked at for due items, milliseconds (new items and "
            + "a sink coming back wake it at once)")
    long pollMillis() default 1000;

    @AttributeDefinition(description = "Deliveries tried at the same time")
    int workers() default 4;

    @AttributeDefinition(description = "First retry delay, seconds; each further one doubles it")
    long retryInitialSeconds() default 5;

    @AttributeDefinition(description = "Longest retry delay, seconds")
    long retryMaxSeconds() default 1800;

    @AttributeDefinition(description = "How long after its first try an item is retried before it is marked failed, "
            + "seconds (SPEC 29.3: 24 h)")
    long retryWindowSeconds() default 86400;

    @AttributeDefinition(description = "Delivered items are kept (visible, and a duplicate event is not queued again) "
            + "this many hours")
    long keepDeliveredHours() default 168;

    @AttributeDefinition(description = "Failed items are kept (visible, retryable) this many days")
    long keepFailedDays() default 30;
}
