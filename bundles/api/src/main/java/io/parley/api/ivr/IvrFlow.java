package io.parley.api.ivr;

import java.time.Instant;
import java.util.List;

/**
 * An IVR flow (SPEC §7.2) with a summary of its versions.
 *
 * <pre>{@code
 * IvrFlow f = flows.create(instanceId, IvrFlow.INBOUND, "Hotline", null);
 * f.versions();   // [MAIN draft-or-published]
 * }</pre>
 *
 * @param id                the "session service flow ID"
 * @param instanceId        the instance
 * @param kind              {@link #INBOUND}, {@link #SELF_SERVICE}, {@link #AUTOMATIC_OUTBOUND} or {@link #OUTBOUND}; immutable
 * @param name              1..64 characters, unique per kind (ignoring case)
 * @param template          the built-in template it was made from, or blank
 * @param status            {@code published} when at least one version is, else {@code draft}
 * @param updatedAt         last change of the flow or a version
 * @param versions          every version, MAIN first, without their graphs
 * @param associatedNumbers numbers binding a version of this flow (inbound and outbound kinds)
 */
public record IvrFlow(long id, long instanceId, String kind, String name, String template, String status,
                      Instant updatedAt, List<VersionSummary> versions, List<String> associatedNumbers) {

    public static final String INBOUND = "inbound";
    public static final String SELF_SERVICE = "self_service";
    public static final String AUTOMATIC_OUTBOUND = "automatic_outbound";
    public static final String OUTBOUND = "outbound";
    public static final List<String> KINDS = List.of(INBOUND, SELF_SERVICE, AUTOMATIC_OUTBOUND, OUTBOUND);

    public IvrFlow {
        versions = List.copyOf(versions);
        associatedNumbers = List.copyOf(associatedNumbers);
    }

    /** A version without its graph, for lists. */
    public record VersionSummary(String version, String basedOn, String notes, String status, Instant updatedAt) {
    }
}
