package io.parley.telephony;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of {@code etc/io.parley.telephony.cfg}; the defaults here are the shipped ones. */
@ObjectClassDefinition(name = "Parley telephony resources",
        description = "SIP addresses given to phones and gateways, phone transports, number normalisation")
public @interface TelephonyConfig {

    String PID = "io.parley.telephony";

    @AttributeDefinition(description = "SIP domain: the registrar domain and the digest realm. Changing it "
            + "invalidates stored phone and gateway credentials (reset their passwords).")
    String sipDomain() default "parley.local";

    @AttributeDefinition(description = "Host name or IP phones and gateways register to; empty = this host's first "
            + "non-loopback IPv4 address")
    String serverAddress() default "";

    @AttributeDefinition(description = "Secondary node of an HA pair (alternative server / outbound proxy); empty = none")
    String altServerAddress() default "";

    @AttributeDefinition(description = "SIP UDP port")
    int sipUdpPort() default 5060;

    @AttributeDefinition(description = "SIP TCP port")
    int sipTcpPort() default 5060;

    @AttributeDefinition(description = "SIP TLS port")
    int sipTlsPort() default 5061;

    @AttributeDefinition(description = "Transports a SIP phone may use, comma-separated, of tls, tcp, udp")
    String phoneTransports() default "tls,tcp,udp";

    @AttributeDefinition(description = "Registration expiry phones are told to use, seconds")
    int phoneRegistrationExpirySeconds() default 3600;

    @AttributeDefinition(description = "Country code applied to numbers entered without 00+CC (SPEC 34 point 59): "
            + "the one setting for channel numbers, numbers in SIP requests and the blocklist")
    String defaultCountryCode() default "86";

    @AttributeDefinition(description = "Approve an uploaded audio file as soon as it passes the automatic check "
            + "(SPEC 10.3, 34 point 34); false = an administrator approves each one")
    boolean audioAutoApprove() default true;

    @AttributeDefinition(description = "Directory of the decoded 8 kHz PCM of audio files; empty = ${karaf.data}/parley/audio")
    String audioDirectory() default "";
}
