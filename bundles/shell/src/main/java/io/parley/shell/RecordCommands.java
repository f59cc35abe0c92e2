package io.parley.shell;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.record.RecordFilter;
import io.parley.api.record.ServiceRecord;
import io.parley.api.record.ServiceRecordService;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:record-*}: SPEC §27 service records from the shell (the operator sees every category). */
public final class RecordCommands {

    private RecordCommands() {
    }

    /** The §27.3 filters the list and the export share. */
    public abstract static class RecordFilters extends JsonAction {
        @Reference
        ServiceRecordService records;
        @Option(name = "--from", description = "RFC 3339 time (default: today 00:00 in the instance's time zone)")
        String from;
        @Option(name = "--to", description = "RFC 3339 time; at most 31 days after --from")
        String to;
        @Option(name = "--category", description = "telephone or internal")
        String category;
        @Option(name = "--caller", description = "Part of the caller number")
        String caller;
        @Option(name = "--callee", description = "Part of the callee number")
        String callee;
        @Option(name = "--agent-name")
        String agentName;
        @Option(name = "--agent-id")
        String agentId;
        @Option(name = "--direction", description = "inbound or outbound")
        String direction;
        @Option(name = "--skill-group", description = "Skill group id")
        Long skillGroup;
        @Option(name = "--remark", description = "Part of the remark")
        String remark;
        @Option(name = "--status", description = "A SPEC §27.2 status")
        String status;
        @Option(name = "--hangup-party", description = "agent, customer or system")
        String hangupParty;
        @Option(name = "--agent-terminal", description = "computer, mobile or sip_phone")
        String agentTerminal;

        RecordFilter filter() {
            return new RecordFilter(category, time("from", from), time("to", to), caller, callee, agentName, agentId,
                    direction, skillGroup, remark, status, hangupParty, agentTerminal, null);
        }

        RestJson withFilters(RestJson q) {
            return q.param("from", from).param("to", to).param("category", category).param("caller", caller)
                    .param("callee", callee).param("agent_name", agentName).param("agent_id", agentId)
                    .param("direction", direction).param("skill_group", skillGroup).param("remark", remark)
                    .param("status", status).param("hangup_party", hangupParty).param("agent_terminal", agentTerminal);
        }

        private static Instant time(String field, String value) {
            if (value == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw new io.parley.api.error.MalformedException(field, "must be an RFC 3339 time such as "
                        + "2026-12-07T00:00:00+08:00");
            }
        }
    }

    @Service
    @Command(scope = "parley", name = "record-list", description = "List service records, newest first (default: today)")
    public static final class ListRecords extends RecordFilters {
        @Option(name = "--page")
        Integer page;
        @Option(name = "--page-size")
        Integer pageSize;

        @Override
        protected RestJson restQuery() {
            return withFilters(RestJson.query("/instances/%d/records", instance())).param("page", page)
                    .param("page_size", pageSize);
        }

        @Override
        protected void show() {
            Page<ServiceRecord> result = records.list(instance(), filter(), PageRequest.of(page,
                    pageSize == null ? ServiceRecordService.DEFAULT_PAGE_SIZE : pageSize));
            ShellTable table = new ShellTable();
            for (String c : new String[] {"Session", "Time", "Dir", "Caller", "Callee", "Status", "Duration", "Agent",
                    "Hung up by"}) {
                table.column(c);
            }
            for (ServiceRecord r : result.items()) {
                table.addRow().addContent(r.sessionId(), r.time(), r.direction(), nz(r.callerNumber()),
                        nz(r.calleeNumber()), r.status(), r.durationS() + " s",
                        r.agentId() == null ? "" : r.agentId() + (r.agentName() == null ? "" : " " + r.agentName()),
                        nz(r.hangupParty()));
            }
            table.print(System.out);
            System.out.println(result.total() + " record(s)");
        }
    }

    @Service
    @Command(scope = "parley", name = "record-show", description = "One service record with its IVR path and transfers")
    public static final class ShowRecord extends JsonAction {
        @Reference
        ServiceRecordService records;
        @Argument(index = 0, name = "session", required = true, description = "Session id")
        String session;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/records/%s", instance(), session);
        }

        @Override
        protected void show() {
            ServiceRecord r = records.get(instance(), session, null);
            PrintWriter out = new PrintWriter(System.out, true);
            out.printf("Session      %s (%s)%n", r.sessionId(), r.open() ? "open" : "closed");
            out.printf("Time         %s%s%n", r.time(), r.endedAt() == null ? "" : " .. " + r.endedAt());
            out.printf("Category     %s, %s%n", r.category(), r.direction());
            out.printf("Caller       %s%n", nz(r.callerNumber()));
            out.printf("Callee       %s%n", nz(r.calleeNumber()));
            out.printf("Status       %s (hung up by %s)%n", r.status(), nz(r.hangupParty()));
            out.printf("Durations    total %d s, ring %d s, queue %d s, talk %d s, hold %d s%n", r.durationS(),
                    r.ringDurationS(), r.queueDurationS(), r.talkDurationS(), r.holdDurationS());
            out.printf("Agent        %s %s (%s)%n", nz(r.agentId()), nz(r.agentName()), nz(r.agentTerminal()));
            out.printf("Skill group  %s%n", r.skillGroupId() == null ? "" : r.skillGroupId() + " " + nz(r.skillGroup()));
            out.printf("IVR path     %s%n", r.ivrPath().stream()
                    .map(s -> s.key() == null ? s.label() : s.label() + " [" + s.key() + "]")
                    .collect(Collectors.joining(" > ")));
            out.printf("Transfers    %s%n", r.transfers().stream().map(t -> t.time() + " " + nz(t.fromAgent()) + " -> "
                    + t.to() + " (" + t.type() + ")").collect(Collectors.joining("; ")));
            out.printf("Satisfaction %s%n", r.satisfaction() == null ? "" : r.satisfaction().digit() + " "
                    + nz(r.satisfaction().label()));
            out.printf("Recording    %s%n", r.recording() == null ? "" : r.recording().id() + " ("
                    + r.recording().durationS() + " s)");
            out.printf("Voicemail    %s%n", r.voicemail() == null ? "" : r.voicemail().id() + " ("
                    + r.voicemail().durationS() + " s)");
            out.printf("Remark       %s%n", nz(r.remark()));
        }
    }

    @Service
    @Command(scope = "parley", name = "record-export", description = "Write the matching service records as CSV to a "
            + "file (or to the console without one)")
    public static final class ExportRecords extends RecordFilters {
        @Argument(index = 0, name = "file", required = false, description = "CSV file to write")
        @org.apache.karaf.shell.api.action.Completion(org.apache.karaf.shell.support.completers.FileCompleter.class)
        String file;

        @Override
        protected RestJson restQuery() {
            return withFilters(RestJson.query("/instances/%d/records", instance()));
        }

        @Override
        protected void show() throws Exception {
            if (file == null) {
                Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
                records.export(instance(), filter(), w);
                w.flush();
                return;
            }
            try (Writer w = Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8)) {
                records.export(instance(), filter(), w);
            }
            System.out.println("Wrote the records as CSV to " + file);
        }
    }

    private static String nz(Object v) {
        return v == null ? "" : v.toString();
    }
}
