package io.parley.telephony;

import io.parley.api.telephony.SipServerInfo;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The SIP-side settings every telephony manager shares, read once from {@link TelephonyConfig}. */
final class SipServer {

    static final List<String> TRANSPORTS = List.of("tls", "tcp", "udp");
    static final List<String> TRANSPORTS_UDP_FIRST = List.of("udp", "tcp", "tls");

    final SipServerInfo info;
    final List<String> phoneTransports;

    SipServer(SipServerInfo info, List<String> phoneTransports) {
        this.info = info;
        this.phoneTransports = List.copyOf(phoneTransports);
    }

    static SipServer of(TelephonyConfig c) {
        List<String> transports = Arrays.stream(c.phoneTransports().split(","))
                .map(t -> t.strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).toList();
        for (String t : transports) {
            if (!TRANSPORTS.contains(t)) {
                throw new IllegalArgumentException(TelephonyConfig.PID + " phoneTransports: unknown transport " + t);
            }
        }
        String address = c.serverAddress().isBlank() ? localAddress() : c.serverAddress().strip();
        String alt = c.altServerAddress().isBlank() ? null : c.altServerAddress().strip();
        return new SipServer(new SipServerInfo(c.sipDomain().strip(), address, alt, c.sipUdpPort(), c.sipTcpPort(),
                c.sipTlsPort(), c.phoneRegistrationExpirySeconds()), transports);
    }

    /** Defaults for tests. */
    static SipServer defaults() {
        return new SipServer(new SipServerInfo("parley.local", "192.0.2.10", null, 5060, 5060, 5061, 3600),
                TRANSPORTS);
    }

    private static String localAddress() {
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!n.isUp() || n.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through
        }
        return "127.0.0.1";
    }
}
