package io.parley.api.settings;

import java.time.LocalDate;
import java.util.List;

/**
 * The statutory-holiday calendar an administrator uploads ({@code {I}/settings/holiday-calendar},
 * SPEC §8.6): holidays and make-up working days, read by working-hours nodes with
 * {@code follow_legal_workdays} through {@link HolidayCalendar}. An upload replaces the whole
 * calendar of the instance.
 *
 * <pre>{@code
 * List<HolidayCalendarService.Day> days = calendars.parse("""
 *     date,kind,name
 *     2026-10-01,holiday,National Day
 *     2026-10-10,workday,make-up day
 *     """);
 * calendars.replace(instanceId, days);
 * calendars.dayKind(instanceId, LocalDate.of(2026, 10, 1));   // Optional[HOLIDAY]
 * }</pre>
 */
public interface HolidayCalendarService extends HolidayCalendar {

    /** At most this many days in a calendar (ten years of holidays and make-up days). */
    int MAX_DAYS = 1000;

    /**
     * One listed date.
     *
     * @param date the day
     * @param kind {@link DayKind#HOLIDAY} or {@link DayKind#WORKDAY}
     * @param name 0..32 characters, e.g. "National Day"
     */
    record Day(LocalDate date, DayKind kind, String name) {
    }

    /** The instance's calendar, by date; empty when none was uploaded. */
    List<Day> days(long instanceId);

    /**
     * Replaces the instance's calendar (an empty list clears it).
     *
     * @throws io.parley.api.error.InvalidException naming the field ({@code days[3].date}) for a
     *         date listed twice, a name over 32 characters, over {@link #MAX_DAYS} days
     */
    List<Day> replace(long instanceId, List<Day> days);

    /**
     * Reads an upload: CSV lines {@code date,kind[,name]} (ISO date, {@code holiday} or
     * {@code workday}; a header line and blank lines are skipped) or JSON
     * {@code {"days":[{"date","kind","name"}]}}.
     *
     * @throws io.parley.api.error.MalformedException naming the line ({@code line 4}) or field
     */
    List<Day> parse(String text);
}
