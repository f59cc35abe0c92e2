package io.parley.directory;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of {@code etc/io.parley.mail.cfg}; the defaults here are the shipped ones (no SMTP). */
@ObjectClassDefinition(name = "Parley mail", description = "SMTP relay for agents' password mail")
public @interface MailConfig {

    String PID = "io.parley.mail";

    @AttributeDefinition(description = "SMTP host; empty: no mail, passwords are returned once to the caller")
    String host() default "";

    @AttributeDefinition(description = "SMTP port (1..65535), usually 25, or 587 with starttls")
    int port() default 25;

    @AttributeDefinition(description = "Sender address, e.g. parley@example.com (required with a host)")
    String from() default "";

    @AttributeDefinition(description = "SMTP AUTH user name; empty: no authentication")
    String username() default "";

    @AttributeDefinition(description = "SMTP AUTH password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(description = "Require STARTTLS before sending")
    boolean starttls() default false;

    @AttributeDefinition(description = "Connect, read and write timeout in seconds (1..120)")
    int timeoutSeconds() default 10;
}
