package io.parley.api.record;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.io.Writer;

/**
 * Service records (SPEC §27.3): queries, CSV export and the remark. The records bundle keeps
 * them from the {@code parley/call/*} events; nothing else writes them.
 *
 * <pre>{@code
 * Page<ServiceRecord> today = records.list(instanceId, RecordFilter.all(), PageRequest.of(1, 15));
 * records.export(instanceId, RecordFilter.all().withStatus("normal_end"), writer);
 * records.setRemark(instanceId, "lq3k9x-1a", "called back on Monday");
 * }</pre>
 */
public interface ServiceRecordService {

    /** Default and largest span of one query (SPEC §27.3). */
    int MAX_RANGE_DAYS = 31;
    /** Records per page unless asked otherwise (SPEC §27.3). */
    int DEFAULT_PAGE_SIZE = 15;
    /** Longest remark (SPEC §27.1). */
    int MAX_REMARK = 200;

    /**
     * The filter with its range filled in (today in the instance's time zone when absent) and
     * checked, so a caller can refuse bad input before it starts streaming an export.
     *
     * @throws io.parley.api.error.InvalidException as {@link #list}
     */
    RecordFilter checked(long instanceId, RecordFilter filter);

    /**
     * The records matching {@code filter}, newest first.
     *
     * @throws io.parley.api.error.InvalidException naming {@code from}/{@code to} for a range over 31 days or
     *         reversed, or the enum field with a value SPEC §27 does not know
     */
    Page<ServiceRecord> list(long instanceId, RecordFilter filter, PageRequest page);

    /** One record, open or closed; visible per {@link RecordFilter#visible()} ({@code NotFoundException} otherwise). */
    ServiceRecord get(long instanceId, String sessionId, RecordFilter visibleTo);

    /**
     * Writes the records matching {@code filter} as CSV (a header line, then one line per record,
     * durations as {@code HH:MM:SS}), newest first, without holding them all in memory.
     */
    void export(long instanceId, RecordFilter filter, Writer out) throws java.io.IOException;

    /** Sets the remark (≤200 characters; null or empty clears it) and returns the record. */
    ServiceRecord setRemark(long instanceId, String sessionId, String remark, RecordFilter visibleTo);
}
