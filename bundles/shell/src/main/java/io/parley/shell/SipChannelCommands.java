package io.parley.shell;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.telephony.IssuedChannel;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.SipServerInfo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:channel-*}: the shell face of SPEC §1 (appliance-level SIP channels). */
public final class SipChannelCommands {

    private SipChannelCommands() {
    }

    public abstract static class ChannelAction extends ParleyAction {
        @Reference
        SipChannelService channels;
    }

    /** The SIP channel commands that show something and take --json. */
    public abstract static class ChannelView extends JsonAction {
        @Reference
        SipChannelService channels;
    }

    /** SIP channel ids, described by nothing but the id. */
    @Service
    public static final class ChannelId implements Completer {
        @Reference
        SipChannelService channels;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            StringsCompleter ids = new StringsCompleter();
            int page = 1;
            List<SipChannel> items;
            do {
                items = channels.list(null, new PageRequest(page++, PageRequest.MAX_PAGE_SIZE)).items();
                items.forEach(c -> ids.getStrings().add(Long.toString(c.id())));
            } while (items.size() == PageRequest.MAX_PAGE_SIZE && page <= 10);
            return ids.complete(session, line, candidates);
        }
    }

    @Service
    @Command(scope = "parley", name = "channel-list", description = "List SIP channels; --q matches a name or a number in the channel")
    public static final class ListChannels extends ChannelView {
        @Option(name = "--q", description = "Search text")
        String q;
        @Option(name = "--page", description = "Page number, from 1")
        Integer page;
        @Option(name = "--page-size", description = "10..100, default 10")
        Integer pageSize;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/sip-channels").param("q", q).param("page", page).param("page_size", pageSize);
        }

        @Override
        protected void show() throws Exception {
            Page<SipChannel> result = channels.list(q, PageRequest.of(page, pageSize));
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Name");
            table.column("Device");
            table.column("Docking mode");
            table.column("Peer / account");
            for (SipChannel c : result.items()) {
                table.addRow().addContent(c.id(), c.name(), c.deviceType(), c.dockingMode(), summary(c));
            }
            table.print(System.out);
            System.out.println(result.total() + " channel(s)");
        }
    }

    @Service
    @Command(scope = "parley", name = "channel-show", description = "Show one SIP channel")
    public static final class ShowChannel extends ChannelView {
        @Argument(index = 0, name = "id", required = true)
        @Completion(ChannelId.class)
        long id;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/sip-channels/%d", id);
        }

        @Override
        protected void show() throws Exception {
            print(channels.get(id), null, channels.serverInfo(), System.out);
        }
    }

    @Service
    @Command(scope = "parley", name = "channel-add", description = "Create a SIP channel; an appliance_account "
            + "channel prints its generated gateway password once")
    public static final class AddChannel extends ChannelAction {
        @Option(name = "--device-type", required = true, description = "analog, e1_t1 or sip_trunk")
        String deviceType;
        @Option(name = "--docking-mode", required = true,
                description = "appliance_account, public_trunk or carrier_account")
        String dockingMode;
        @Option(name = "--peer", multiValued = true, description = "public_trunk: IP or IP:port (repeatable; IPv6 as [addr]:port)")
        List<String> peers;
        @Option(name = "--username", description = "carrier_account: letters and digits")
        String username;
        @Option(name = "--password", description = "carrier_account: >= 8 with upper, lower, digit and special")
        String password;
        @Option(name = "--server-host", description = "carrier_account")
        String serverHost;
        @Option(name = "--server-port", description = "carrier_account, default 5060")
        Integer serverPort;
        @Option(name = "--outbound-proxy-host")
        String proxyHost;
        @Option(name = "--outbound-proxy-port")
        Integer proxyPort;
        @Option(name = "--transport", description = "carrier_account: udp (default), tcp or tls")
        String transport;
        @Option(name = "--registration-expiry", description = "carrier_account: 60..86400 s, default 3600")
        Integer expiry;
        @Argument(index = 0, name = "name", required = true, description = "1..64 characters, unique")
        String name;

        @Override
        protected Object run() {
            IssuedChannel issued = channels.create(new SipChannelDraft(name, null, deviceType, dockingMode, peers(peers),
                    username, password, serverHost, serverPort, proxyHost, proxyPort, transport, expiry));
            System.out.println("Created SIP channel " + issued.channel().id());
            print(issued.channel(), issued.gatewayPassword(), channels.serverInfo(), System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "channel-edit", description = "Change a SIP channel (the docking mode is immutable)")
    public static final class EditChannel extends ChannelAction {
        @Option(name = "--name")
        String name;
        @Option(name = "--device-type")
        String deviceType;
        @Option(name = "--peer", multiValued = true, description = "public_trunk: replaces the peers")
        List<String> peers;
        @Option(name = "--username")
        String username;
        @Option(name = "--password")
        String password;
        @Option(name = "--server-host")
        String serverHost;
        @Option(name = "--server-port")
        Integer serverPort;
        @Option(name = "--outbound-proxy-host")
        String proxyHost;
        @Option(name = "--outbound-proxy-port")
        Integer proxyPort;
        @Option(name = "--transport")
        String transport;
        @Option(name = "--registration-expiry")
        Integer expiry;
        @Option(name = "--reset-password", description = "appliance_account: generate a new gateway password, printed once")
        boolean resetPassword;
        @Argument(index = 0, name = "id", required = true)
        @Completion(ChannelId.class)
        long id;

        @Override
        protected Object run() {
            SipChannel edited = channels.edit(id, new SipChannelDraft(name, null, deviceType, null, peers(peers),
                    username, password, serverHost, serverPort, proxyHost, proxyPort, transport, expiry));
            String newPassword = null;
            if (resetPassword) {
                IssuedChannel issued = channels.resetPassword(id);
                edited = issued.channel();
                newPassword = issued.gatewayPassword();
            }
            print(edited, newPassword, channels.serverInfo(), System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "channel-delete", description = "Delete a SIP channel that holds no numbers")
    public static final class DeleteChannel extends ChannelAction {
        @Argument(index = 0, name = "id", required = true)
        @Completion(ChannelId.class)
        long id;

        @Override
        protected Object run() {
            channels.delete(id);
            System.out.println("Deleted SIP channel " + id);
            return null;
        }
    }

    static List<SipChannelDraft.PeerDraft> peers(List<String> specs) {
        if (specs == null) {
            return null;
        }
        List<SipChannelDraft.PeerDraft> out = new ArrayList<>();
        for (String s : specs) {
            String ip = s;
            Integer port = null;
            int colon = s.lastIndexOf(':');
            if (s.startsWith("[") && s.contains("]")) {
                ip = s.substring(1, s.indexOf(']'));
                if (s.indexOf("]:") > 0) {
                    port = Integer.valueOf(s.substring(s.indexOf("]:") + 2));
                }
            } else if (colon > 0 && s.indexOf(':') == colon) {
                ip = s.substring(0, colon);
                port = Integer.valueOf(s.substring(colon + 1));
            }
            out.add(new SipChannelDraft.PeerDraft(ip, port));
        }
        return out;
    }

    static String summary(SipChannel c) {
        return switch (c.dockingMode()) {
            case "appliance_account" -> c.gatewayDigest() == null ? "" : c.gatewayDigest().username();
            case "public_trunk" -> c.peers().stream().map(p -> p.ip() + ":" + p.port()).collect(Collectors.joining(" "));
            default -> c.carrier() == null ? "" : c.carrier().username() + "@" + c.carrier().serverHost();
        };
    }

    static void print(SipChannel c, String password, SipServerInfo s, PrintStream out) {
        ShellTable table = new ShellTable().noHeaders();
        table.column("Field");
        table.column("Value");
        table.addRow().addContent("id", c.id());
        table.addRow().addContent("name", c.name());
        table.addRow().addContent("number_type", c.numberType());
        table.addRow().addContent("device_type", c.deviceType());
        table.addRow().addContent("docking_mode", c.dockingMode());
        switch (c.dockingMode()) {
            case "appliance_account" -> {
                table.addRow().addContent("gateway_username", c.gatewayDigest().username());
                if (password != null) {
                    table.addRow().addContent("gateway_password (shown once)", password);
                }
                table.addRow().addContent("server", s.serverAddress() + " udp " + s.udpPort() + " tcp " + s.tcpPort()
                        + " tls " + s.tlsPort());
                if (s.altServerAddress() != null) {
                    table.addRow().addContent("alt outbound proxy", s.altServerAddress());
                }
            }
            case "public_trunk" -> {
                table.addRow().addContent("peers", summary(c));
                table.addRow().addContent("allow-list these", s.serverAddress() + ":" + s.udpPort()
                        + (s.altServerAddress() == null ? "" : " " + s.altServerAddress() + ":" + s.udpPort()));
            }
            default -> {
                SipChannel.CarrierAccount a = c.carrier();
                table.addRow().addContent("username", a.username());
                table.addRow().addContent("server", a.serverHost() + ":" + a.serverPort());
                if (a.outboundProxyHost() != null) {
                    table.addRow().addContent("outbound proxy", a.outboundProxyHost()
                            + (a.outboundProxyPort() == null ? "" : ":" + a.outboundProxyPort()));
                }
                table.addRow().addContent("transport", a.transport());
                table.addRow().addContent("registration expiry (s)", a.registrationExpirySeconds());
            }
        }
        table.print(out);
    }
}
