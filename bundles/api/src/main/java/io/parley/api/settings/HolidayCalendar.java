package io.parley.api.settings;

import java.time.LocalDate;
import java.util.Optional;

/**
 * An instance's statutory-holiday calendar ({@code {I}/settings/holiday-calendar}, SPEC §8.6,
 * §34 p25): the holidays and make-up working days an administrator uploaded. A working-hours
 * node with {@code follow_legal_workdays} asks it about the day of the call; a date the
 * calendar does not list falls back to the node's {@code weekdays}.
 *
 * <pre>{@code
 * Optional<HolidayCalendar.DayKind> kind = calendar.dayKind(1000001, LocalDate.of(2026, 10, 1));
 * boolean working = kind.map(k -> k == HolidayCalendar.DayKind.WORKDAY).orElse(weekdayIsWorking);
 * }</pre>
 */
public interface HolidayCalendar {

    /** What the calendar says about a date. */
    enum DayKind {
        /** A statutory holiday: not a working day whatever its weekday. */
        HOLIDAY,
        /** A make-up working day: a working day whatever its weekday. */
        WORKDAY
    }

    /** The date's kind, or empty when the calendar does not list it (or none was uploaded). */
    Optional<DayKind> dayKind(long instanceId, LocalDate date);
}
