package io.parley.ivr.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.error.InvalidException;
import io.parley.api.error.MalformedException;
import io.parley.api.instance.InstanceService;
import io.parley.api.settings.HolidayCalendar;
import io.parley.api.settings.HolidayCalendarService;
import io.parley.api.store.AgentStatusStore;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The instance's holiday calendar (SPEC §8.6) as named settings, one per date:
 * {@code holiday_calendar.2026-10-01 = holiday|National Day}. A working-hours node asks for one
 * date per call, which is one indexed row; an upload replaces the prefix in one transaction.
 */
@Component(service = {HolidayCalendarService.class, HolidayCalendar.class})
public class HolidayCalendarManager implements HolidayCalendarService {

    static final String PREFIX = "holiday_calendar.";
    private static final int MAX_NAME = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentStatusStore settings;
    private final InstanceService instances;

    @Activate
    public HolidayCalendarManager(@Reference AgentStatusStore settings, @Reference InstanceService instances) {
        this.settings = settings;
        this.instances = instances;
    }

    @Override
    public Optional<DayKind> dayKind(long instanceId, LocalDate date) {
        return settings.setting(instanceId, PREFIX + date).map(v -> decode(date, v).kind());
    }

    @Override
    public List<Day> days(long instanceId) {
        instances.get(instanceId);
        List<Day> out = new ArrayList<>();
        // names sort as ISO dates do
        settings.settings(instanceId, PREFIX).forEach((k, v) -> out.add(decode(LocalDate.parse(k.substring(PREFIX.length())), v)));
        return out;
    }

    @Override
    public List<Day> replace(long instanceId, List<Day> days) {
        instances.get(instanceId);
        if (days.size() > MAX_DAYS) {
            throw new InvalidException("days", "at most " + MAX_DAYS + " days");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<LocalDate> seen = new HashSet<>();
        for (int i = 0; i < days.size(); i++) {
            Day d = days.get(i);
            if (d.date() == null) {
                throw new InvalidException("days[" + i + "].date", "is required");
            }
            if (d.kind() == null) {
                throw new InvalidException("days[" + i + "].kind", "is required: holiday or workday");
            }
            if (!seen.add(d.date())) {
                throw new InvalidException("days[" + i + "].date", d.date() + " is listed twice");
            }
            String name = d.name() == null ? "" : d.name().strip();
            if (name.length() > MAX_NAME) {
                throw new InvalidException("days[" + i + "].name", "at most " + MAX_NAME + " characters");
            }
            values.put(PREFIX + d.date(), d.kind().name().toLowerCase(Locale.ROOT) + "|" + name);
        }
        settings.replaceSettings(instanceId, PREFIX, values);
        return days(instanceId);
    }

    @Override
    public List<Day> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new MalformedException(null, "the calendar is empty: CSV lines date,kind[,name] or {\"days\":[…]}");
        }
        String t = text.strip();
        return t.startsWith("{") ? parseJson(t) : parseCsv(t);
    }

    private static List<Day> parseJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (Exception e) {
            throw new MalformedException(null, "the calendar is not valid JSON: " + e.getMessage());
        }
        JsonNode days = root.get("days");
        if (days == null || !days.isArray()) {
            throw new MalformedException("days", "must be an array of {date, kind, name}");
        }
        List<Day> out = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            JsonNode d = days.get(i);
            String at = "days[" + i + "]";
            if (!d.isObject()) {
                throw new MalformedException(at, "must be an object {date, kind, name}");
            }
            for (java.util.Iterator<String> names = d.fieldNames(); names.hasNext(); ) {
                String n = names.next();
                if (!Set.of("date", "kind", "name").contains(n)) {
                    throw new MalformedException(at + "." + n, "unknown field; allowed fields are [date, kind, name]");
                }
            }
            out.add(new Day(date(text(d, "date"), at + ".date"), kind(text(d, "kind"), at + ".kind"), text(d, "name")));
        }
        return out;
    }

    private static List<Day> parseCsv(String text) {
        List<Day> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.toLowerCase(Locale.ROOT).startsWith("date"))) {
                continue;
            }
            String[] cols = line.split(",", 3);
            String at = "line " + (i + 1);
            if (cols.length < 2) {
                throw new MalformedException(at, "must be date,kind[,name], e.g. 2026-10-01,holiday,National Day");
            }
            out.add(new Day(date(cols[0].strip(), at + " date"), kind(cols[1].strip(), at + " kind"),
                    cols.length > 2 ? cols[2].strip() : ""));
        }
        return out;
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            throw new MalformedException(field, "must be an ISO date, e.g. 2026-10-01");
        }
    }

    private static DayKind kind(String text, String field) {
        if ("holiday".equals(text)) {
            return DayKind.HOLIDAY;
        }
        if ("workday".equals(text)) {
            return DayKind.WORKDAY;
        }
        throw new MalformedException(field, "must be holiday or workday");
    }

    private static Day decode(LocalDate date, String value) {
        int bar = value.indexOf('|');
        String kind = bar < 0 ? value : value.substring(0, bar);
        return new Day(date, "workday".equals(kind) ? DayKind.WORKDAY : DayKind.HOLIDAY, bar < 0 ? "" : value.substring(bar + 1));
    }
}
