package io.parley.ivr.node.working_hours;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.settings.HolidayCalendar;
import io.parley.ivr.node.testing.FakeNodeContext;
import io.parley.ivr.node.testing.ParamMaps;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class WorkingHoursNodeTypeTest {

    // 2026-12-07 is a Monday, 2026-12-12 a Saturday
    private static final String MONDAY_10 = "2026-12-07T10:00:00Z";
    private static final String MONDAY_18 = "2026-12-07T18:00:00Z";
    private static final String MONDAY_08_59 = "2026-12-07T08:59:00Z";
    private static final String SATURDAY_10 = "2026-12-12T10:00:00Z";

    private final WorkingHoursNodeType node = new WorkingHoursNodeType();

    private static Map<String, Object> params(Object... kv) {
        return ParamMaps.with(Map.of(), kv);
    }

    private static Map<String, Object> period(String from, String to) {
        return Map.of("from", from, "to", to);
    }

    private FakeNodeContext callAt(String instant, Map<String, Object> params) {
        FakeNodeContext call = new FakeNodeContext(params);
        call.zone = ZoneOffset.UTC;
        return call.at(instant);
    }

    @Test
    public void workingHoursHasPortsInHoursAndOffHours() {
        assertEquals(List.of("in_hours", "off_hours"), node.exits(params()));
        assertNoProblems(node.validate(params()));
    }

    @Test
    public void workingHoursDefaultsToMondayToFridayNineToSix() {
        assertEquals("in_hours", node.execute(callAt(MONDAY_10, params())));
        assertEquals("the end of a period is outside it", "off_hours", node.execute(callAt(MONDAY_18, params())));
        assertEquals("off_hours", node.execute(callAt(MONDAY_08_59, params())));
        assertEquals("off_hours", node.execute(callAt(SATURDAY_10, params())));
    }

    @Test
    public void workingHoursOffModeIsAlwaysInHours() {
        assertEquals("in_hours", node.execute(callAt(SATURDAY_10, params("mode", "off"))));
    }

    @Test
    public void workingHoursOffHoursSetsTheRecordStatusNonWorkingHours() {
        FakeNodeContext call = callAt(SATURDAY_10, params());
        node.execute(call);
        assertEquals("non_working_hours", call.status);
        FakeNodeContext in = callAt(MONDAY_10, params());
        node.execute(in);
        assertNull(in.status);
    }

    @Test
    public void workingHoursTakesTheListedWeekdays() {
        Map<String, Object> p = params("weekdays", List.of("sat", "sun"));
        assertEquals("in_hours", node.execute(callAt(SATURDAY_10, p)));
        assertEquals("off_hours", node.execute(callAt(MONDAY_10, p)));
    }

    @Test
    public void workingHoursRejectsAnUnknownWeekday() {
        assertProblem(node.validate(params("weekdays", List.of("mon", "funday"))), "weekdays[1]", "must be one of mon");
        assertProblem(node.validate(params("weekdays", List.of("mon", "mon"))), "weekdays[1]", "listed twice");
    }

    @Test
    public void workingHoursRejectsAnUnknownMode() {
        assertProblem(node.validate(params("mode", "sometimes")), "mode", "off, standard, custom");
    }

    @Test
    public void workingHoursRejectsAPeriodThatIsNotHhMm() {
        assertProblem(node.validate(params("periods", List.of(period("9:00", "18:00")))), "periods[0].from", "HH:MM");
        assertProblem(node.validate(params("periods", List.of(period("09:00", "25:00")))), "periods[0].to", "HH:MM");
    }

    @Test
    public void workingHoursRejectsAPeriodWhoseFromIsNotBeforeTo() {
        assertProblem(node.validate(params("periods", List.of(period("18:00", "09:00")))), "periods[0].to", "after from");
        assertProblem(node.validate(params("periods", List.of(period("09:00", "09:00")))), "periods[0].to", "after from");
    }

    @Test
    public void workingHoursAllDayTakesExactlyOnePeriod() {
        assertProblem(node.validate(params("periods", List.of(period("08:00", "12:00"), period("13:00", "17:00")))),
                "periods", "all_day takes exactly 1");
    }

    @Test
    public void workingHoursAmPmTakesTwoNonOverlappingPeriods() {
        assertProblem(node.validate(params("period_mode", "am_pm", "periods", List.of(period("08:00", "12:00")))),
                "periods", "am_pm takes exactly 2");
        assertProblem(node.validate(params("period_mode", "am_pm")), "periods", "am_pm takes exactly 2");
        assertProblem(node.validate(params("period_mode", "am_pm",
                "periods", List.of(period("08:00", "13:00"), period("12:00", "17:00")))), "periods", "must not overlap");
        Map<String, Object> p = params("period_mode", "am_pm",
                "periods", List.of(period("08:00", "12:00"), period("13:00", "17:00")));
        assertNoProblems(node.validate(p));
        assertEquals("in_hours", node.execute(callAt("2026-12-07T08:30:00Z", p)));
        assertEquals("lunch break", "off_hours", node.execute(callAt("2026-12-07T12:30:00Z", p)));
        assertEquals("in_hours", node.execute(callAt("2026-12-07T16:59:00Z", p)));
    }

    @Test
    public void workingHoursCustomModeRequiresDates() {
        assertProblem(node.validate(params("mode", "custom")), "custom_dates", "is required in custom mode");
    }

    @Test
    public void workingHoursCustomModeIsInHoursOnlyOnTheListedDatesInTheirPeriods() {
        Map<String, Object> p = params("mode", "custom", "custom_dates", List.of(
                Map.of("date", "2026-12-12", "periods", List.of(period("10:00", "14:00")))));
        assertNoProblems(node.validate(p));
        assertEquals("in_hours", node.execute(callAt(SATURDAY_10, p)));
        assertEquals("off_hours", node.execute(callAt(MONDAY_10, p)));
        assertEquals("off_hours", node.execute(callAt("2026-12-12T14:00:00Z", p)));
    }

    @Test
    public void workingHoursRejectsABadCustomDate() {
        assertProblem(node.validate(params("mode", "custom", "custom_dates", List.of(
                Map.of("date", "2026-13-40", "periods", List.of(period("10:00", "14:00")))))),
                "custom_dates[0].date", "YYYY-MM-DD");
        assertProblem(node.validate(params("mode", "custom", "custom_dates", List.of(
                Map.of("date", "2026-12-12", "periods", List.of())))), "custom_dates[0].periods", "at least 1");
    }

    @Test
    public void workingHoursUsesTheInstanceTimeZoneByDefault() {
        // 02:00 UTC Monday is 10:00 in Shanghai
        FakeNodeContext call = new FakeNodeContext(params());
        call.zone = ZoneId.of("Asia/Shanghai");
        assertEquals("in_hours", node.execute(call.at("2026-12-07T02:00:00Z")));
    }

    @Test
    public void workingHoursUsesItsOwnTimeZoneWhenSet() {
        Map<String, Object> p = params("timezone", "America/New_York");
        // 15:00 UTC is 10:00 in New York
        assertEquals("in_hours", node.execute(callAt("2026-12-07T15:00:00Z", p)));
        assertEquals("off_hours", node.execute(callAt("2026-12-07T13:00:00Z", p)));
    }

    @Test
    public void workingHoursRejectsAnUnknownTimeZone() {
        assertProblem(node.validate(params("timezone", "Mars/Olympus")), "timezone", "IANA");
    }

    private static HolidayCalendar calendar(LocalDate holiday, LocalDate makeUpDay) {
        return (instanceId, date) -> date.equals(holiday) ? Optional.of(HolidayCalendar.DayKind.HOLIDAY)
                : date.equals(makeUpDay) ? Optional.of(HolidayCalendar.DayKind.WORKDAY) : Optional.empty();
    }

    @Test
    public void workingHoursTakesOffHoursOnAHolidayOfTheCalendar() {
        node.calendar = calendar(LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 12));
        Map<String, Object> p = params("follow_legal_workdays", true);
        assertEquals("off_hours", node.execute(callAt(MONDAY_10, p)));
        assertEquals("a make-up working day is worked", "in_hours", node.execute(callAt(SATURDAY_10, p)));
        assertEquals("a day the calendar does not list follows weekdays", "in_hours",
                node.execute(callAt("2026-12-08T10:00:00Z", p)));
    }

    @Test
    public void workingHoursIgnoresTheCalendarUnlessFollowLegalWorkdays() {
        node.calendar = calendar(LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 12));
        assertEquals("in_hours", node.execute(callAt(MONDAY_10, params())));
    }

    @Test
    public void workingHoursWithoutACalendarFollowsWeekdaysAndWarns() {
        Map<String, Object> p = params("follow_legal_workdays", true);
        assertEquals("in_hours", node.execute(callAt(MONDAY_10, p)));
        assertNoProblems(node.validate(p));
        assertTrue(node.warnings(p).get(0).rule().contains("no holiday calendar"));
        node.calendar = calendar(LocalDate.MIN, LocalDate.MIN);
        assertTrue(node.warnings(p).isEmpty());
    }
}
