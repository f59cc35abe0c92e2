package io.parley.directory;

import io.parley.api.instance.Instance;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.store.Account;
import io.parley.api.store.AccountStore;
import io.parley.api.store.InstanceStore;
import io.parley.api.store.SkillGroupStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Map-backed stores for unit tests of the managers; the JDBC stores have their own tests. */
final class InMemoryStores {

    static final class Instances implements InstanceStore {
        final TreeMap<Long, Instance> rows = new TreeMap<>();

        public Instance insert(String name, String timeZone, Instant createdAt) {
            Instance i = new Instance(1_000_001L + rows.size(), name, timeZone, createdAt);
            rows.put(i.id(), i);
            return i;
        }

        public Optional<Instance> find(long id) {
            return Optional.ofNullable(rows.get(id));
        }

        public Optional<Instance> first() {
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.firstEntry().getValue());
        }

        public Page<Instance> list(PageRequest page) {
            return new Page<>(new ArrayList<>(rows.values()), rows.size());
        }
    }

    static final class SkillGroups implements SkillGroupStore {
        final TreeMap<Long, SkillGroup> rows = new TreeMap<>();
        long next = 2001;

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
            return rows.values().stream().filter(g -> g.instanceId() == instanceId
                    && g.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))).findFirst();
        }

        public Optional<SkillGroup> findByExtension(long instanceId, String extension) {
            return rows.values().stream().filter(g -> g.instanceId() == instanceId && extension.equals(g.extension()))
                    .findFirst();
        }

        public Page<SkillGroup> list(long instanceId, String nameContains, PageRequest page) {
            List<SkillGroup> all = rows.values().stream().filter(g -> g.instanceId() == instanceId).filter(
                    g -> nameContains == null || g.name().toLowerCase(Locale.ROOT).contains(nameContains.toLowerCase(Locale.ROOT)))
                    .toList();
            return new Page<>(all.stream().skip(page.offset()).limit(page.pageSize()).toList(), all.size());
        }

        public boolean update(SkillGroup group) {
            return rows.replace(group.id(), group) != null;
        }

        public boolean delete(long instanceId, long id) {
            return rows.remove(id) != null;
        }
    }

    /** Only what skill groups ask of phones: whether an extension is taken ("instance/extension"). */
    static final class SipPhones implements io.parley.api.store.SipPhoneStore {
        final java.util.Set<String> extensions = ConcurrentHashMap.newKeySet();

        public io.parley.api.telephony.SipPhone insert(io.parley.api.telephony.SipPhone phone) {
            throw new UnsupportedOperationException();
        }

        public Optional<io.parley.api.telephony.SipPhone> find(long instanceId, String extension) {
            return extensions.contains(instanceId + "/" + extension)
                    ? Optional.of(new io.parley.api.telephony.SipPhone(1, instanceId, extension, "phone",
                    io.parley.api.telephony.PhoneBinding.NONE, "tls", null,
                    io.parley.api.telephony.PhoneRegistration.NOT_REGISTERED, Instant.EPOCH))
                    : Optional.empty();
        }

        public Page<io.parley.api.telephony.SipPhone> list(long instanceId, String q, PageRequest page) {
            throw new UnsupportedOperationException();
        }

        public boolean update(io.parley.api.telephony.SipPhone phone) {
            throw new UnsupportedOperationException();
        }

        public boolean updateDigest(long instanceId, String extension, io.parley.api.telephony.SipDigest digest,
                                    Instant changedAt) {
            throw new UnsupportedOperationException();
        }

        public boolean delete(long instanceId, String extension) {
            return extensions.remove(instanceId + "/" + extension);
        }
    }

    static final class Accounts implements AccountStore {
        final Map<String, Account> rows = new ConcurrentHashMap<>();
        final Map<String, Object[]> tokens = new ConcurrentHashMap<>();

        public Optional<Account> find(String login) {
            return Optional.ofNullable(rows.get(login));
        }

        public void insert(Account account) {
            rows.put(account.login(), account);
        }

        public void updatePassword(String login, String passwordHash, Instant changedAt) {
            Account a = rows.get(login);
            rows.put(login, new Account(login, a.roleName(), passwordHash, changedAt));
            tokens.values().removeIf(t -> t[0].equals(login));
        }

        public void insertToken(String tokenHash, String login, Instant expiresAt) {
            tokens.put(tokenHash, new Object[] {login, expiresAt});
        }

        public Optional<String> findTokenOwner(String tokenHash, Instant now) {
            Object[] t = tokens.get(tokenHash);
            return t == null || !((Instant) t[1]).isAfter(now) ? Optional.empty() : Optional.of((String) t[0]);
        }

        public void deleteToken(String tokenHash) {
            tokens.remove(tokenHash);
        }

        public int deleteExpiredTokens(Instant now) {
            return 0;
        }
    }

    private InMemoryStores() {
    }
}
