package io.parley.shell;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.telephony.IssuedPhone;
import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.PhoneProvisioning;
import io.parley.api.telephony.SipPhone;
import io.parley.api.telephony.SipPhoneDraft;
import io.parley.api.telephony.SipPhoneService;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:phone-*}: the shell face of SPEC §12, with the service's validation. */
public final class SipPhoneCommands {

    private SipPhoneCommands() {
    }

    public abstract static class PhoneAction extends ParleyAction {
        @Reference
        SipPhoneService phones;
    }

    /** The SIP phone commands that show something and take --json. */
    public abstract static class PhoneView extends JsonAction {
        @Reference
        SipPhoneService phones;
    }

    @Service
    @Command(scope = "parley", name = "phone-list", description = "List SIP phones; --q matches extension, name or group name")
    public static final class ListPhones extends PhoneView {
        @Option(name = "--q", description = "Search text")
        String q;
        @Option(name = "--page", description = "Page number, from 1")
        Integer page;
        @Option(name = "--page-size", description = "10..100, default 10")
        Integer pageSize;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/phones", instance()).param("q", q).param("page", page).param("page_size", pageSize);
        }

        @Override
        protected void show() throws Exception {
            Page<SipPhone> result = phones.list(instance(), q, PageRequest.of(page, pageSize));
            ShellTable table = new ShellTable();
            table.column("Extension");
            table.column("Name");
            table.column("Binding");
            table.column("Transport");
            table.column("Registration");
            for (SipPhone p : result.items()) {
                table.addRow().addContent(p.extension(), p.name(), binding(p.binding()), p.transport(),
                        p.registration().registrationStatus());
            }
            table.print(System.out);
            System.out.println(result.total() + " phone(s)");
        }
    }

    @Service
    @Command(scope = "parley", name = "phone-show", description = "Show one SIP phone")
    public static final class ShowPhone extends PhoneView {
        @Argument(index = 0, name = "extension", required = true)
        @Completion(Completers.PhoneExtension.class)
        String extension;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/phones/%s", instance(), extension);
        }

        @Override
        protected void show() throws Exception {
            print(phones.get(instance(), extension), null, System.out);
        }
    }

    @Service
    @Command(scope = "parley", name = "phone-add", description = "Create a SIP phone; prints its password once")
    public static final class AddPhone extends PhoneAction {
        @Option(name = "--skill-group", multiValued = true, description = "Bind to this skill group id (repeatable)")
        List<Long> skillGroups;
        @Option(name = "--transport", description = "tls (default), tcp or udp")
        String transport;
        @Argument(index = 0, name = "extension", required = true, description = "4-6 digits, first digit 1-8")
        String extension;
        @Argument(index = 1, name = "name", required = true, description = "1..32 characters")
        String name;

        @Override
        protected Object run() {
            IssuedPhone issued = phones.create(instance(), new SipPhoneDraft(extension, name,
                    skillGroups == null ? null : "skill_group", null, skillGroups, transport));
            System.out.println("Created SIP phone " + issued.phone().extension());
            print(issued.phone(), issued.sipPassword(), System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "phone-edit", description = "Change a SIP phone's name, binding or transport")
    public static final class EditPhone extends PhoneAction {
        @Option(name = "--name")
        String name;
        @Option(name = "--skill-group", multiValued = true, description = "Bind to these skill group ids")
        List<Long> skillGroups;
        @Option(name = "--unbind", description = "Bind to nothing")
        boolean unbind;
        @Option(name = "--transport")
        String transport;
        @Argument(index = 0, name = "extension", required = true)
        @Completion(Completers.PhoneExtension.class)
        String extension;

        @Override
        protected Object run() {
            String type = unbind ? "none" : skillGroups == null ? null : "skill_group";
            print(phones.edit(instance(), extension, new SipPhoneDraft(null, name, type, null, skillGroups, transport)),
                    null, System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "phone-reset-password", description = "Generate a new SIP password, printed once")
    public static final class ResetPassword extends PhoneAction {
        @Argument(index = 0, name = "extension", required = true)
        @Completion(Completers.PhoneExtension.class)
        String extension;

        @Override
        protected Object run() {
            IssuedPhone issued = phones.resetPassword(instance(), extension);
            System.out.println("New SIP password of " + extension + " (shown once): " + issued.sipPassword());
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "phone-provisioning", description = "The values to type into the phone")
    public static final class Provisioning extends PhoneAction {
        @Argument(index = 0, name = "extension", required = true)
        @Completion(Completers.PhoneExtension.class)
        String extension;

        @Override
        protected Object run() {
            PhoneProvisioning p = phones.provisioning(instance(), extension);
            ShellTable table = new ShellTable().noHeaders();
            table.column("Field");
            table.column("Value");
            table.addRow().addContent("label / display name", p.displayName());
            table.addRow().addContent("username / auth name", p.username());
            table.addRow().addContent("password", "(shown once at creation or phone-reset-password)");
            table.addRow().addContent("registrar", p.registrar());
            table.addRow().addContent("outbound proxy 1", p.outboundProxy1());
            table.addRow().addContent("outbound proxy 2", p.outboundProxy2() == null ? "" : p.outboundProxy2());
            table.addRow().addContent("transport", p.transport());
            table.addRow().addContent("registration expiry (s)", p.registrationExpirySeconds());
            table.print(System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "phone-delete", description = "Delete a SIP phone")
    public static final class DeletePhone extends PhoneAction {
        @Argument(index = 0, name = "extension", required = true)
        @Completion(Completers.PhoneExtension.class)
        String extension;

        @Override
        protected Object run() {
            phones.delete(instance(), extension);
            System.out.println("Deleted SIP phone " + extension);
            return null;
        }
    }

    static String binding(PhoneBinding b) {
        return switch (b.type()) {
            case NONE -> "none";
            case AGENT -> "agent " + b.agentId();
            case SKILL_GROUP -> "skill groups " + b.skillGroupIds().stream().map(String::valueOf)
                    .collect(Collectors.joining(","));
        };
    }

    static void print(SipPhone p, String password, PrintStream out) {
        ShellTable table = new ShellTable().noHeaders();
        table.column("Field");
        table.column("Value");
        table.addRow().addContent("extension", p.extension());
        table.addRow().addContent("name", p.name());
        table.addRow().addContent("binding", binding(p.binding()));
        table.addRow().addContent("transport", p.transport());
        table.addRow().addContent("sip_username", p.extension());
        if (password != null) {
            table.addRow().addContent("sip_password (shown once)", password);
        }
        table.addRow().addContent("registration_status", p.registration().registrationStatus());
        table.addRow().addContent("auth_status", p.registration().authStatus());
        table.addRow().addContent("status", p.registration().status());
        table.print(out);
    }
}
