package io.parley.telephony;

import io.parley.api.error.ConflictException;
import io.parley.api.error.NotFoundException;
import io.parley.api.hotword.HotWord;
import io.parley.api.instance.Instance;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.RingingMode;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.store.HotWordStore;
import io.parley.api.store.SipPhoneStore;
import io.parley.api.store.SkillGroupStore;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipPhone;
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

    static final class SkillGroups implements SkillGroupStore {
        final TreeMap<Long, SkillGroup> rows = new TreeMap<>();
        long next = 2001;

        SkillGroup add(String name, String extension) {
            return insert(new SkillGroup(0, INSTANCE, name, "phone", RingingMode.SEQUENTIAL, 1, extension, List.of(), List.of()));
        }

        public SkillGroup insert(SkillGroup g) {
            SkillGroup s = new SkillGroup(next++, g.instanceId(), g.name(), g.type(), g.ringingMode(), g.receptionLimit(),
                    g.extension(), g.agents(), g.phones());
            rows.put(s.id(), s);
            return s;
        }

        public Optional<SkillGroup> find(long instanceId, long id) {
            return Optional.ofNullable(rows.get(id)).filter(g -> g.instanceId() == instanceId);
        }

        public Optional<SkillGroup> findByName(long instanceId, String name) {
            return rows.values().stream().filter(g -> g.name().equalsIgnoreCase(name)).findFirst();
        }

        public Optional<SkillGroup> findByExtension(long instanceId, String extension) {
            return rows.values().stream().filter(g -> extension.equals(g.extension())).findFirst();
        }

        public Page<SkillGroup> list(long instanceId, String nameContains, PageRequest page) {
            return new Page<>(new ArrayList<>(rows.values()), rows.size());
        }

        public boolean update(SkillGroup group) {
            return rows.replace(group.id(), group) != null;
        }

        public boolean delete(long instanceId, long id) {
            return rows.remove(id) != null;
        }
    }

    static final class SipPhones implements SipPhoneStore {
        final TreeMap<String, SipPhone> rows = new TreeMap<>();
        long next = 1;

        public SipPhone insert(SipPhone p) {
            if (rows.containsKey(p.extension())) {
                throw new ConflictException("extension", "extension: is already taken");
            }
            SipPhone s = new SipPhone(next++, p.instanceId(), p.extension(), p.name(), p.binding(), p.transport(),
                    p.digest(), p.registration(), p.createdAt());
            rows.put(s.extension(), s);
            return s;
        }

        public Optional<SipPhone> find(long instanceId, String extension) {
            return Optional.ofNullable(rows.get(extension)).filter(p -> p.instanceId() == instanceId);
        }

        public Page<SipPhone> list(long instanceId, String q, PageRequest page) {
            List<SipPhone> all = rows.values().stream()
                    .filter(p -> q == null || p.extension().contains(q) || p.name().toLowerCase(Locale.ROOT).contains(q))
                    .toList();
            return new Page<>(all, all.size());
        }

        public boolean update(SipPhone p) {
            return rows.replace(p.extension(), p) != null;
        }

        public boolean updateDigest(long instanceId, String extension, SipDigest digest, Instant changedAt) {
            SipPhone p = rows.get(extension);
            if (p == null) {
                return false;
            }
            rows.put(extension, new SipPhone(p.id(), p.instanceId(), p.extension(), p.name(), p.binding(), p.transport(),
                    digest, p.registration(), p.createdAt()));
            return true;
        }

        public boolean delete(long instanceId, String extension) {
            return rows.remove(extension) != null;
        }
    }
}
