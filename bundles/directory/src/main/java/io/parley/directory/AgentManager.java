package io.parley.directory;

import io.parley.api.error.TextRules;
import io.parley.api.agent.AccountState;
import io.parley.api.agent.Agent;
import io.parley.api.agent.AgentDraft;
import io.parley.api.agent.AgentFilter;
import io.parley.api.agent.AgentService;
import io.parley.api.agent.ImportResult;
import io.parley.api.agent.IssuedAgent;
import io.parley.api.agent.MobileAnswering;
import io.parley.api.error.ConflictException;
import io.parley.api.error.DomainException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.InstanceService;
import io.parley.api.mail.MailException;
import io.parley.api.mail.Mailer;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.role.Role;
import io.parley.api.role.RoleService;
import io.parley.api.skillgroup.RingingMode;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.store.AccountStore;
import io.parley.api.store.AgentStore;
import io.parley.api.store.SkillGroupStore;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents with the rules of SPEC §4.1–4.3. Every agent gets a login (its email) with a random
 * password, mailed to it when an SMTP relay is configured ({@code etc/io.parley.mail.cfg}) and
 * otherwise returned once to the caller of create, import and reset-password.
 */
@Component(service = AgentService.class)
public class AgentManager implements AgentService {

    static final int NAME_MAX = 32;
    static final int EMAIL_MAX = 254;
    static final int PASSWORD_LENGTH = 16;
    /** Bulk imports are bounded so one upload cannot hold the appliance (proposed). */
    static final int IMPORT_MAX_ROWS = 1000;
    static final int IMPORT_MAX_BYTES = 1 << 20;
    static final Pattern AGENT_ID = Pattern.compile("[0-9]{1,20}");
    /** RFC 5322 addr-spec in its dot-atom form (no quoted local parts, no domain literals). */
    static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
            + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    /** International form: {@code +} or {@code 00}, then the country code and number (SPEC §0.2). */
    static final Pattern PHONE = Pattern.compile("(\\+|00)[1-9][0-9]{5,17}");

    private static final Logger LOG = LoggerFactory.getLogger(AgentManager.class);

    private final AgentStore store;
    private final AccountStore accounts;
    private final RoleService roles;
    private final SkillGroupStore groups;
    private final InstanceService instances;
    private final Mailer mailer;
    private final PasswordHasher hasher = new PasswordHasher(new SecureRandom());

    @Activate
    public AgentManager(@Reference AgentStore store, @Reference AccountStore accounts, @Reference RoleService roles,
                        @Reference SkillGroupStore groups, @Reference InstanceService instances,
                        @Reference Mailer mailer) {
        this.store = store;
        this.mailer = mailer;
        this.accounts = accounts;
        this.roles = roles;
        this.groups = groups;
        this.instances = instances;
    }

    @Override
    public IssuedAgent create(long instanceId, AgentDraft draft) {
        instances.get(instanceId);
        Agent agent = validateNew(instanceId, draft, Map.of());
        String password = hasher.randomPassword(PASSWORD_LENGTH);
        // mailed before the insert: when the relay refuses it, nothing was created
        boolean mailed = mail(agent, password, "Your Parley account", "An account was created for you");
        store.insertAll(List.of(agent), List.of(hasher.hash(password)));
        LOG.info("Agent {} ({}) created in instance {}", agent.agentId(), agent.login(), instanceId);
        return new IssuedAgent(get(instanceId, agent.agentId()), mailed ? null : password, mailed);
    }

    /**
     * Checks every §4.1 rule of a new agent. {@code pending} holds the members other rows of
     * the same import would add to each group, for the simultaneous-ringing limit.
     */
    private Agent validateNew(long instanceId, AgentDraft d, Map<Long, Integer> pending) {
        if (d.agentId() == null || !AGENT_ID.matcher(d.agentId()).matches()) {
            throw new InvalidException("agent_id", "must be 1..20 digits");
        }
        String name = TextRules.required("name", d.name(), NAME_MAX);
        String nickname = TextRules.required("nickname", d.nickname(), NAME_MAX);
        String email = email(d.email());
        long roleId = role(instanceId, d.roleId());
        List<Long> skillGroups = skillGroups(instanceId, d.skillGroupIds(), List.of(), pending);
        String phone = phone(d.phoneNumber());
        MobileAnswering mobile = d.mobileAnswering() == null ? MobileAnswering.OFF : mobileAnswering(d.mobileAnswering());
        requireMobileNumber(mobile, phone);
        if (store.find(instanceId, d.agentId()).isPresent()) {
            throw new ConflictException("agent_id", "agent_id: " + d.agentId() + " is already an agent of this instance");
        }
        String login = email.toLowerCase(Locale.ROOT);
        if (store.findByLogin(login).isPresent() || accounts.find(login).isPresent()) {
            throw new ConflictException("email", "email: " + email + " is already used by another agent");
        }
        return new Agent(instanceId, d.agentId(), name, nickname, email, roleId, skillGroups, phone, mobile,
                AccountState.ACTIVE, null, Instant.now());
    }

    @Override
    public Agent get(long instanceId, String agentId) {
        instances.get(instanceId);
        return store.find(instanceId, agentId).orElseThrow(() -> new NotFoundException("agent", agentId));
    }

    @Override
    public Page<Agent> list(long instanceId, AgentFilter filter, PageRequest page) {
        instances.get(instanceId);
        AgentFilter f = filter == null ? AgentFilter.NONE : filter;
        if (f.mobileAnswering() != null) {
            mobileAnswering(f.mobileAnswering());
        }
        if (f.lastOnlineFrom() != null && f.lastOnlineTo() != null && !f.lastOnlineFrom().isBefore(f.lastOnlineTo())) {
            throw new InvalidException("last_online_from", "must be before last_online_to");
        }
        return store.list(instanceId, f, page);
    }

    @Override
    public Agent edit(long instanceId, String agentId, AgentDraft changes) {
        Agent current = get(instanceId, agentId);
        if (changes.agentId() != null && !changes.agentId().equals(current.agentId())) {
            throw new InvalidException("agent_id", "cannot be changed; delete the agent and create it again");
        }
        if (changes.email() != null && !changes.email().strip().equalsIgnoreCase(current.email())) {
            throw new InvalidException("email", "cannot be changed; delete the agent and create it again");
        }
        String name = changes.name() == null ? current.name() : TextRules.required("name", changes.name(), NAME_MAX);
        String nickname = changes.nickname() == null ? current.nickname()
                : TextRules.required("nickname", changes.nickname(), NAME_MAX);
        long roleId = changes.roleId() == null ? current.roleId() : role(instanceId, changes.roleId());
        List<Long> skillGroups = changes.skillGroupIds() == null ? current.skillGroupIds()
                : skillGroups(instanceId, changes.skillGroupIds(), current.skillGroupIds(), Map.of());
        String phone = changes.clearPhoneNumber() ? null
                : changes.phoneNumber() == null ? current.phoneNumber() : phone(changes.phoneNumber());
        MobileAnswering mobile = changes.mobileAnswering() == null ? current.mobileAnswering()
                : mobileAnswering(changes.mobileAnswering());
        requireMobileNumber(mobile, phone);
        Agent updated = new Agent(instanceId, agentId, name, nickname, current.email(), roleId, skillGroups, phone,
                mobile, current.accountState(), current.lastOnlineAt(), current.createdAt());
        if (!store.update(updated)) {
            throw new NotFoundException("agent", agentId);
        }
        return get(instanceId, agentId);
    }

    @Override
    public void delete(long instanceId, String agentId) {
        Agent agent = get(instanceId, agentId);
        accounts.deleteTokens(agent.login());
        if (!store.delete(instanceId, agentId)) {
            throw new NotFoundException("agent", agentId);
        }
        LOG.info("Agent {} ({}) deleted from instance {}", agentId, agent.login(), instanceId);
    }

    @Override
    public IssuedAgent resetPassword(long instanceId, String agentId) {
        Agent agent = get(instanceId, agentId);
        String password = hasher.randomPassword(PASSWORD_LENGTH);
        // mailed before the change: when the relay refuses it, the old password stays
        boolean mailed = mail(agent, password, "Your new Parley password", "Your password was reset");
        accounts.updatePassword(agent.login(), hasher.hash(password), Instant.now());
        LOG.info("Password of agent {} ({}) reset; its tokens were revoked", agentId, agent.login());
        return new IssuedAgent(agent, mailed ? null : password, mailed);
    }

    @Override
    public Agent forceOffline(long instanceId, String agentId) {
        Agent agent = get(instanceId, agentId);
        if (agent.accountState() == AccountState.FORCED_OFFLINE) {
            throw new ConflictException("account_state", "agent " + agentId + " is already forced offline");
        }
        store.updateState(instanceId, agentId, AccountState.FORCED_OFFLINE);
        accounts.deleteTokens(agent.login());
        LOG.info("Agent {} ({}) forced offline", agentId, agent.login());
        return agent.withState(AccountState.FORCED_OFFLINE);
    }

    @Override
    public Agent resumeOnline(long instanceId, String agentId) {
        Agent agent = get(instanceId, agentId);
        if (agent.accountState() == AccountState.ACTIVE) {
            throw new ConflictException("account_state", "agent " + agentId + " is not forced offline");
        }
        store.updateState(instanceId, agentId, AccountState.ACTIVE);
        LOG.info("Agent {} ({}) may log in again", agentId, agent.login());
        return agent.withState(AccountState.ACTIVE);
    }

    @Override
    public List<Agent> bulkEdit(long instanceId, List<String> agentIds, Long roleId, List<Long> skillGroupIds,
                                String mobileAnswering) {
        instances.get(instanceId);
        if (agentIds == null || agentIds.isEmpty() || agentIds.size() > BULK_MAX) {
            throw new InvalidException("agent_ids", "must hold 1.." + BULK_MAX + " agent ids");
        }
        if (roleId == null && skillGroupIds == null && mobileAnswering == null) {
            throw new InvalidException("role_id", "give at least one of role_id, skill_group_ids, mobile_answering");
        }
        long role = roleId == null ? 0 : role(instanceId, roleId);
        MobileAnswering mobile = mobileAnswering == null ? null : mobileAnswering(mobileAnswering);
        Map<Long, Integer> pending = new HashMap<>();
        List<Agent> updated = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < agentIds.size(); i++) {
            String id = agentIds.get(i);
            String field = "agent_ids[" + i + "]";
            if (id == null || !seen.add(id)) {
                throw new InvalidException(field, id == null ? "must not be null" : "agent " + id + " is listed twice");
            }
            Agent a = store.find(instanceId, id).orElseThrow(() -> new InvalidException(field, "agent " + id
                    + " does not exist"));
            List<Long> groupsOfAgent = a.skillGroupIds();
            if (skillGroupIds != null) {
                try {
                    groupsOfAgent = skillGroups(instanceId, skillGroupIds, a.skillGroupIds(), pending);
                } catch (InvalidException e) {
                    throw new InvalidException("skill_group_ids", "agent " + id + ": " + e.getMessage());
                }
                for (Long g : groupsOfAgent) {
                    if (!a.skillGroupIds().contains(g)) {
                        pending.merge(g, 1, Integer::sum);
                    }
                }
            }
            MobileAnswering m = mobile == null ? a.mobileAnswering() : mobile;
            if (m != MobileAnswering.OFF && a.phoneNumber() == null) {
                throw new InvalidException("mobile_answering", "agent " + id + " has no phone_number for " + m.wire());
            }
            updated.add(new Agent(instanceId, id, a.name(), a.nickname(), a.email(), roleId == null ? a.roleId() : role,
                    groupsOfAgent, a.phoneNumber(), m, a.accountState(), a.lastOnlineAt(), a.createdAt()));
        }
        if (!store.updateAll(updated)) {
            throw new ConflictException("agent_ids", "an agent was deleted meanwhile; nothing was changed");
        }
        LOG.info("Bulk edit of {} agent(s) in instance {}", updated.size(), instanceId);
        return updated.stream().map(a -> get(instanceId, a.agentId())).toList();
    }

    @Override
    public String exportCsv(long instanceId, AgentFilter filter) {
        instances.get(instanceId);
        Map<Long, String> roleNames = new HashMap<>();
        Map<Long, String> groupNames = new HashMap<>();
        StringBuilder out = new StringBuilder();
        try (org.apache.commons.csv.CSVPrinter csv = new org.apache.commons.csv.CSVPrinter(out,
                CSVFormat.RFC4180.builder().setHeader(IMPORT_COLUMNS).build())) {
            int page = 1;
            List<Agent> items;
            do {
                items = list(instanceId, filter, new PageRequest(page++, PageRequest.MAX_PAGE_SIZE)).items();
                for (Agent a : items) {
                    List<String> groupsOfAgent = new ArrayList<>();
                    for (Long g : a.skillGroupIds()) {
                        groupsOfAgent.add(groupNames.computeIfAbsent(g, id -> groups.find(instanceId, id)
                                .map(SkillGroup::name).orElse(Long.toString(id))));
                    }
                    csv.printRecord(a.name(), a.nickname(), a.agentId(), a.email(),
                            roleNames.computeIfAbsent(a.roleId(), r -> roles.get(instanceId, r).name()),
                            String.join(";", groupsOfAgent),
                            a.phoneNumber() == null ? "" : a.phoneNumber());
                }
            } while (items.size() == PageRequest.MAX_PAGE_SIZE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public String importTemplate() {
        return String.join(",", IMPORT_COLUMNS) + "\r\n"
                + "Ann Lee,Ann,100010,ann.lee@example.com,Ordinary agent,Sales;Support,008613800000000\r\n";
    }

    @Override
    public ImportResult importCsv(long instanceId, byte[] csv) {
        instances.get(instanceId);
        if (csv == null || csv.length == 0) {
            throw new InvalidException("file", "is empty; download the template from agents/import-template");
        }
        if (csv.length > IMPORT_MAX_BYTES) {
            throw new InvalidException("file", "must be at most " + IMPORT_MAX_BYTES + " bytes");
        }
        String text = new String(csv, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<CSVRecord> records;
        try {
            records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                    .setTrim(true).build().parse(new StringReader(text)).getRecords();
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new InvalidException("file", "is not a CSV file of the template's shape: " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw new InvalidException("file", "has no agent rows");
        }
        if (records.size() > IMPORT_MAX_ROWS) {
            throw new InvalidException("file", "must have at most " + IMPORT_MAX_ROWS + " rows");
        }
        Set<String> header = new HashSet<>(records.get(0).getParser().getHeaderNames());
        for (String column : IMPORT_COLUMNS) {
            if (!header.contains(column)) {
                throw new InvalidException("file", "the header lacks the column '" + column + "'; expected "
                        + String.join(",", IMPORT_COLUMNS));
            }
        }
        Map<String, Long> roleIds = roleNames(instanceId);
        List<Agent> valid = new ArrayList<>();
        List<ImportResult.RowError> errors = new ArrayList<>();
        Set<String> seenIds = new HashSet<>();
        Set<String> seenEmails = new HashSet<>();
        Map<Long, Integer> pending = new HashMap<>();
        for (CSVRecord r : records) {
            int line = (int) r.getRecordNumber() + 1;
            try {
                Long roleId = roleIds.get(r.get("role").toLowerCase(Locale.ROOT));
                if (roleId == null) {
                    throw new InvalidException("role", "no role is named '" + r.get("role") + "'");
                }
                List<Long> groupIds = groupIdsByName(instanceId, r.get("skill_groups"));
                String phone = r.get("phone_number");
                Agent a = validateNew(instanceId, new AgentDraft(r.get("agent_id"), r.get("name"), r.get("nickname"),
                        r.get("email"), roleId, groupIds, phone.isEmpty() ? null : phone, null, false), pending);
                if (!seenIds.add(a.agentId())) {
                    throw new ConflictException("agent_id", "agent_id: " + a.agentId() + " appears twice in the file");
                }
                if (!seenEmails.add(a.login())) {
                    throw new ConflictException("email", "email: " + a.email() + " appears twice in the file");
                }
                a.skillGroupIds().forEach(g -> pending.merge(g, 1, Integer::sum));
                valid.add(a);
            } catch (DomainException e) {
                String field = "role_id".equals(e.field()) ? "role"
                        : "skill_group_ids".equals(e.field()) ? "skill_groups" : e.field();
                errors.add(new ImportResult.RowError(line, field, e.getMessage()));
            } catch (IllegalArgumentException e) {
                errors.add(new ImportResult.RowError(line, null, "the row does not have the template's columns"));
            }
        }
        if (!errors.isEmpty()) {
            return new ImportResult(List.of(), errors);
        }
        List<String> passwords = valid.stream().map(a -> hasher.randomPassword(PASSWORD_LENGTH)).toList();
        store.insertAll(valid, passwords.stream().map(hasher::hash).toList());
        LOG.info("Imported {} agent(s) into instance {}", valid.size(), instanceId);
        List<IssuedAgent> created = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            Agent agent = get(instanceId, valid.get(i).agentId());
            boolean mailed = false;
            try {
                mailed = mail(agent, passwords.get(i), "Your Parley account", "An account was created for you");
            } catch (MailException e) {
                // the rows exist already: this agent's password is handed back instead of lost
                LOG.warn("Password mail to imported agent {} failed; returning it to the caller", agent.agentId());
            }
            created.add(new IssuedAgent(agent, mailed ? null : passwords.get(i), mailed));
        }
        return new ImportResult(created, List.of());
    }

    /**
     * Mails the password when an SMTP relay is configured (SPEC §4.2); false when there is none,
     * so the caller returns it once instead.
     *
     * @throws MailException the relay refused the message
     */
    private boolean mail(Agent agent, String password, String subject, String why) {
        if (!mailer.configured()) {
            return false;
        }
        mailer.send(agent.email(), subject, "Hello " + agent.name() + ",\n\n" + why + " on the Parley contact center.\n\n"
                + "Login: " + agent.email() + "\nPassword: " + password + "\n\n"
                + "Log in with these at the REST API (POST /api/v1/auth/tokens) or your agent client.\n");
        return true;
    }

    private Map<String, Long> roleNames(long instanceId) {
        Map<String, Long> out = new HashMap<>();
        int page = 1;
        List<Role> items;
        do {
            items = roles.list(instanceId, new PageRequest(page++, PageRequest.MAX_PAGE_SIZE)).items();
            items.forEach(r -> out.put(r.name().toLowerCase(Locale.ROOT), r.id()));
        } while (items.size() == PageRequest.MAX_PAGE_SIZE);
        return out;
    }

    private List<Long> groupIdsByName(long instanceId, String names) {
        List<Long> ids = new ArrayList<>();
        for (String n : names.split(";")) {
            String name = n.strip();
            if (!name.isEmpty()) {
                ids.add(groups.findByName(instanceId, name).map(SkillGroup::id).orElseThrow(() ->
                        new InvalidException("skill_groups", "no skill group is named '" + name + "'")));
            }
        }
        return ids;
    }

    private static String email(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidException("email", "is required");
        }
        String v = value.strip();
        if (v.length() > EMAIL_MAX || !EMAIL.matcher(v).matches() || v.substring(0, v.indexOf('@')).length() > 64) {
            throw new InvalidException("email", "must be an RFC 5322 address such as name@example.com (at most "
                    + EMAIL_MAX + " characters)");
        }
        return v;
    }

    private long role(long instanceId, Long roleId) {
        if (roleId == null) {
            throw new InvalidException("role_id", "is required");
        }
        try {
            return roles.get(instanceId, roleId).id();
        } catch (NotFoundException e) {
            throw new InvalidException("role_id", "role " + roleId + " does not exist");
        }
    }

    /**
     * The requested groups, each existing; joining a simultaneous-ringing group must keep it at
     * {@value SkillGroupManager#SIMULTANEOUS_MAX_MEMBERS} members or fewer (SPEC §6.3).
     */
    private List<Long> skillGroups(long instanceId, List<Long> requested, List<Long> current, Map<Long, Integer> pending) {
        if (requested == null) {
            return List.of();
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (Long id : requested) {
            if (id == null) {
                throw new InvalidException("skill_group_ids", "must not contain null");
            }
            SkillGroup g = groups.find(instanceId, id)
                    .orElseThrow(() -> new InvalidException("skill_group_ids", "skill group " + id + " does not exist"));
            int members = g.agents().size() + g.phones().size() + pending.getOrDefault(id, 0);
            if (!current.contains(id) && g.ringingMode() == RingingMode.SIMULTANEOUS
                    && members >= SkillGroupManager.SIMULTANEOUS_MAX_MEMBERS) {
                throw new InvalidException("skill_group_ids", "skill group " + id + " rings simultaneously and has "
                        + members + " members already (at most " + SkillGroupManager.SIMULTANEOUS_MAX_MEMBERS + ")");
            }
            ids.add(id);
        }
        return ids.stream().sorted().toList();
    }

    private static String phone(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip().replace(" ", "").replace("-", "");
        if (!PHONE.matcher(v).matches()) {
            throw new InvalidException("phone_number", "must be an international number: + or 00, the country code "
                    + "and the number (6..18 digits after the prefix)");
        }
        return v.startsWith("+") ? "00" + v.substring(1) : v;
    }

    private static MobileAnswering mobileAnswering(String wire) {
        return Arrays.stream(MobileAnswering.values()).filter(m -> m.wire().equals(wire.toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new InvalidException("mobile_answering", "must be one of "
                        + Arrays.stream(MobileAnswering.values()).map(MobileAnswering::wire)
                        .collect(Collectors.joining(", "))));
    }

    private static void requireMobileNumber(MobileAnswering mobile, String phone) {
        if (mobile != MobileAnswering.OFF && phone == null) {
            throw new InvalidException("mobile_answering", mobile.wire() + " needs the agent's phone_number");
        }
    }
}
