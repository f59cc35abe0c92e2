package io.parley.sip;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.parley.sip.cfg}: where the SIP stack listens and the registrar's limits, with their defaults. */
@ObjectClassDefinition(name = "Parley SIP", description = "SIP listening points and registrar")
public @interface SipConfig {

    String PID = "io.parley.sip";

    @AttributeDefinition(description = "Address the SIP listening points bind to")
    String bindAddress() default "0.0.0.0";

    @AttributeDefinition(description = "Port of the UDP and TCP listening points")
    int port() default 5060;

    @AttributeDefinition(description = "Listen on UDP")
    boolean udp() default true;

    @AttributeDefinition(description = "Listen on TCP")
    boolean tcp() default true;

    @AttributeDefinition(description = "Shortest registration accepted, seconds (shorter gets 423 with Min-Expires)")
    int minExpires() default 60;

    @AttributeDefinition(description = "Longest registration granted, seconds (longer is shortened)")
    int maxExpires() default 3600;

    @AttributeDefinition(description = "Registration granted when the phone asks for none, seconds")
    int defaultExpires() default 3600;

    @AttributeDefinition(description = "Contacts one extension may register at once")
    int maxContacts() default 10;

    @AttributeDefinition(description = "How long a digest nonce can be answered, seconds (each is usable once)")
    int nonceSeconds() default 30;

    @AttributeDefinition(description = "Digest algorithms offered in 401 challenges, in order of preference (MD5, SHA-256)")
    String digestAlgorithms() default "MD5,SHA-256";

    @AttributeDefinition(description = "Largest SIP message accepted, bytes")
    int maxMessageSize() default 16384;
}
