package io.parley.api.telephony;

/**
 * The appliance's SIP addresses as configured in {@code etc/io.parley.telephony.cfg}: what a
 * phone or gateway is told to register to (SPEC §1.3, §12.1, §12.2).
 *
 * @param sipDomain          realm and registrar domain, e.g. {@code pbx.example.com}
 * @param serverAddress      primary host name or IP
 * @param altServerAddress   secondary node of an HA pair, or null
 * @param udpPort            SIP over UDP, default 5060
 * @param tcpPort            SIP over TCP, default 5060
 * @param tlsPort            SIP over TLS, default 5061
 * @param registrationExpirySeconds the expiry phones are told to use, default 3600
 */
public record SipServerInfo(String sipDomain, String serverAddress, String altServerAddress, int udpPort, int tcpPort,
                            int tlsPort, int registrationExpirySeconds) {

    /** The port for {@code transport} (udp, tcp or tls). */
    public int port(String transport) {
        return switch (transport) {
            case "udp" -> udpPort;
            case "tcp" -> tcpPort;
            default -> tlsPort;
        };
    }
}
