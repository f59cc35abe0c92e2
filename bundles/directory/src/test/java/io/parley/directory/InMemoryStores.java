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
        Agents agents;
        /** Phones bound per group, as the SIP-phone side would add them: group id → extensions. */
        final Map<Long, List<String>> phones = new ConcurrentHashMap<>();

        private SkillGroup members(SkillGroup g) {
            List<SkillGroup.Member> ph = phones.getOrDefault(g.id(), List.of()).stream()
                    .map(e -> new SkillGroup.Member(e, 3)).toList();
            return new SkillGroup(g.id(), g.instanceId(), g.name(), g.type(), g.ringingMode(), g.receptionLimit(),
                    g.extension(), agents == null ? g.agents() : agents.membersOf(g.id()), ph);
        }

        public SkillGroup insert(SkillGroup g) {
            SkillGroup s = new SkillGroup(next++, g.instanceId(), g.name(), g.type(), g.ringingMode(), g.receptionLimit(),
                    g.extension(), g.agents(), g.phones());
            rows.put(s.id(), s);
            return s;
        }

        public Optional<SkillGroup> find(long instanceId, long id) {
            return Optional.ofNullable(rows.get(id)).filter(g -> g.instanceId() == instanceId).map(this::members);
        }

        public Optional<SkillGroup> findByName(long instanceId, String name) {
            return rows.values().stream().filter(g -> g.instanceId() == instanceId
                    && g.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))).findFirst()
                    .map(this::members);
        }

        public Optional<SkillGroup> findByExtension(long instanceId, String extension) {
            return rows.values().stream().filter(g -> g.instanceId() == instanceId && extension.equals(g.extension()))
                    .findFirst();
        }

        public Page<SkillGroup> list(long instanceId, String nameContains, PageRequest page) {
            List<SkillGroup> all = rows.values().stream().filter(g -> g.instanceId() == instanceId).filter(
                    g -> nameContains == null || g.name().toLowerCase(Locale.ROOT).contains(nameContains.toLowerCase(Locale.ROOT)))
                    .map(this::members).toList();
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

        public void deleteTokens(String login) {
            tokens.values().removeIf(t -> t[0].equals(login));
        }
    }

    static final class Roles implements io.parley.api.store.RoleStore {
        final TreeMap<Long, io.parley.api.role.Role> rows = new TreeMap<>();
        Agents agents;
        long next = 1;

        private io.parley.api.role.Role counted(io.parley.api.role.Role r) {
            long members = agents == null ? 0 : agents.rows.values().stream().filter(a -> a.roleId() == r.id()).count();
            return new io.parley.api.role.Role(r.id(), r.instanceId(), r.name(), r.builtin(), r.permissions(),
                    r.skillGroupScope(), members);
        }

        public io.parley.api.role.Role insert(io.parley.api.role.Role r) {
            boolean clash = rows.values().stream().anyMatch(x -> x.instanceId() == r.instanceId()
                    && (x.name().equalsIgnoreCase(r.name()) || (r.builtin() != null && r.builtin() == x.builtin())));
            if (clash) {
                throw new io.parley.api.error.ConflictException("name", "name: is already taken");
            }
            io.parley.api.role.Role s = new io.parley.api.role.Role(next++, r.instanceId(), r.name(), r.builtin(),
                    r.permissions(), r.skillGroupScope(), 0);
            rows.put(s.id(), s);
            return s;
        }

        public Optional<io.parley.api.role.Role> find(long instanceId, long id) {
            return find(id).filter(r -> r.instanceId() == instanceId);
        }

        public Optional<io.parley.api.role.Role> find(long id) {
            return Optional.ofNullable(rows.get(id)).map(this::counted);
        }

        public Optional<io.parley.api.role.Role> findBuiltin(long instanceId, io.parley.api.role.BuiltinRole kind) {
            return rows.values().stream().filter(r -> r.instanceId() == instanceId && r.builtin() == kind)
                    .findFirst().map(this::counted);
        }

        public Page<io.parley.api.role.Role> list(long instanceId, PageRequest page) {
            List<io.parley.api.role.Role> all = rows.values().stream().filter(r -> r.instanceId() == instanceId)
                    .map(this::counted).toList();
            return new Page<>(all.stream().skip(page.offset()).limit(page.pageSize()).toList(), all.size());
        }

        public boolean update(io.parley.api.role.Role role) {
            return rows.replace(role.id(), role) != null;
        }

        public boolean delete(long instanceId, long id) {
            return rows.remove(id) != null;
        }
    }

    /** Agents keyed "instance/agentId", memberships keyed "group/agentId" → priority. */
    static final class Agents implements io.parley.api.store.AgentStore {
        final TreeMap<String, io.parley.api.agent.Agent> rows = new TreeMap<>();
        final TreeMap<String, Integer> members = new TreeMap<>();
        final Accounts accounts;

        Agents(Accounts accounts) {
            this.accounts = accounts;
        }

        List<SkillGroup.Member> membersOf(long groupId) {
            return members.entrySet().stream().filter(e -> e.getKey().startsWith(groupId + "/"))
                    .map(e -> new SkillGroup.Member(e.getKey().substring(e.getKey().indexOf('/') + 1), e.getValue()))
                    .toList();
        }

        private io.parley.api.agent.Agent withGroups(io.parley.api.agent.Agent a) {
            List<Long> groups = members.keySet().stream().filter(k -> k.endsWith("/" + a.agentId()))
                    .map(k -> Long.parseLong(k.substring(0, k.indexOf('/')))).sorted().toList();
            return new io.parley.api.agent.Agent(a.instanceId(), a.agentId(), a.name(), a.nickname(), a.email(),
                    a.roleId(), groups, a.phoneNumber(), a.mobileAnswering(), a.accountState(), a.lastOnlineAt(),
                    a.createdAt());
        }

        public void insertAll(List<io.parley.api.agent.Agent> agents, List<String> hashes) {
            for (int i = 0; i < agents.size(); i++) {
                io.parley.api.agent.Agent a = agents.get(i);
                accounts.insert(new Account(a.login(), "agent", hashes.get(i), a.createdAt()));
                rows.put(a.instanceId() + "/" + a.agentId(), a);
                a.skillGroupIds().forEach(g -> members.put(g + "/" + a.agentId(), DEFAULT_PRIORITY));
            }
        }

        public Optional<io.parley.api.agent.Agent> find(long instanceId, String agentId) {
            return Optional.ofNullable(rows.get(instanceId + "/" + agentId)).map(this::withGroups);
        }

        public Optional<io.parley.api.agent.Agent> findByLogin(String login) {
            return rows.values().stream().filter(a -> a.login().equals(login.toLowerCase(Locale.ROOT))).findFirst()
                    .map(this::withGroups);
        }

        public Page<io.parley.api.agent.Agent> list(long instanceId, io.parley.api.agent.AgentFilter f,
                                                    PageRequest page) {
            List<io.parley.api.agent.Agent> all = rows.values().stream().filter(a -> a.instanceId() == instanceId)
                    .map(this::withGroups)
                    .filter(a -> f.name() == null || a.name().toLowerCase(Locale.ROOT).contains(f.name().toLowerCase(Locale.ROOT)))
                    .filter(a -> f.agentId() == null || a.agentId().contains(f.agentId()))
                    .filter(a -> f.email() == null || a.login().contains(f.email().toLowerCase(Locale.ROOT)))
                    .filter(a -> f.skillGroupId() == null || a.skillGroupIds().contains(f.skillGroupId()))
                    .filter(a -> f.skillGroupScope() == null || a.skillGroupIds().stream().anyMatch(f.skillGroupScope()::contains))
                    .filter(a -> f.mobileAnswering() == null || a.mobileAnswering().wire().equals(f.mobileAnswering()))
                    .toList();
            return new Page<>(all.stream().skip(page.offset()).limit(page.pageSize()).toList(), all.size());
        }

        public boolean update(io.parley.api.agent.Agent a) {
            if (!rows.containsKey(a.instanceId() + "/" + a.agentId())) {
                return false;
            }
            rows.put(a.instanceId() + "/" + a.agentId(), a);
            members.keySet().removeIf(k -> k.endsWith("/" + a.agentId())
                    && !a.skillGroupIds().contains(Long.parseLong(k.substring(0, k.indexOf('/')))));
            a.skillGroupIds().forEach(g -> members.putIfAbsent(g + "/" + a.agentId(), DEFAULT_PRIORITY));
            return true;
        }

        public boolean updateState(long instanceId, String agentId, io.parley.api.agent.AccountState state) {
            io.parley.api.agent.Agent a = rows.get(instanceId + "/" + agentId);
            if (a == null) {
                return false;
            }
            rows.put(instanceId + "/" + agentId, a.withState(state));
            return true;
        }

        public void updateLastOnline(long instanceId, String agentId, Instant at) {
        }

        public int assignRole(long instanceId, List<String> agentIds, long roleId) {
            int n = 0;
            for (String id : agentIds) {
                io.parley.api.agent.Agent a = rows.get(instanceId + "/" + id);
                if (a != null) {
                    rows.put(instanceId + "/" + id, new io.parley.api.agent.Agent(a.instanceId(), a.agentId(), a.name(),
                            a.nickname(), a.email(), roleId, a.skillGroupIds(), a.phoneNumber(), a.mobileAnswering(),
                            a.accountState(), a.lastOnlineAt(), a.createdAt()));
                    n++;
                }
            }
            return n;
        }

        public boolean delete(long instanceId, String agentId) {
            io.parley.api.agent.Agent a = rows.remove(instanceId + "/" + agentId);
            if (a == null) {
                return false;
            }
            members.keySet().removeIf(k -> k.endsWith("/" + agentId));
            accounts.rows.remove(a.login());
            return true;
        }

        public void addMembers(long instanceId, long skillGroupId, List<SkillGroup.Member> list) {
            list.forEach(m -> members.put(skillGroupId + "/" + m.id(), m.priority()));
        }

        public boolean updateMemberPriority(long instanceId, long skillGroupId, String agentId, int priority) {
            return members.replace(skillGroupId + "/" + agentId, priority) != null;
        }

        public boolean removeMember(long instanceId, long skillGroupId, String agentId) {
            return members.remove(skillGroupId + "/" + agentId) != null;
        }
    }

    private InMemoryStores() {
    }
}
