package io.parley.api.hotword;

import io.parley.api.bulk.BulkOutcome;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.util.List;

/**
 * Hot-word vocabulary with every rule of SPEC §17, shared by REST and the shell.
 *
 * <pre>{@code
 * hotWords.create(instanceId, "mysql", 6);
 * int imported = hotWords.importText(instanceId, Files.readAllBytes(Path.of("words.txt")));
 * String file = hotWords.exportText(instanceId);   // "mysql|6\n…"
 * }</pre>
 */
public interface HotWordService {

    /** At most this many hot words per instance. */
    int MAX_PER_INSTANCE = 1000;
    /** Largest accepted import file, in bytes (100 KB). */
    int MAX_IMPORT_BYTES = 100 * 1024;
    /** Weight given when none is (§34 point 62). */
    int DEFAULT_WEIGHT = 10;

    /**
     * @param weight null for the default, 10
     * @throws io.parley.api.error.InvalidException  the name or weight breaks a §17.1 rule
     * @throws io.parley.api.error.ConflictException the name is taken, or 1000 hot words exist already
     * @throws io.parley.api.error.NotFoundException the instance does not exist
     */
    HotWord create(long instanceId, String name, Integer weight);

    /** @throws io.parley.api.error.NotFoundException when absent */
    HotWord get(long instanceId, long hotWordId);

    /** Hot words whose name contains {@code nameContains} ignoring case (null: all), by id. */
    Page<HotWord> list(long instanceId, String nameContains, PageRequest page);

    /** Changes the non-null fields, with the same validation as {@link #create}. */
    HotWord edit(long instanceId, long hotWordId, String name, Integer weight);

    /** Deletes permanently. @throws io.parley.api.error.NotFoundException when absent */
    void delete(long instanceId, long hotWordId);

    /**
     * Deletes each id, reporting per id.
     *
     * @throws io.parley.api.error.InvalidException on an empty or missing id list (field {@code ids})
     */
    BulkOutcome bulkDelete(long instanceId, List<Long> ids);

    /**
     * Replaces the whole list with the file's entries, or changes nothing: a UTF-8 text of at
     * most {@link #MAX_IMPORT_BYTES} bytes, one {@code name|weight} per line, empty lines
     * ignored, at most {@link #MAX_PER_INSTANCE} entries.
     *
     * @return the number of hot words now stored
     * @throws io.parley.api.error.InvalidException naming every bad line by its number (field {@code file})
     */
    int importText(long instanceId, byte[] file);

    /** Every hot word as {@code name|weight} lines (UTF-8, {@code \n}), in id order; the import format. */
    String exportText(long instanceId);

    /** Every hot word of the instance in id order, as handed to the recogniser. */
    List<HotWord> all(long instanceId);
}
