package io.parley.telephony;

import io.parley.api.error.ConflictException;
import io.parley.api.error.NotFoundException;
import io.parley.api.hotword.HotWord;
import io.parley.api.instance.Instance;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.HotWordStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/** In-memory services and stores for unit tests of the managers; the JDBC stores have their own tests. */
final class Fakes {

    static final long INSTANCE = 1_000_001L;

    private Fakes() {
    }

    static final class Instances implements InstanceService {
        final Instance only = new Instance(INSTANCE, "default", "UTC", Instant.EPOCH);

        public Instance defaultInstance() {
            return only;
        }

        public Instance get(long instanceId) {
            if (instanceId != INSTANCE) {
                throw new NotFoundException("instance", instanceId);
            }
            return only;
        }

        public Page<Instance> list(PageRequest page) {
            return new Page<>(List.of(only), 1);
        }

        public Instance create(String name, String timeZone) {
            throw new UnsupportedOperationException();
        }
    }

    static final class HotWords implements HotWordStore {
        final TreeMap<Long, HotWord> rows = new TreeMap<>();
        long next = 1;
        int replaceCalls;

        public HotWord insert(HotWord w) {
            findByName(w.instanceId(), w.name()).ifPresent(x -> {
                throw new ConflictException("name", "name: is already taken");
            });
            HotWord s = new HotWord(next++, w.instanceId(), w.name(), w.weight());
            rows.put(s.id(), s);
            return s;
        }

        public Optional<HotWord> find(long instanceId, long id) {
            return Optional.ofNullable(rows.get(id)).filter(w -> w.instanceId() == instanceId);
        }

        public Optional<HotWord> findByName(long instanceId, String name) {
            return rows.values().stream().filter(w -> w.instanceId() == instanceId
                    && w.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))).findFirst();
        }

        public Page<HotWord> list(long instanceId, String q, PageRequest page) {
            List<HotWord> all = all(instanceId).stream()
                    .filter(w -> q == null || w.name().toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT)))
                    .toList();
            return new Page<>(all.stream().skip(page.offset()).limit(page.pageSize()).toList(), all.size());
        }

        public List<HotWord> all(long instanceId) {
            return rows.values().stream().filter(w -> w.instanceId() == instanceId).toList();
        }

        public long count(long instanceId) {
            return all(instanceId).size();
        }

        public boolean update(HotWord w) {
            return rows.replace(w.id(), w) != null;
        }

        public boolean delete(long instanceId, long id) {
            return rows.remove(id) != null;
        }

        public void replaceAll(long instanceId, List<HotWord> words) {
            replaceCalls++;
            rows.values().removeIf(w -> w.instanceId() == instanceId);
            for (HotWord w : new ArrayList<>(words)) {
                insert(w);
            }
        }
    }
}
