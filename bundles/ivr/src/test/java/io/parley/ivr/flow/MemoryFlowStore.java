package io.parley.ivr.flow;

import io.parley.api.error.ConflictException;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.IvrFlowStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** IvrFlowStore in memory, with the same uniqueness rules, for manager and engine tests. */
public final class MemoryFlowStore implements IvrFlowStore {

    private final AtomicLong ids = new AtomicLong(1003300);
    final Map<Long, FlowRow> flows = new TreeMap<>();
    final List<VersionRow> versions = new ArrayList<>();
    public final List<Binding> bindings = new ArrayList<>();
    public final Map<Binding, Long> bindingFlows = new java.util.HashMap<>();

    @Override
    public synchronized long insertFlow(FlowRow f, VersionRow first) {
        if (flows.values().stream().anyMatch(x -> x.instanceId() == f.instanceId() && x.kind().equals(f.kind())
                && x.name().equalsIgnoreCase(f.name()))) {
            throw new ConflictException("name", "name: is already taken");
        }
        long id = ids.incrementAndGet();
        flows.put(id, new FlowRow(id, f.instanceId(), f.kind(), f.name(), f.template(), f.updatedAt()));
        versions.add(new VersionRow(id, first.version(), first.basedOn(), first.notes(), first.status(), first.updatedAt(),
                first.graphJson()));
        return id;
    }

    @Override
    public synchronized Optional<FlowRow> findFlow(long instanceId, long flowId) {
        return Optional.ofNullable(flows.get(flowId)).filter(f -> f.instanceId() == instanceId);
    }

    @Override
    public synchronized Page<FlowRow> listFlows(long instanceId, String kind, String q, PageRequest page) {
        List<FlowRow> all = flows.values().stream().filter(f -> f.instanceId() == instanceId)
                .filter(f -> kind == null || f.kind().equals(kind))
                .filter(f -> q == null || f.name().toLowerCase().contains(q.toLowerCase()) || String.valueOf(f.id()).equals(q))
                .toList();
        return new Page<>(all.stream().skip(page.offset()).limit(page.pageSize()).toList(), all.size());
    }

    @Override
    public synchronized boolean renameFlow(long instanceId, long flowId, String name, Instant at) {
        FlowRow f = flows.get(flowId);
        flows.put(flowId, new FlowRow(flowId, f.instanceId(), f.kind(), name, f.template(), at));
        return true;
    }

    @Override
    public synchronized boolean deleteFlow(long instanceId, long flowId) {
        versions.removeIf(v -> v.flowId() == flowId);
        return flows.remove(flowId) != null;
    }

    @Override
    public synchronized List<VersionRow> versions(long flowId) {
        return versions.stream().filter(v -> v.flowId() == flowId).toList();
    }

    @Override
    public synchronized Optional<VersionRow> findVersion(long flowId, String version) {
        return versions(flowId).stream().filter(v -> v.version().equals(version)).findFirst();
    }

    @Override
    public synchronized void insertVersion(VersionRow version) {
        if (findVersion(version.flowId(), version.version()).isPresent()) {
            throw new ConflictException("version", "version: is already taken");
        }
        versions.add(version);
    }

    @Override
    public synchronized boolean updateVersion(VersionRow version) {
        for (int i = 0; i < versions.size(); i++) {
            VersionRow v = versions.get(i);
            if (v.flowId() == version.flowId() && v.version().equals(version.version())) {
                versions.set(i, version);
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized boolean deleteVersion(long flowId, String version) {
        return versions.removeIf(v -> v.flowId() == flowId && v.version().equals(version));
    }

    @Override
    public synchronized List<Binding> bindings(long instanceId, long flowId) {
        return bindings.stream().filter(b -> bindingFlows.get(b) == flowId).toList();
    }

    public synchronized void bind(long flowId, String number, String version) {
        Binding b = new Binding(bindings.size() + 1, number, "inbound", version);
        bindings.add(b);
        bindingFlows.put(b, flowId);
    }
}
