package io.parley.telephony;

import io.parley.api.bulk.BulkOutcome;
import io.parley.api.error.ConflictException;
import io.parley.api.error.DomainException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.hotword.HotWord;
import io.parley.api.hotword.HotWordService;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.HotWordStore;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Hot words with the rules of SPEC §17 and §34 points 49 and 62. Changes are serialised per
 * manager so the limit of {@value HotWordService#MAX_PER_INSTANCE} cannot be overrun by two
 * concurrent creates on this appliance.
 */
@Component(service = HotWordService.class)
public class HotWordManager implements HotWordService {

    /** Weighted length limit: 10 CJK ideographs or 20 other characters (§0.2, §34 p49). */
    static final int NAME_MAX_UNITS = 20;
    static final int WEIGHT_MIN = 1;
    static final int WEIGHT_MAX = 10;
    /** Bulk requests larger than this are refused, so one call cannot hold the lock for long. */
    static final int BULK_MAX_IDS = MAX_PER_INSTANCE;
    /** An import reports at most this many bad lines. */
    static final int MAX_REPORTED_LINES = 20;

    private final HotWordStore store;
    private final InstanceService instances;

    @Activate
    public HotWordManager(@Reference HotWordStore store, @Reference InstanceService instances) {
        this.store = store;
        this.instances = instances;
    }

    @Override
    public synchronized HotWord create(long instanceId, String name, Integer weight) {
        instances.get(instanceId);
        String n = name("name", name);
        int w = weight == null ? DEFAULT_WEIGHT : weight("weight", weight);
        requireFreeName(instanceId, n, -1);
        long count = store.count(instanceId);
        if (count >= MAX_PER_INSTANCE) {
            throw new ConflictException(null, "an instance holds at most " + MAX_PER_INSTANCE + " hot words; delete some first");
        }
        return store.insert(new HotWord(0, instanceId, n, w));
    }

    @Override
    public HotWord get(long instanceId, long hotWordId) {
        instances.get(instanceId);
        return store.find(instanceId, hotWordId).orElseThrow(() -> new NotFoundException("hot word", hotWordId));
    }

    @Override
    public Page<HotWord> list(long instanceId, String nameContains, PageRequest page) {
        instances.get(instanceId);
        return store.list(instanceId, nameContains == null || nameContains.isBlank() ? null : nameContains.strip(), page);
    }

    @Override
    public synchronized HotWord edit(long instanceId, long hotWordId, String name, Integer weight) {
        HotWord current = get(instanceId, hotWordId);
        String n = name == null ? current.name() : name("name", name);
        int w = weight == null ? current.weight() : weight("weight", weight);
        requireFreeName(instanceId, n, hotWordId);
        HotWord updated = new HotWord(hotWordId, instanceId, n, w);
        if (!store.update(updated)) {
            throw new NotFoundException("hot word", hotWordId);
        }
        return updated;
    }

    @Override
    public synchronized void delete(long instanceId, long hotWordId) {
        instances.get(instanceId);
        if (!store.delete(instanceId, hotWordId)) {
            throw new NotFoundException("hot word", hotWordId);
        }
    }

    @Override
    public synchronized BulkOutcome bulkDelete(long instanceId, List<Long> ids) {
        instances.get(instanceId);
        if (ids == null || ids.isEmpty()) {
            throw new InvalidException("ids", "must list at least one id");
        }
        if (ids.size() > BULK_MAX_IDS) {
            throw new InvalidException("ids", "must list at most " + BULK_MAX_IDS + " ids");
        }
        if (ids.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidException("ids", "must not contain null");
        }
        List<BulkOutcome.Item> items = new ArrayList<>();
        for (Long id : ids) {
            try {
                delete(instanceId, id);
                items.add(BulkOutcome.Item.success(id));
            } catch (DomainException e) {
                items.add(BulkOutcome.Item.failure(id, e.code(), e.getMessage()));
            }
        }
        return new BulkOutcome(items);
    }

    @Override
    public synchronized int importText(long instanceId, byte[] file) {
        instances.get(instanceId);
        if (file == null || file.length == 0) {
            throw new InvalidException("file", "is empty; a .txt file with one name|weight per line is required");
        }
        if (file.length > MAX_IMPORT_BYTES) {
            throw new InvalidException("file", "is " + file.length + " bytes; at most " + MAX_IMPORT_BYTES
                    + " bytes (100 KB) are accepted");
        }
        String text = utf8Text(file);
        List<HotWord> words = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String[] lines = text.split("\n", -1);
        int badLines = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank()) {
                continue;
            }
            try {
                HotWord w = parseLine(instanceId, line);
                Integer first = seen.putIfAbsent(w.name().toLowerCase(Locale.ROOT), lineNo);
                if (first != null) {
                    throw new InvalidException("name", "'" + w.name() + "' repeats line " + first);
                }
                words.add(w);
            } catch (InvalidException e) {
                if (++badLines <= MAX_REPORTED_LINES) {
                    problems.add("line " + lineNo + ": " + e.getMessage());
                }
            }
        }
        if (badLines > MAX_REPORTED_LINES) {
            problems.add("and " + (badLines - MAX_REPORTED_LINES) + " more bad line(s)");
        }
        if (words.size() > MAX_PER_INSTANCE) {
            problems.add(0, "the file holds " + words.size() + " entries; at most " + MAX_PER_INSTANCE + " are allowed");
        }
        if (!problems.isEmpty()) {
            throw new InvalidException("file", "nothing was imported: " + String.join("; ", problems));
        }
        store.replaceAll(instanceId, words);
        return words.size();
    }

    @Override
    public String exportText(long instanceId) {
        StringBuilder out = new StringBuilder();
        for (HotWord w : all(instanceId)) {
            out.append(w.name()).append('|').append(w.weight()).append('\n');
        }
        return out.toString();
    }

    @Override
    public List<HotWord> all(long instanceId) {
        instances.get(instanceId);
        return store.all(instanceId);
    }

    /** One {@code name|weight} line; the weight is required in a file. */
    private static HotWord parseLine(long instanceId, String line) {
        int bar = line.indexOf('|');
        if (bar < 0) {
            throw new InvalidException("line", "must be name|weight with an ASCII vertical bar");
        }
        if (line.indexOf('|', bar + 1) >= 0) {
            throw new InvalidException("line", "must hold exactly one vertical bar");
        }
        String name = name("name", line.substring(0, bar));
        String weightText = line.substring(bar + 1).strip();
        if (!weightText.matches("[0-9]{1,2}")) {
            throw new InvalidException("weight", "must be an integer " + WEIGHT_MIN + ".." + WEIGHT_MAX);
        }
        return new HotWord(0, instanceId, name, weight("weight", Integer.parseInt(weightText)));
    }

    private static String utf8Text(byte[] file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidException("file", "must be a UTF-8 .txt file");
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidException("file", "must be a UTF-8 .txt file, not binary data");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private void requireFreeName(long instanceId, String name, long self) {
        store.findByName(instanceId, name).filter(w -> w.id() != self).ifPresent(w -> {
            throw new ConflictException("name", "name: hot word '" + name + "' already exists (id " + w.id() + ")");
        });
    }

    /**
     * SPEC §17.1: only letters, digits, CJK ideographs, {@code _} and {@code -}; at most 10 CJK
     * or 20 other characters, counted as a weighted length (CJK = 2).
     */
    static String name(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidException(field, "is required");
        }
        String v = value.strip();
        v.codePoints().forEach(cp -> {
            if (!(Character.isLetterOrDigit(cp) || Character.isIdeographic(cp) || cp == '_' || cp == '-')) {
                throw new InvalidException(field, "may hold only letters, digits, CJK ideographs, _ and -; '"
                        + new String(Character.toChars(cp)) + "' is not allowed");
            }
        });
        int units = WeightedLength.of(v);
        if (units > NAME_MAX_UNITS) {
            throw new InvalidException(field, "must be at most 10 CJK or 20 other characters (weighted length "
                    + units + " > " + NAME_MAX_UNITS + ")");
        }
        return v;
    }

    static int weight(String field, int weight) {
        if (weight < WEIGHT_MIN || weight > WEIGHT_MAX) {
            throw new InvalidException(field, "must be " + WEIGHT_MIN + ".." + WEIGHT_MAX);
        }
        return weight;
    }
}
