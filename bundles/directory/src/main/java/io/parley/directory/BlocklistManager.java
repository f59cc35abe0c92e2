package io.parley.directory;

import io.parley.api.blocklist.BlocklistEntry;
import io.parley.api.blocklist.BlocklistDraft;
import io.parley.api.blocklist.BlocklistService;
import io.parley.api.blocklist.BulkAddResult;
import io.parley.api.bulk.BulkOutcome;
import io.parley.api.error.DomainException;
import io.parley.api.error.ForbiddenException;
import io.parley.api.settings.InstanceSettingsService;
import java.util.ArrayList;
import java.util.List;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.BlocklistStore;
import io.parley.api.telephony.CanonicalNumbers;
import io.parley.api.telephony.NumberService;
import java.time.Instant;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The blocklist with the rules of SPEC §24.1: numbers in the appliance's one canonical form
 * ({@link NumberService#canonical}, the form the SIP calls look callers up in: a national number
 * gets the default country code, a landline keeps its trunk 0), unique per instance, remark up
 * to 100 characters; and §24.2: bulk import and removal reported per item, agents adding
 * numbers only while {@code allow_agent_blocklist} is on.
 */
@Component(service = BlocklistService.class)
public class BlocklistManager implements BlocklistService {

    static final int REMARK_MAX = 100;
    static final String SOURCE_ADMIN = "admin";
    static final String SOURCE_AGENT = "agent";
    static final String SOURCE_IMPORT = "import";
    static final java.util.Set<String> SOURCES = java.util.Set.of(SOURCE_ADMIN, SOURCE_AGENT, SOURCE_IMPORT);

    private final BlocklistStore store;
    private final InstanceService instances;
    private final InstanceSettingsService settings;
    private final CanonicalNumbers numbers;

    @Activate
    public BlocklistManager(@Reference BlocklistStore store, @Reference InstanceService instances,
                            @Reference InstanceSettingsService settings, @Reference NumberService numbers) {
        this(store, instances, settings, (CanonicalNumbers) numbers);
    }

    BlocklistManager(BlocklistStore store, InstanceService instances, InstanceSettingsService settings,
                     CanonicalNumbers numbers) {
        this.store = store;
        this.instances = instances;
        this.settings = settings;
        this.numbers = numbers;
    }

    @Override
    public BlocklistEntry add(long instanceId, String number, String addedBy, String remark, Instant expiresAt) {
        instances.get(instanceId);
        return add(instanceId, number, SOURCE_ADMIN, addedBy, remark, expiresAt);
    }

    @Override
    public BlocklistEntry addByAgent(long instanceId, String number, String agentLogin, String remark) {
        instances.get(instanceId);
        if (!settings.general(instanceId).allowAgentBlocklist()) {
            throw ForbiddenException.because("allow_agent_blocklist", "agents may not add numbers to the blocklist: "
                    + "the general setting allow_agent_blocklist is off");
        }
        return add(instanceId, number, SOURCE_AGENT, agentLogin, remark, null);
    }

    @Override
    public BulkAddResult bulkAdd(long instanceId, List<BlocklistDraft> entries, String addedBy) {
        instances.get(instanceId);
        if (entries == null || entries.isEmpty() || entries.size() > BULK_MAX) {
            throw new InvalidException("entries", "must hold 1.." + BULK_MAX + " numbers");
        }
        List<BulkAddResult.Item> items = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            BlocklistDraft d = entries.get(i);
            String number = d == null ? null : d.number();
            try {
                if (d == null) {
                    throw new InvalidException("number", "is required");
                }
                BlocklistEntry e = add(instanceId, d.number(), SOURCE_IMPORT, addedBy, d.remark(), d.expiresAt());
                items.add(new BulkAddResult.Item(i, number, true, e.id(), null, null, null));
            } catch (DomainException e) {
                items.add(new BulkAddResult.Item(i, number, false, null, e.code(), e.field(), e.getMessage()));
            }
        }
        return new BulkAddResult(items);
    }

    @Override
    public BulkOutcome bulkRemove(long instanceId, List<Long> ids) {
        instances.get(instanceId);
        if (ids == null || ids.isEmpty() || ids.size() > BULK_MAX) {
            throw new InvalidException("ids", "must hold 1.." + BULK_MAX + " entry ids");
        }
        List<BulkOutcome.Item> items = new ArrayList<>();
        for (Long id : ids) {
            if (id != null && store.delete(instanceId, id)) {
                items.add(BulkOutcome.Item.success(id));
            } else {
                items.add(BulkOutcome.Item.failure(id == null ? 0 : id, "NOT_FOUND", "blocklist entry " + id
                        + " does not exist"));
            }
        }
        return new BulkOutcome(items);
    }

    private BlocklistEntry add(long instanceId, String number, String source, String addedBy, String remark,
                               Instant expiresAt) {
        String canonical = numbers.canonical("number", number);
        String r = remark == null || remark.isBlank() ? null : remark.strip();
        if (r != null && r.codePointCount(0, r.length()) > REMARK_MAX) {
            throw new InvalidException("remark", "must be at most " + REMARK_MAX + " characters");
        }
        Instant now = Instant.now();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidException("expires_at", "must be in the future");
        }
        store.findByNumber(instanceId, canonical).ifPresent(e -> {
            throw new ConflictException("number", "number: " + canonical + " is already blocklisted (entry " + e.id() + ")");
        });
        return store.insert(new BlocklistEntry(0, instanceId, canonical, source, addedBy, now, r, expiresAt));
    }

    @Override
    public Page<BlocklistEntry> list(long instanceId, String q, String source, PageRequest page) {
        instances.get(instanceId);
        String part = q == null || q.isBlank() ? null : q.strip().replace("+", "00");
        if (source != null && !SOURCES.contains(source)) {
            throw new InvalidException("source", "must be one of admin, agent, import");
        }
        return store.list(instanceId, part, source, page);
    }

    @Override
    public BlocklistEntry get(long instanceId, long id) {
        instances.get(instanceId);
        return store.find(instanceId, id).orElseThrow(() -> new NotFoundException("blocklist entry", id));
    }

    @Override
    public void remove(long instanceId, long id) {
        get(instanceId, id);
        if (!store.delete(instanceId, id)) {
            throw new NotFoundException("blocklist entry", id);
        }
    }

    @Override
    public boolean isBlocked(long instanceId, String number) {
        String canonical = numbers.canonical("number", number);
        return store.findByNumber(instanceId, canonical).map(e -> e.activeAt(Instant.now())).orElse(false);
    }
}
