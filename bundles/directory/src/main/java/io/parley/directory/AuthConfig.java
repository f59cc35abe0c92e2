package io.parley.directory;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of {@code etc/io.parley.auth.cfg}; the defaults here are the shipped ones. */
@ObjectClassDefinition(name = "Parley authentication", description = "REST API accounts and bearer tokens")
public @interface AuthConfig {

    String PID = "io.parley.auth";

    @AttributeDefinition(description = "Lifetime of an issued bearer token, in minutes (1..43200)")
    int tokenTtlMinutes() default 720;
}
