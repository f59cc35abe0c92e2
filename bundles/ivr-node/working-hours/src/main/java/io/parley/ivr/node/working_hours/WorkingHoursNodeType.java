package io.parley.ivr.node.working_hours;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.ParameterProblem;
import io.parley.api.settings.HolidayCalendar;
import io.parley.ivr.node.common.Param;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Working hours (SPEC §8.6): {@code in_hours} or {@code off_hours} by the time of the call in
 * the node's time zone (the instance's unless {@code timezone} is set). {@code off} is always
 * in hours; {@code standard} takes the {@code weekdays} and {@code periods}, with
 * {@code follow_legal_workdays} letting the instance's holiday calendar turn a holiday off and
 * a make-up working day on; {@code custom} is in hours only on the listed dates, in their
 * periods (SPEC §34 p25). A period includes its start and excludes its end. The off-hours
 * exit sets the record status {@code non_working_hours}.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + WorkingHoursNodeType.TYPE)
public class WorkingHoursNodeType extends ParameterizedNodeType<WorkingHoursNodeType.Settings> {

    static final String TYPE = "working_hours";
    static final String IN_HOURS = "in_hours";
    static final String OFF_HOURS = "off_hours";
    static final String NON_WORKING_HOURS = "non_working_hours";

    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final Map<String, Object> PERIOD_SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of(
                    "from", Map.of("type", "string", "pattern", "^([01]\\d|2[0-3]):[0-5]\\d$"),
                    "to", Map.of("type", "string", "pattern", "^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$")),
            "required", List.of("from", "to"),
            "additionalProperties", false);

    static final Param.Choice MODE = new Param.Choice("mode", "standard", List.of("off", "standard", "custom"),
            "off: always in_hours");
    static final Param.Bool FOLLOW_LEGAL_WORKDAYS = new Param.Bool("follow_legal_workdays", false,
            "the instance's holiday calendar (holidays, make-up working days) overrides weekdays");
    static final Param.ListOf WEEKDAYS = new Param.ListOf("weekdays", false, 0,
            Map.of("type", "string", "enum", DAYS), "working weekdays; default mon-fri");
    static final Param.Choice PERIOD_MODE = new Param.Choice("period_mode", "all_day", List.of("all_day", "am_pm"),
            "all_day takes 1 period, am_pm 2 non-overlapping ones");
    static final Param.ListOf PERIODS = new Param.ListOf("periods", false, 0, PERIOD_SCHEMA,
            "HH:MM 24 h, from < to; default [{09:00, 18:00}]");
    static final Param.ListOf CUSTOM_DATES = new Param.ListOf("custom_dates", false, 0, Map.of(
            "type", "object",
            "properties", Map.of(
                    "date", Map.of("type", "string", "format", "date"),
                    "periods", Map.of("type", "array", "minItems", 1, "items", PERIOD_SCHEMA)),
            "required", List.of("date", "periods"),
            "additionalProperties", false), "required in custom mode: explicit dates with their periods");
    static final Param.Text TIMEZONE = new Param.Text("timezone", false, 64, null, null,
            "IANA time zone; default the instance's");
    private static final Param.ListOf DATE_PERIODS = new Param.ListOf("periods", true, 1, PERIOD_SCHEMA, "");

    record Period(LocalTime from, LocalTime to) {
        boolean contains(LocalTime t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }

    record Settings(String mode, boolean followLegalWorkdays, Set<DayOfWeek> weekdays, List<Period> periods,
                    Map<LocalDate, List<Period>> customDates, Optional<ZoneId> timezone) {
    }

    // the instance's holiday calendar, when a bundle provides one; without it weekdays decide
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile HolidayCalendar calendar;

    public WorkingHoursNodeType() {
        super("Working hours (SPEC §8.6)", List.of(MODE, FOLLOW_LEGAL_WORKDAYS, WEEKDAYS, PERIOD_MODE, PERIODS,
                CUSTOM_DATES, TIMEZONE));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected Settings read(Params p) {
        String mode = p.get(MODE);
        boolean legal = p.get(FOLLOW_LEGAL_WORKDAYS);
        Set<DayOfWeek> weekdays = weekdays(p);
        String periodMode = p.get(PERIOD_MODE);
        List<Period> periods = p.has(PERIODS.name())
                ? periods(p, p.objects(PERIODS), PERIODS.name())
                : List.of(new Period(LocalTime.of(9, 0), LocalTime.of(18, 0)));
        int wanted = "am_pm".equals(periodMode) ? 2 : 1;
        if (p.has(PERIODS.name()) && p.problems().stream().noneMatch(x -> x.field().startsWith("periods"))
                && periods.size() != wanted) {
            p.problem(PERIODS.name(), "all_day".equals(periodMode) ? "all_day takes exactly 1 period"
                    : "am_pm takes exactly 2 periods (morning, afternoon)");
        } else if (!p.has(PERIODS.name()) && wanted == 2) {
            p.problem(PERIODS.name(), "am_pm takes exactly 2 periods (morning, afternoon)");
        }
        Map<LocalDate, List<Period>> customDates = new HashMap<>();
        List<Params> dates = p.objects(CUSTOM_DATES);
        if ("custom".equals(mode) && dates.isEmpty()
                && p.problems().stream().noneMatch(x -> x.field().equals(CUSTOM_DATES.name()))) {
            p.problem(CUSTOM_DATES.name(), "is required in custom mode");
        }
        for (Params d : dates) {
            Object date = d.raw("date");
            LocalDate day = null;
            try {
                day = date instanceof String s ? LocalDate.parse(s) : null;
            } catch (DateTimeParseException e) {
                // noted below
            }
            if (day == null) {
                d.problem("date", "must be a date YYYY-MM-DD");
            } else if (customDates.containsKey(day)) {
                d.problem("date", "date " + day + " is listed twice");
            }
            List<Period> dayPeriods = periods(d, d.objects(DATE_PERIODS), "periods");
            if (day != null) {
                customDates.putIfAbsent(day, dayPeriods);
            }
        }
        Optional<ZoneId> zone = p.get(TIMEZONE).flatMap(z -> {
            try {
                return Optional.of(ZoneId.of(z));
            } catch (DateTimeException e) {
                p.problem(TIMEZONE.name(), "must be an IANA time zone, e.g. Asia/Shanghai");
                return Optional.empty();
            }
        });
        return new Settings(mode, legal, weekdays, periods, customDates, zone);
    }

    private static Set<DayOfWeek> weekdays(Params p) {
        if (!p.has(WEEKDAYS.name())) {
            p.raw(WEEKDAYS.name());
            return EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<Object> items = p.get(WEEKDAYS);
        for (int i = 0; i < items.size(); i++) {
            int index = DAYS.indexOf(items.get(i));
            if (index < 0) {
                p.problem(WEEKDAYS.name() + "[" + i + "]", "must be one of " + String.join(", ", DAYS));
            } else if (!days.add(DayOfWeek.of(index + 1))) {
                p.problem(WEEKDAYS.name() + "[" + i + "]", items.get(i) + " is listed twice");
            }
        }
        return days;
    }

    /** Reads {from, to} periods: HH:MM, from before to, not overlapping each other. */
    private static List<Period> periods(Params owner, List<Params> objects, String field) {
        List<Period> periods = new ArrayList<>();
        for (Params o : objects) {
            LocalTime from = time(o, "from", false);
            LocalTime to = time(o, "to", true);
            if (from != null && to != null) {
                if (!from.isBefore(to)) {
                    o.problem("to", "must be after from");
                } else {
                    periods.add(new Period(from, to));
                }
            }
        }
        List<Period> sorted = periods.stream().sorted((a, b) -> a.from().compareTo(b.from())).toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).from().isBefore(sorted.get(i - 1).to())) {
                owner.problem(field, "periods must not overlap");
                break;
            }
        }
        return periods;
    }

    private static LocalTime time(Params o, String field, boolean endOfDayAllowed) {
        Object v = o.raw(field);
        if (endOfDayAllowed && "24:00".equals(v)) {
            return LocalTime.MAX;
        }
        if (v instanceof String s && HH_MM.matcher(s).matches()) {
            return LocalTime.parse(s);
        }
        o.problem(field, v == null ? "is required" : "must be HH:MM (24 h)");
        return null;
    }

    @Override
    protected List<String> exits(Settings s) {
        return List.of(IN_HOURS, OFF_HOURS);
    }

    @Override
    public List<ParameterProblem> warnings(Map<String, Object> params) {
        if (Boolean.TRUE.equals(params.get(FOLLOW_LEGAL_WORKDAYS.name())) && calendar == null) {
            return List.of(new ParameterProblem(FOLLOW_LEGAL_WORKDAYS.name(),
                    "no holiday calendar service is installed: the weekdays decide until one is"));
        }
        return List.of();
    }

    @Override
    protected String run(Settings s, NodeContext ctx) {
        ZonedDateTime now = ZonedDateTime.now(ctx.clock()).withZoneSameInstant(s.timezone().orElse(ctx.timeZone()));
        boolean in = inHours(s, now, ctx.instanceId(), ctx);
        ctx.trace(in ? IN_HOURS : OFF_HOURS, Map.of("mode", s.mode(), "local_time", now.toLocalDateTime().toString()));
        if (in) {
            return IN_HOURS;
        }
        ctx.recordStatus(NON_WORKING_HOURS);
        return OFF_HOURS;
    }

    private boolean inHours(Settings s, ZonedDateTime now, long instanceId, NodeContext ctx) {
        LocalDate day = now.toLocalDate();
        LocalTime time = now.toLocalTime();
        switch (s.mode()) {
            case "off":
                return true;
            case "custom":
                return s.customDates().getOrDefault(day, List.of()).stream().anyMatch(p -> p.contains(time));
            default:
                boolean workday = s.weekdays().contains(day.getDayOfWeek());
                if (s.followLegalWorkdays()) {
                    HolidayCalendar cal = calendar;
                    if (cal == null) {
                        ctx.trace("holiday_calendar_missing", Map.of());
                    } else {
                        Optional<HolidayCalendar.DayKind> kind = cal.dayKind(instanceId, day);
                        if (kind.isPresent()) {
                            workday = kind.get() == HolidayCalendar.DayKind.WORKDAY;
                        }
                    }
                }
                return workday && s.periods().stream().anyMatch(p -> p.contains(time));
        }
    }
}
