package io.parley.directory;

import io.parley.api.blocklist.BlocklistEntry;
import io.parley.api.blocklist.BlocklistService;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.BlocklistStore;
import java.time.Instant;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The blocklist with the rules of SPEC §24.1: numbers in canonical international form
 * ({@code +} becomes {@code 00}; the instance has no default country code yet, so a
 * national number is refused), unique per instance, remark up to 100 characters.
 */
@Component(service = BlocklistService.class)
public class BlocklistManager implements BlocklistService {

    static final int REMARK_MAX = 100;
    static final Pattern NUMBER = Pattern.compile("00[1-9][0-9]{4,20}");
    static final String SOURCE_ADMIN = "admin";

    private final BlocklistStore store;
    private final InstanceService instances;

    @Activate
    public BlocklistManager(@Reference BlocklistStore store, @Reference InstanceService instances) {
        this.store = store;
        this.instances = instances;
    }

    @Override
    public BlocklistEntry add(long instanceId, String number, String addedBy, String remark, Instant expiresAt) {
        instances.get(instanceId);
        String canonical = canonical(number);
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
        return store.insert(new BlocklistEntry(0, instanceId, canonical, SOURCE_ADMIN, addedBy, now, r, expiresAt));
    }

    @Override
    public Page<BlocklistEntry> list(long instanceId, String q, PageRequest page) {
        instances.get(instanceId);
        String part = q == null || q.isBlank() ? null : q.strip().replace("+", "00");
        return store.list(instanceId, part, page);
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
        String canonical = canonical(number);
        return store.findByNumber(instanceId, canonical).map(e -> e.activeAt(Instant.now())).orElse(false);
    }

    static String canonical(String number) {
        if (number == null || number.isBlank()) {
            throw new InvalidException("number", "is required");
        }
        String n = number.strip().replace(" ", "").replace("-", "");
        n = n.startsWith("+") ? "00" + n.substring(1) : n;
        if (!NUMBER.matcher(n).matches()) {
            throw new InvalidException("number", "must be an international number: + or 00, the country code and "
                    + "the number (5..21 digits after the prefix)");
        }
        return n;
    }
}
