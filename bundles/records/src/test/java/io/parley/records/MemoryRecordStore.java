package io.parley.records;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.record.RecordFilter;
import io.parley.api.store.ServiceRecordStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The store in memory: the SQL filters are proven by the store bundle's tests; here only instance and range. */
final class MemoryRecordStore implements ServiceRecordStore {

    final Map<String, StoredServiceRecord> rows = new LinkedHashMap<>();
    int saves;
    boolean failing;

    @Override
    public synchronized void save(List<StoredServiceRecord> records) {
        if (failing) {
            throw new IllegalStateException("database down");
        }
        for (StoredServiceRecord r : records) {
            StoredServiceRecord old = rows.get(r.sessionId());
            String remark = old == null ? r.remark() : old.remark();
            rows.put(r.sessionId(), with(r, remark));
        }
        saves++;
    }

    private static StoredServiceRecord with(StoredServiceRecord r, String remark) {
        return new StoredServiceRecord(r.instanceId(), r.sessionId(), r.time(), r.category(), r.direction(),
                r.agentTerminal(), r.callerNumber(), r.calleeNumber(), remark, r.status(), r.durationS(),
                r.ringDurationS(), r.talkDurationS(), r.queueDurationS(), r.holdDurationS(), r.agentId(),
                r.agentName(), r.skillGroupId(), r.skillGroup(), r.hangupParty(), r.campaignId(), r.open(),
                r.lastSeenAt(), r.endedAt(), r.detailJson());
    }

    @Override
    public synchronized Optional<StoredServiceRecord> find(long instanceId, String sessionId) {
        return Optional.ofNullable(rows.get(sessionId)).filter(r -> r.instanceId() == instanceId);
    }

    private synchronized List<StoredServiceRecord> matching(long instanceId, RecordFilter f) {
        return rows.values().stream().filter(r -> r.instanceId() == instanceId)
                .filter(r -> !r.time().isBefore(f.from()) && r.time().isBefore(f.to()))
                .sorted(Comparator.comparing(StoredServiceRecord::time).reversed()).toList();
    }

    @Override
    public Page<StoredServiceRecord> list(long instanceId, RecordFilter filter, PageRequest page) {
        List<StoredServiceRecord> all = matching(instanceId, filter);
        int from = (int) Math.min(all.size(), page.offset());
        return new Page<>(all.subList(from, Math.min(all.size(), from + page.pageSize())), all.size());
    }

    @Override
    public void each(long instanceId, RecordFilter filter, Consumer<StoredServiceRecord> consumer) {
        matching(instanceId, filter).forEach(consumer);
    }

    @Override
    public synchronized List<StoredServiceRecord> open() {
        return rows.values().stream().filter(StoredServiceRecord::open).toList();
    }

    @Override
    public synchronized void touch(List<String> sessionIds, Instant at) {
        for (String id : new ArrayList<>(sessionIds)) {
            StoredServiceRecord r = rows.get(id);
            if (r != null && r.open()) {
                rows.put(id, new StoredServiceRecord(r.instanceId(), r.sessionId(), r.time(), r.category(),
                        r.direction(), r.agentTerminal(), r.callerNumber(), r.calleeNumber(), r.remark(), r.status(),
                        r.durationS(), r.ringDurationS(), r.talkDurationS(), r.queueDurationS(), r.holdDurationS(),
                        r.agentId(), r.agentName(), r.skillGroupId(), r.skillGroup(), r.hangupParty(), r.campaignId(),
                        true, at, r.endedAt(), r.detailJson()));
            }
        }
    }

    @Override
    public synchronized boolean setRemark(long instanceId, String sessionId, String remark) {
        StoredServiceRecord r = rows.get(sessionId);
        if (r == null || r.instanceId() != instanceId) {
            return false;
        }
        rows.put(sessionId, with(r, remark));
        return true;
    }
}
