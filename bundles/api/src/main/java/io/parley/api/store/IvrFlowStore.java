package io.parley.api.store;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of IVR flows and versions (SPEC §7, §9). The store keeps a graph as the JSON text
 * it is given, of any length; it knows nothing of its content.
 *
 * <pre>{@code
 * long id = store.insertFlow(new FlowRow(0, instanceId, "inbound", "Hotline", "", now),
 *         new VersionRow(0, "MAIN", null, null, "published", now, graphJson));
 * store.insertVersion(new VersionRow(id, "v2", "MAIN", "", "draft", now, graphJson));
 * }</pre>
 */
public interface IvrFlowStore {

    record FlowRow(long id, long instanceId, String kind, String name, String template, Instant updatedAt) {
    }

    record VersionRow(long flowId, String version, String basedOn, String notes, String status, Instant updatedAt,
                      String graphJson) {
    }

    /** A number binding a flow: {@code direction} is {@code inbound} or {@code outbound}. */
    record Binding(long numberId, String number, String direction, String version) {
    }

    /**
     * Inserts the flow and its first version in one transaction; returns the flow id.
     *
     * @throws io.parley.api.error.ConflictException field {@code name} when the name is taken within the kind
     */
    long insertFlow(FlowRow flow, VersionRow first);

    Optional<FlowRow> findFlow(long instanceId, long flowId);

    /** Flows of {@code kind} (null: all) whose name contains {@code q} ignoring case or whose id is {@code q}; by id. */
    Page<FlowRow> listFlows(long instanceId, String kind, String q, PageRequest page);

    boolean renameFlow(long instanceId, long flowId, String name, Instant at);

    /** Deletes the flow and its versions. */
    boolean deleteFlow(long instanceId, long flowId);

    /** Versions by creation, with their graphs. */
    List<VersionRow> versions(long flowId);

    Optional<VersionRow> findVersion(long flowId, String version);

    /** @throws io.parley.api.error.ConflictException field {@code version} when it exists */
    void insertVersion(VersionRow version);

    /** Replaces notes, status, time and graph; also marks the flow updated. */
    boolean updateVersion(VersionRow version);

    boolean deleteVersion(long flowId, String version);

    /** Numbers of the instance whose inbound or outbound IVR is this flow. */
    List<Binding> bindings(long instanceId, long flowId);
}
