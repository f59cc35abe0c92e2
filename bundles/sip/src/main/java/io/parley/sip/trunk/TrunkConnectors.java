package io.parley.sip.trunk;

import io.parley.api.sip.trunk.TrunkConnector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link TrunkConnector} services registered now, by docking mode: the one a mode uses is the
 * highest {@code service.ranking} (then the oldest, lowest {@code service.id}), as a greedy reference
 * would pick. Fed by {@code SipTrunkManager}'s dynamic reference; thread-safe.
 *
 * <pre>{@code
 * connectors.add(carrierConnector, Map.of(TrunkConnector.DOCKING_MODE, "carrier_account", "service.id", 41L));
 * connectors.of("carrier_account");    // Optional[carrierConnector]
 * connectors.remove(carrierConnector);
 * }</pre>
 */
public final class TrunkConnectors {

    private record Entry(TrunkConnector connector, String mode, int ranking, long serviceId) {
    }

    private static final Comparator<Entry> BEST = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new ArrayList<>();

    /** A connector registered with {@code properties} (its docking mode, ranking and service id). */
    public synchronized void add(TrunkConnector connector, Map<String, ?> properties) {
        Object mode = properties.get(TrunkConnector.DOCKING_MODE);
        if (mode == null) {
            throw new IllegalArgumentException("a TrunkConnector needs the service property " + TrunkConnector.DOCKING_MODE);
        }
        entries.add(new Entry(connector, mode.toString(), number(properties.get("service.ranking"), 0),
                number(properties.get("service.id"), Long.MAX_VALUE)));
    }

    public synchronized void remove(TrunkConnector connector) {
        entries.removeIf(e -> e.connector() == connector);
    }

    /** The connector keeping channels of {@code dockingMode} now, or empty. */
    public synchronized Optional<TrunkConnector> of(String dockingMode) {
        return entries.stream().filter(e -> e.mode().equals(dockingMode)).min(BEST).map(Entry::connector);
    }

    /** Every connector registered now (for their credential refusals). */
    public synchronized List<TrunkConnector> all() {
        return entries.stream().map(Entry::connector).distinct().toList();
    }

    private static int number(Object o, int otherwise) {
        return o instanceof Number n ? n.intValue() : otherwise;
    }

    private static long number(Object o, long otherwise) {
        return o instanceof Number n ? n.longValue() : otherwise;
    }
}
