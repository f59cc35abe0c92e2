package io.parley.shell;

import io.parley.api.ivr.Prompt;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.telephony.NumberApprovalSettings;
import io.parley.api.telephony.NumberFilter;
import io.parley.api.telephony.NumberService;
import io.parley.api.telephony.NumberTag;
import io.parley.api.telephony.NumberTagSummary;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.TrunkNumber;
import io.parley.api.telephony.TrunkNumberDraft;
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
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code parley:number-*}: numbers of SIP channels (SPEC §2, add and remove), their
 * instance-level settings (§3) with bulk edit and approval, number tags and the instance's
 * number settings, with the services' validation.
 */
public final class NumberCommands {

    private NumberCommands() {
    }

    public abstract static class NumberAction extends ParleyAction {
        @Reference
        NumberService numbers;
        @Reference
        SipChannelService channels;
    }

    /** The number commands that show something and take --json. */
    public abstract static class NumberView extends JsonAction {
        @Reference
        NumberService numbers;
        @Reference
        SipChannelService channels;
    }

    @Service
    @Command(scope = "parley", name = "number-list", description = "List the instance's numbers, or a channel's with --channel")
    public static final class ListNumbers extends NumberView {
        @Option(name = "--channel", description = "The numbers of this SIP channel (any instance)")
        @Completion(SipChannelCommands.ChannelId.class)
        Long channel;
        @Option(name = "--q", description = "Number substring (instance list)")
        String q;
        @Option(name = "--tag", description = "Only numbers carrying this tag (instance list)")
        String tag;
        @Option(name = "--untagged", description = "Only numbers without tags (instance list)")
        boolean untagged;
        @Option(name = "--status", description = "active, pending_approval, rejected or disabled (instance list)")
        String status;
        @Option(name = "--page", description = "Page number, from 1")
        Integer page;
        @Option(name = "--page-size", description = "10..100, default 10")
        Integer pageSize;

        @Override
        protected RestJson restQuery() {
            return (channel != null ? RestJson.query("/sip-channels/%d/numbers", channel) : RestJson.query("/instances/%d/numbers", instance()).param("q", q).param("tag", tag).param("untagged", untagged ? "true" : null).param("status", status)).param("page", page).param("page_size", pageSize);
        }

        @Override
        protected void show() throws Exception {
            PageRequest request = PageRequest.of(page, pageSize);
            Page<TrunkNumber> result = channel != null ? channels.numbers(channel, request)
                    : numbers.list(instance(), new NumberFilter(q, tag, untagged, status), request);
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Number");
            table.column("Channel");
            table.column("Instance");
            table.column("Call type");
            table.column("Status");
            table.column("Location");
            table.column("Tags");
            table.column("Concurrent");
            table.column("Per second");
            for (TrunkNumber n : result.items()) {
                table.addRow().addContent(n.id(), n.number(), n.channelId(), n.instanceId(), n.callType(), n.status(),
                        n.location() == null ? "" : n.location(), String.join(",", n.tags()),
                        limit(n.maxConcurrentCalls()), limit(n.maxCallsPerSecond()));
            }
            table.print(System.out);
            System.out.println(result.total() + " number(s)");
        }
    }

    @Service
    @Command(scope = "parley", name = "number-show", description = "Show one number of the instance with its settings")
    public static final class ShowNumber extends NumberView {
        @Argument(index = 0, name = "id", required = true)
        long id;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/numbers/%d", instance(), id);
        }

        @Override
        protected void show() throws Exception {
            print(numbers.get(instance(), id), System.out);
        }
    }

    @Service
    @Command(scope = "parley", name = "number-add", description = "Add landline numbers to a SIP channel for the "
            + "instance (--instance, default the default instance); all or none are added")
    public static final class AddNumbers extends NumberAction {
        @Option(name = "--outbound-prefix", description = "1..10 digits prepended to called numbers")
        String prefix;
        @Option(name = "--max-concurrent", description = "0 = unlimited (default)")
        Integer maxConcurrent;
        @Option(name = "--max-per-second", description = "0 = unlimited (default)")
        Integer maxPerSecond;
        @Option(name = "--call-type", description = "inbound, outbound or inbound_outbound (default)")
        String callType;
        @Option(name = "--location", description = "default: derived from the area code")
        String location;
        @Option(name = "--tag", multiValued = true, description = "Existing number tag (repeatable)")
        List<String> tags;
        @Argument(index = 0, name = "channel", required = true)
        @Completion(SipChannelCommands.ChannelId.class)
        long channel;
        @Argument(index = 1, name = "numbers", required = true, multiValued = true,
                description = "landline numbers with area code, e.g. 02187654321")
        List<String> list;

        @Override
        protected Object run() {
            long inst = instance();
            List<TrunkNumberDraft> drafts = new ArrayList<>();
            for (String n : list) {
                drafts.add(new TrunkNumberDraft(n, inst, prefix == null ? null : true, prefix, maxConcurrent,
                        maxPerSecond, callType, location, null, null, null, null, null, null, null, false, false, tags,
                        null, null, false));
            }
            List<TrunkNumber> added = channels.addNumbers(channel, drafts);
            added.forEach(n -> System.out.println("Added number " + n.id() + " " + n.number()));
            return null;
        }
    }

    /** The settable fields of {@code number-edit} and {@code number-bulk-edit}. */
    public abstract static class NumberChanges extends NumberAction {
        @Option(name = "--outbound-prefix", description = "1..10 digits")
        String prefix;
        @Option(name = "--no-outbound-prefix", description = "Remove the outbound prefix")
        boolean noPrefix;
        @Option(name = "--max-concurrent", description = "0 = unlimited")
        Integer maxConcurrent;
        @Option(name = "--max-per-second", description = "0 = unlimited")
        Integer maxPerSecond;
        @Option(name = "--call-type", description = "inbound, outbound or inbound_outbound")
        String callType;
        @Option(name = "--location", description = "City/region; \"\" restores the one derived from the area code")
        String location;
        @Option(name = "--inbound-ivr", description = "Inbound IVR flow id")
        Long inboundIvr;
        @Option(name = "--inbound-ivr-version", description = "default MAIN")
        String inboundIvrVersion;
        @Option(name = "--no-inbound-ivr")
        boolean noInboundIvr;
        @Option(name = "--outbound-ivr", description = "Outbound IVR flow id")
        Long outboundIvr;
        @Option(name = "--no-outbound-ivr")
        boolean noOutboundIvr;
        @Option(name = "--outbound-skill-group", multiValued = true, description = "Skill group id (repeatable)")
        List<Long> groups;
        @Option(name = "--prioritize-last-agent", description = "true or false")
        Boolean prioritize;
        @Option(name = "--last-agent-mode", description = "mode1 or mode2")
        String lastAgentMode;
        @Option(name = "--agent-mobile", description = "true or false: usable for agents' mobile legs")
        Boolean agentMobile;
        @Option(name = "--tag", multiValued = true, description = "Existing number tag (repeatable); replaces the tags")
        List<String> tags;
        @Option(name = "--no-tags", description = "Remove every tag")
        boolean noTags;
        @Option(name = "--status", description = "active or disabled")
        String status;
        @Option(name = "--failure-prompt-text", description = "Inbound failure prompt spoken by TTS (0..600 characters)")
        String failureText;
        @Option(name = "--failure-prompt-audio", description = "Inbound failure prompt: id of an approved audio file")
        String failureAudio;
        @Option(name = "--failure-prompt-voice", description = "TTS voice of the failure prompt, e.g. en-US/voice1")
        String failureVoice;
        @Option(name = "--no-failure-prompt", description = "Remove the inbound failure prompt")
        boolean noFailurePrompt;

        TrunkNumberDraft draft() {
            Boolean has = noPrefix ? Boolean.FALSE : prefix != null ? Boolean.TRUE : null;
            Prompt failure = failureAudio != null ? new Prompt(Prompt.Mode.AUDIO, failureText, failureVoice, failureAudio)
                    : failureText != null || failureVoice != null
                    ? new Prompt(Prompt.Mode.TTS, failureText, failureVoice, null) : null;
            return new TrunkNumberDraft(null, null, has, prefix, maxConcurrent, maxPerSecond, callType, location,
                    inboundIvr, inboundIvrVersion, outboundIvr, groups, prioritize, lastAgentMode, agentMobile,
                    noInboundIvr, noOutboundIvr, noTags ? List.of() : tags, status, failure, noFailurePrompt);
        }
    }

    @Service
    @Command(scope = "parley", name = "number-edit", description = "Change a number's settings (SPEC 2.1 limits, 3.1)")
    public static final class EditNumber extends NumberChanges {
        @Argument(index = 0, name = "id", required = true)
        long id;

        @Override
        protected Object run() {
            print(numbers.edit(instance(), id, draft()), System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "number-bulk-edit", description = "Set the same values on many numbers of "
            + "the instance, all or nothing (SPEC 3.2)")
    public static final class BulkEditNumbers extends NumberChanges {
        @Argument(index = 0, name = "ids", required = true, multiValued = true, description = "Number ids")
        List<Long> ids;

        @Override
        protected Object run() {
            List<TrunkNumber> done = numbers.bulkEdit(instance(), ids, draft());
            System.out.println("Changed " + done.size() + " number(s): " + done.stream().map(TrunkNumber::number)
                    .collect(Collectors.joining(", ")));
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "number-approve", description = "Approve a pending number: it becomes active")
    public static final class ApproveNumber extends NumberAction {
        @Argument(index = 0, name = "id", required = true)
        long id;

        @Override
        protected Object run() {
            TrunkNumber n = numbers.approve(instance(), id);
            System.out.println("Number " + n.id() + " " + n.number() + " is " + n.status());
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "number-reject", description = "Reject a pending number")
    public static final class RejectNumber extends NumberAction {
        @Argument(index = 0, name = "id", required = true)
        long id;

        @Override
        protected Object run() {
            TrunkNumber n = numbers.reject(instance(), id);
            System.out.println("Number " + n.id() + " " + n.number() + " is " + n.status());
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "number-settings", description = "Show the instance's number settings, or "
            + "change them with --approval-required")
    public static final class NumberSettings extends NumberView {
        @Option(name = "--approval-required", description = "true: new numbers wait for approval; false: they are "
                + "active at once (pending ones become active)")
        Boolean approvalRequired;

        private NumberApprovalSettings settings;

        @Override
        protected void apply() {
            settings = approvalRequired == null ? numbers.approvalSettings(instance())
                    : numbers.updateApprovalSettings(instance(), new NumberApprovalSettings(approvalRequired));
        }

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/settings/numbers", instance());
        }

        @Override
        protected void show() {
            System.out.println("number_approval_required " + settings.numberApprovalRequired());
        }
    }

    @Service
    @Command(scope = "parley", name = "number-tag-list", description = "List number tags with their counts, plus "
            + "All and Untagged")
    public static final class ListTags extends NumberView {
        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/number-tags", instance());
        }

        @Override
        protected void show() throws Exception {
            NumberTagSummary s = numbers.tags(instance());
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Tag");
            table.column("Numbers");
            table.addRow().addContent("", "All", s.all());
            table.addRow().addContent("", "Untagged", s.untagged());
            for (NumberTagSummary.Counted c : s.tags()) {
                table.addRow().addContent(c.tag().id(), c.tag().name(), c.numbers());
            }
            table.print(System.out);
        }
    }

    @Service
    @Command(scope = "parley", name = "number-tag-add", description = "Create a number tag (1..20 characters, unique)")
    public static final class AddTag extends NumberAction {
        @Argument(index = 0, name = "name", required = true)
        String name;

        @Override
        protected Object run() {
            NumberTag t = numbers.createTag(instance(), name);
            System.out.println("Created number tag " + t.id() + " " + t.name());
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "number-tag-delete", description = "Delete a number tag; numbers lose it")
    public static final class DeleteTag extends NumberAction {
        @Argument(index = 0, name = "id", required = true)
        long id;

        @Override
        protected Object run() {
            numbers.deleteTag(instance(), id);
            System.out.println("Deleted number tag " + id);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "number-remove", description = "Remove a number of the instance from its channel")
    public static final class RemoveNumber extends NumberAction {
        @Argument(index = 0, name = "id", required = true)
        long id;

        @Override
        protected Object run() {
            TrunkNumber n = numbers.get(instance(), id);
            channels.deleteNumber(n.channelId(), n.id());
            System.out.println("Removed number " + n.id() + " " + n.number() + " from channel " + n.channelId());
            return null;
        }
    }

    static String limit(int v) {
        return v == 0 ? "unlimited" : Integer.toString(v);
    }

    static void print(TrunkNumber n, PrintStream out) {
        ShellTable table = new ShellTable().noHeaders();
        table.column("Field");
        table.column("Value");
        table.addRow().addContent("id", n.id());
        table.addRow().addContent("number", n.number());
        table.addRow().addContent("channel_id", n.channelId());
        table.addRow().addContent("instance_id", n.instanceId());
        table.addRow().addContent("outbound_prefix", n.hasOutboundPrefix() ? n.outboundPrefix() : "(none)");
        table.addRow().addContent("max_concurrent_calls", limit(n.maxConcurrentCalls()));
        table.addRow().addContent("max_calls_per_second", limit(n.maxCallsPerSecond()));
        table.addRow().addContent("call_type", n.callType());
        table.addRow().addContent("status", n.status() + (n.isUsable() ? "" : " (takes no calls)"));
        table.addRow().addContent("location", n.location() == null ? "" : n.location());
        table.addRow().addContent("tags", String.join(",", n.tags()));
        table.addRow().addContent("inbound_ivr", n.inboundIvrId() == null ? "" : n.inboundIvrId() + " " + n.inboundIvrVersion());
        table.addRow().addContent("outbound_ivr", n.outboundIvrId() == null ? "default" : n.outboundIvrId());
        table.addRow().addContent("outbound_skill_groups", n.outboundSkillGroupIds().stream().map(String::valueOf)
                .collect(Collectors.joining(",")));
        table.addRow().addContent("prioritize_last_outbound_agent", n.prioritizeLastOutboundAgent()
                ? n.lastOutboundAgentMode() : "no");
        Prompt p = n.inboundFailurePrompt();
        table.addRow().addContent("inbound_failure_prompt", p == null ? "" : p.mode() == Prompt.Mode.AUDIO
                ? "audio " + p.audioId() : "tts " + (p.voice() == null ? "" : "(" + p.voice() + ") ") + p.text());
        table.addRow().addContent("usable_for_agent_mobile", n.usableForAgentMobile());
        table.print(out);
    }
}
