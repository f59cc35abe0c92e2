package io.parley.shell;

import io.parley.api.sip.GatewayBinding;
import io.parley.api.sip.Registrar;
import io.parley.api.sip.RegistrationBinding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code parley:sip-registrations}: the registrar's live bindings, one row per contact: SIP
 * phones (SPEC §12) and the gateways of appliance_account channels (§1.2, instance column
 * "channel &lt;id&gt;").
 */
@Service
@Command(scope = "parley", name = "sip-registrations",
        description = "List the SIP registrations the registrar holds now: phones (all instances, or one extension) "
                + "and appliance_account gateways")
public class SipRegistrationsCommand implements Action {

    @Reference(optional = true)
    Registrar registrar;

    @Option(name = "--instance", aliases = "-i", description = "Only this instance")
    Long instanceId;

    @Argument(index = 0, name = "extension", description = "Only this extension")
    String extension;

    @Override
    public Object execute() {
        if (registrar == null) {
            System.out.println("The SIP registrar is not running (feature parley-sip).");
            return null;
        }
        List<RegistrationBinding> bindings = registrar.all().stream()
                .filter(b -> instanceId == null || b.instanceId() == instanceId)
                .filter(b -> extension == null || b.extension().equals(extension))
                .toList();
        Instant now = Instant.now();
        ShellTable table = new ShellTable();
        table.column("Instance");
        table.column("Extension");
        table.column("Contact");
        table.column("Source");
        table.column("Transport");
        table.column("User agent");
        table.column("Expires in");
        for (RegistrationBinding b : bindings) {
            table.addRow().addContent(b.instanceId(), b.extension(), b.contact(), b.sourceAddress(), b.transport(),
                    b.userAgent() == null ? "" : b.userAgent(),
                    Math.max(0, Duration.between(now, b.expiresAt()).toSeconds()) + " s");
        }
        // gateways belong to no instance; shown unless the listing is narrowed to an instance
        List<GatewayBinding> gateways = instanceId != null ? List.of() : registrar.allGateways().stream()
                .filter(g -> extension == null || g.username().equals(extension)).toList();
        for (GatewayBinding g : gateways) {
            table.addRow().addContent("channel " + g.channelId(), g.username(), g.contact(), g.sourceAddress(),
                    g.transport(), g.userAgent() == null ? "" : g.userAgent(),
                    Math.max(0, Duration.between(now, g.expiresAt()).toSeconds()) + " s");
        }
        table.print(System.out);
        System.out.println((bindings.size() + gateways.size()) + " registration(s)");
        return null;
    }
}
