package io.parley.api.system;

import java.util.List;

/**
 * A part of the appliance that can raise {@link Alarm}s, an OSGi service the system bundle
 * gathers (dynamic, multiple) into {@link ApplianceStatus#alarms()}.
 *
 * <pre>{@code
 * @Component(service = AlarmSource.class)
 * public class DiskGuard implements AlarmSource {
 *     private volatile Alarm raised;
 *     public List<Alarm> alarms() { Alarm a = raised; return a == null ? List.of() : List.of(a); }
 * }
 * }</pre>
 */
public interface AlarmSource {

    /** @return the alarms raised now, none when all is well; must answer at once (no I/O) */
    List<Alarm> alarms();
}
