package io.parley.rest;

import io.parley.api.settings.HolidayCalendarService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/**
 * The statutory-holiday calendar of SPEC §8.6, {@code {I}/settings/holiday-calendar}: read, and
 * replaced by an upload (CSV {@code date,kind[,name]} as text/csv, or JSON {@code {"days":[…]}}).
 * Working hours are IVR configuration: permission {@code ivr}.
 */
@Path("/instances/{instanceId}/settings/holiday-calendar")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ivr")
public class HolidayCalendarResource {

    private final HolidayCalendarService calendars;

    HolidayCalendarResource(HolidayCalendarService calendars) {
        this.calendars = calendars;
    }

    @GET
    @Allowed(permission = "ivr")
    @Operation(summary = "The instance's holidays and make-up working days, by date")
    public CalendarView get(@PathParam("instanceId") String instanceId) {
        return CalendarView.of(calendars.days(Json.pathId("instanceId", instanceId)));
    }

    @PUT
    @Consumes({MediaType.APPLICATION_JSON, "text/csv", MediaType.TEXT_PLAIN})
    @Allowed(permission = "ivr")
    @Operation(summary = "Replace the calendar: JSON {\"days\":[{date, kind, name}]} or CSV lines date,kind[,name] "
            + "(kind holiday or workday; a header line is skipped); an empty list clears it",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = CalendarView.class))))
    public CalendarView replace(@PathParam("instanceId") String instanceId, String body) {
        long instance = Json.pathId("instanceId", instanceId);
        return CalendarView.of(calendars.replace(instance, calendars.parse(body)));
    }

    @Schema(name = "HolidayCalendar", description = "SPEC §8.6 follow_legal_workdays")
    record CalendarView(List<DayView> days) {
        static CalendarView of(List<HolidayCalendarService.Day> days) {
            return new CalendarView(days.stream().map(d -> new DayView(d.date().toString(),
                    d.kind().name().toLowerCase(Locale.ROOT), d.name())).toList());
        }
    }

    @Schema(name = "HolidayCalendarDay")
    record DayView(@Schema(description = "ISO date", example = "2026-10-01") String date,
                   @Schema(allowableValues = {"holiday", "workday"}) String kind,
                   @Schema(description = "0..32 characters") String name) {
    }
}
