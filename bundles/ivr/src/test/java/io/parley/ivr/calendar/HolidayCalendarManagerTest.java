package io.parley.ivr.calendar;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.parley.api.error.DomainException;
import io.parley.api.instance.InstanceService;
import io.parley.api.settings.HolidayCalendar.DayKind;
import io.parley.api.settings.HolidayCalendarService.Day;
import io.parley.api.store.AgentStatusStore;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.Test;

public class HolidayCalendarManagerTest {

    /** Named settings in memory, as the store keeps them. */
    private final Map<String, String> rows = new TreeMap<>();
    private final AgentStatusStore store = (AgentStatusStore) java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[]{AgentStatusStore.class}, (p, m, a) -> switch (m.getName()) {
                case "setting" -> Optional.ofNullable(rows.get(a[0] + "/" + a[1]));
                case "settings" -> {
                    Map<String, String> out = new TreeMap<>();
                    rows.forEach((k, v) -> {
                        if (k.startsWith(a[0] + "/" + a[1])) {
                            out.put(k.substring(k.indexOf('/') + 1), v);
                        }
                    });
                    yield out;
                }
                case "replaceSettings" -> {
                    rows.keySet().removeIf(k -> k.startsWith(a[0] + "/" + a[1]));
                    ((Map<?, ?>) a[2]).forEach((k, v) -> rows.put(a[0] + "/" + k, (String) v));
                    yield null;
                }
                default -> throw new UnsupportedOperationException(m.getName());
            });
    private final InstanceService instances = (InstanceService) java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[]{InstanceService.class}, (p, m, a) -> null);
    private final HolidayCalendarManager calendars = new HolidayCalendarManager(store, instances);

    @Test
    public void anUploadedCsvCalendarSaysWhichDatesAreHolidaysAndMakeUpWorkdaysPerInstance() {
        calendars.replace(1, calendars.parse("date,kind,name\n2026-10-01,holiday,National Day\n\n2026-10-10,workday,Make-up\n"));
        assertEquals(Optional.of(DayKind.HOLIDAY), calendars.dayKind(1, LocalDate.of(2026, 10, 1)));
        assertEquals(Optional.of(DayKind.WORKDAY), calendars.dayKind(1, LocalDate.of(2026, 10, 10)));
        assertEquals(Optional.empty(), calendars.dayKind(1, LocalDate.of(2026, 10, 2)));
        assertEquals(Optional.empty(), calendars.dayKind(2, LocalDate.of(2026, 10, 1)));
        assertEquals(List.of(new Day(LocalDate.of(2026, 10, 1), DayKind.HOLIDAY, "National Day"),
                new Day(LocalDate.of(2026, 10, 10), DayKind.WORKDAY, "Make-up")), calendars.days(1));
    }

    @Test
    public void anUploadReplacesTheWholeCalendarAndJsonWorksAlike() {
        calendars.replace(1, calendars.parse("2026-10-01,holiday"));
        calendars.replace(1, calendars.parse("{\"days\":[{\"date\":\"2027-01-01\",\"kind\":\"holiday\",\"name\":\"New Year\"}]}"));
        assertEquals(Optional.empty(), calendars.dayKind(1, LocalDate.of(2026, 10, 1)));
        assertEquals(1, calendars.days(1).size());
        calendars.replace(1, List.of());
        assertEquals(List.of(), calendars.days(1));
    }

    @Test
    public void badUploadsAreRefusedNamingTheLineOrFieldAndChangeNothing() {
        calendars.replace(1, calendars.parse("2026-10-01,holiday"));
        assertField("line 2 date", () -> calendars.parse("2026-10-01,holiday\n2026-13-01,holiday"));
        assertField("line 1 kind", () -> calendars.parse("2026-10-01,vacation"));
        assertField("line 1", () -> calendars.parse("2026-10-01"));
        assertField("days[0].kind", () -> calendars.parse("{\"days\":[{\"date\":\"2026-10-01\",\"kind\":\"x\"}]}"));
        assertField("days[0].colour", () -> calendars.parse("{\"days\":[{\"colour\":\"red\"}]}"));
        assertField("days[1].date", () -> calendars.replace(1, calendars.parse("2026-10-02,holiday\n2026-10-02,workday")));
        assertField("days[0].name", () -> calendars.replace(1, List.of(new Day(LocalDate.of(2026, 1, 1), DayKind.HOLIDAY,
                "n".repeat(33)))));
        assertEquals(Optional.of(DayKind.HOLIDAY), calendars.dayKind(1, LocalDate.of(2026, 10, 1)));
        assertEquals(1, calendars.days(1).size());
    }

    private static void assertField(String field, Runnable r) {
        try {
            r.run();
            fail(field);
        } catch (DomainException e) {
            assertEquals(field, e.field());
        }
    }
}
