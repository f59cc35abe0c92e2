package io.parley.records;

import io.parley.api.record.ServiceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The CSV export of service records (SPEC §27.3) on Apache Commons CSV: RFC 4180 quoting, a
 * header line, times in the instance's time zone, durations as {@code HH:MM:SS} (SPEC §0.2).
 */
final class RecordCsv implements AutoCloseable {

    static final String[] HEADER = {"session_id", "time", "category", "direction", "caller_number", "callee_number",
            "status", "duration", "ring_duration", "talk_duration", "queue_duration", "hold_duration", "agent_name",
            "agent_id", "skill_group", "agent_terminal", "hangup_party", "satisfaction", "ivr_path", "transfers",
            "campaign_id", "recording_id", "voicemail_id", "remark"};

    private final CSVPrinter printer;
    private final DateTimeFormatter time;

    RecordCsv(Writer out, ZoneId zone) throws IOException {
        this.printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER).build());
        this.time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
    }

    void write(ServiceRecord r) {
        try {
            printer.printRecord(r.sessionId(), time.format(r.time()), r.category(), r.direction(), r.callerNumber(),
                    r.calleeNumber(), r.status(), hms(r.durationS()), hms(r.ringDurationS()), hms(r.talkDurationS()),
                    hms(r.queueDurationS()), hms(r.holdDurationS()), r.agentName(), r.agentId(), r.skillGroup(),
                    r.agentTerminal(), r.hangupParty(),
                    r.satisfaction() == null ? null : r.satisfaction().digit() + " " + r.satisfaction().label(),
                    r.ivrPath().stream().map(s -> s.key() == null ? s.label() : s.label() + " [" + s.key() + "]")
                            .collect(Collectors.joining(" > ")),
                    r.transfers().stream().map(t -> t.type() + ":" + t.to()).collect(Collectors.joining("; ")),
                    r.campaignId(), r.recording() == null ? null : r.recording().id(),
                    r.voicemail() == null ? null : r.voicemail().id(), r.remark());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hms(int seconds) {
        return String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    @Override
    public void close() throws IOException {
        printer.flush();
    }
}
