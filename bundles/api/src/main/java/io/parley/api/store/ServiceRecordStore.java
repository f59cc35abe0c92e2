package io.parley.api.store;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.record.RecordFilter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Persistence of service records (SPEC §27), written by the records bundle at every step of a
 * call. The columns a query filters on are plain values; the rest of the record (IVR path,
 * transfers, satisfaction, voicemail, recording, variables and the records bundle's own
 * progress marks) travels as one JSON text, {@code detailJson}, that the store keeps without
 * reading it.
 *
 * <pre>{@code
 * store.save(row);                                   // insert or update, keeps the remark
 * for (StoredServiceRecord r : store.open()) ...     // left open by a crash
 * }</pre>
 */
public interface ServiceRecordStore {

    /**
     * One stored record. {@code lastSeenAt} is when the appliance last knew the session was up;
     * {@code open} is true until the record is final.
     */
    record StoredServiceRecord(long instanceId, String sessionId, Instant time, String category, String direction,
                               String agentTerminal, String callerNumber, String calleeNumber, String remark,
                               String status, int durationS, int ringDurationS, int talkDurationS, int queueDurationS,
                               int holdDurationS, String agentId, String agentName, Long skillGroupId,
                               String skillGroup, String hangupParty, Long campaignId, boolean open,
                               Instant lastSeenAt, Instant endedAt, String detailJson) {
    }

    /** Inserts or updates the records in one transaction; an update never changes the remark. */
    void save(List<StoredServiceRecord> records);

    Optional<StoredServiceRecord> find(long instanceId, String sessionId);

    /**
     * Records matching {@code filter} (its {@code from}/{@code to} must be set), newest first.
     */
    Page<StoredServiceRecord> list(long instanceId, RecordFilter filter, PageRequest page);

    /** Every record matching {@code filter}, newest first, handed over one by one as read. */
    void each(long instanceId, RecordFilter filter, Consumer<StoredServiceRecord> consumer);

    /** The records still open, of every instance. */
    List<StoredServiceRecord> open();

    /** Marks the open records among {@code sessionIds} as seen at {@code at}. */
    void touch(List<String> sessionIds, Instant at);

    /** Sets the remark; false when there is no such record. */
    boolean setRemark(long instanceId, String sessionId, String remark);
}
