package io.parley.sip;

import io.parley.sip.auth.Digest;
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

    @AttributeDefinition(description = "Overload of the stack's way (REGISTER over TCP/TLS and unusual datagrams; the "
            + "datagram lane sheds nothing): once the next queued datagram has waited this many milliseconds, new "
            + "REGISTERs get 503 with Retry-After (answers to challenges are still served); 0 = never")
    int registerShedAfterMillis() default 300;

    @AttributeDefinition(description = "Answer REGISTER datagrams of the common shape without the stack's parser "
            + "(the registrar's datagram lane); false sends every REGISTER through the full stack")
    boolean registerDatagramLane() default true;

    // ---- SIP edge (H3): TLS listening point, message limits, toll-fraud defence, trunk admission ----

    @AttributeDefinition(description = "Port of the TLS listening point; 0 = no TLS")
    int tlsPort() default 5061;

    @AttributeDefinition(description = "Keystore of the TLS certificate; empty = a self-signed one generated at first "
            + "start into ${karaf.data}/parley/sip-tls.p12")
    String tlsKeystore() default "";

    @AttributeDefinition(description = "Password of tlsKeystore", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String tlsKeystorePassword() default "";

    @AttributeDefinition(description = "Type of tlsKeystore: PKCS12 or JKS")
    String tlsKeystoreType() default "PKCS12";

    @AttributeDefinition(description = "Certificates the appliance trusts as a TLS client (a carrier_account channel "
            + "with transport tls, a phone or peer reached over TLS); empty = the JDK's CA certificates. A carrier with a "
            + "self-signed or private-CA certificate needs its certificate or CA here")
    String tlsTruststore() default "";

    @AttributeDefinition(description = "Password of tlsTruststore", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String tlsTruststorePassword() default "";

    @AttributeDefinition(description = "Type of tlsTruststore: PKCS12 or JKS")
    String tlsTruststoreType() default "PKCS12";

    @AttributeDefinition(description = "Header fields one request may carry (more gets 400)")
    int maxHeaders() default 64;

    @AttributeDefinition(description = "Longest header field accepted, characters (longer gets 400)")
    int maxHeaderLength() default 4096;

    @AttributeDefinition(description = "Authentication failures within securityWindowSeconds after which a source is "
            + "throttled to one request per securityThrottleMillis")
    int securityThrottleFailures() default 5;

    @AttributeDefinition(description = "Authentication failures within securityWindowSeconds after which a source is blocked")
    int securityBlockFailures() default 10;

    @AttributeDefinition(description = "Sliding window of the authentication failure count, seconds")
    int securityWindowSeconds() default 60;

    @AttributeDefinition(description = "How long a source stays blocked, seconds (parley:sip-security --unblock lifts it)")
    int securityBlockSeconds() default 900;

    @AttributeDefinition(description = "A throttled source gets one request through per this many milliseconds")
    int securityThrottleMillis() default 1000;

    @AttributeDefinition(description = "How often the trunk peers, carrier addresses and gateway accounts are re-read "
            + "from the channels, seconds")
    int admissionRefreshSeconds() default 5;

    // ---- trunks (H5): carrier registration, OPTIONS keepalive to public_trunk peers ----

    @AttributeDefinition(description = "How often the SIP channels are re-read to follow creations, changes and deletions, seconds")
    int trunkPollSeconds() default 5;

    @AttributeDefinition(description = "Time between two OPTIONS to a public_trunk peer, seconds (SPEC 34 p4)")
    int trunkOptionsIntervalSeconds() default 30;

    @AttributeDefinition(description = "Consecutive missed OPTIONS (no answer, timeout, 5xx) that make a peer unreachable")
    int trunkOptionsFailures() default 3;

    @AttributeDefinition(description = "A carrier registration is refreshed this many seconds before it expires "
            + "(but not sooner than a tenth of the granted expiry)")
    int trunkRefreshMarginSeconds() default 30;

    @AttributeDefinition(description = "First retry after a failed carrier registration, seconds; doubled on each failure")
    int trunkRetryMinSeconds() default 5;

    @AttributeDefinition(description = "Longest wait between two failed carrier registrations, seconds")
    int trunkRetryMaxSeconds() default 300;

    @AttributeDefinition(description = "Host written in Via and Contact towards carriers and peers; empty = the bind "
            + "address, or when that is 0.0.0.0, the local address the system routes towards the carrier")
    String trunkContactAddress() default "";

    @AttributeDefinition(description = "User-Agent of the requests the appliance sends to carriers and trunk peers "
            + "(REGISTER, OPTIONS, the INVITEs of outbound calls through them); empty = none. Answers to unknown sources "
            + "never carry one")
    String trunkUserAgent() default "Parley";

    // ---- calls (H4): the B2BUA ----

    @AttributeDefinition(description = "Call-progress timeout: an outbound leg not answered within this many seconds is cancelled (missed)")
    int callRingTimeoutSeconds() default 60;

    @AttributeDefinition(description = "What an answered inbound call does while no IVR handles its number: "
            + "prompt_then_hold (greeting, then hold music until the caller hangs up) or prompt_then_hangup")
    String callInboundDefault() default "prompt_then_hold";

    @AttributeDefinition(description = "Greeting spoken (text-to-speech) to such a call; empty = none")
    String callInboundGreeting() default "Welcome. Please hold the line.";

    // ---- calls, session timers (callcheck) ----

    @AttributeDefinition(description = "Shortest session interval (RFC 4028 Min-SE) a peer may ask for, seconds; "
            + "a shorter Session-Expires gets 422. RFC 4028 says 90: lower it only for tests")
    int callMinSessionExpiresSeconds() default 90;
}
