package io.parley.acd;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.parley.acd.cfg}. */
@ObjectClassDefinition(name = "Parley ACD", description = "Queues, routing and the stale-agent reconciler")
public @interface AcdConfig {

    @AttributeDefinition(description = "Routing policy by name for every instance (e.g. round_robin, an integrator's "
            + "policy bundle); empty: each instance's basic_routing setting")
    String routingPolicy() default "";

    @AttributeDefinition(description = "Seconds between reconciler passes that repair agents left ringing or in_call "
            + "with no live call")
    int reconcileSeconds() default 5;

    @AttributeDefinition(description = "Service level T: a call answered within this many seconds counts as in time")
    int serviceLevelSeconds() default 20;
}
