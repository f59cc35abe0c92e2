package io.parley.telephony;

import io.parley.api.error.TextRules;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.AgentStore;
import io.parley.api.store.SipPhoneStore;
import io.parley.api.store.SkillGroupStore;
import io.parley.api.telephony.IssuedPhone;
import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.PhoneProvisioning;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipPhone;
import io.parley.api.telephony.SipPhoneDraft;
import io.parley.api.telephony.SipPhoneService;
import io.parley.api.telephony.SipServerInfo;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * SIP phones with the rules of SPEC §12. Agents do not exist yet, so binding a phone to an
 * agent is refused (422 on {@code binding.type}) until the agent directory arrives.
 */
@Component(service = SipPhoneService.class, configurationPid = TelephonyConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TelephonyConfig.class)
public class SipPhoneManager implements SipPhoneService {

    /** SPEC §12.1: 4–6 digits, first digit 1–8. */
    static final Pattern EXTENSION = Pattern.compile("[1-8][0-9]{3,5}");
    static final int NAME_MAX = 32;
    static final String DEFAULT_TRANSPORT = "tls";

    private final SipPhoneStore store;
    private final SkillGroupStore skillGroups;
    private final InstanceService instances;
    private final SipServer server;
    private final Credentials credentials = new Credentials(new SecureRandom());
    /** Live registration state reported by the registrar, by instance and extension; absent = not registered. */
    private final Map<String, PhoneRegistration> registrations = new ConcurrentHashMap<>();

    /** Whether an agent id exists in an instance; the agent store in the appliance. */
    private final BiPredicate<Long, String> agentExists;

    @Activate
    public SipPhoneManager(@Reference SipPhoneStore store, @Reference SkillGroupStore skillGroups,
                           @Reference AgentStore agents, @Reference InstanceService instances, TelephonyConfig config) {
        this(store, skillGroups, (instance, agentId) -> agents.find(instance, agentId).isPresent(), instances,
                SipServer.of(config));
    }

    SipPhoneManager(SipPhoneStore store, SkillGroupStore skillGroups, BiPredicate<Long, String> agentExists,
                    InstanceService instances, SipServer server) {
        this.store = store;
        this.skillGroups = skillGroups;
        this.agentExists = agentExists;
        this.instances = instances;
        this.server = server;
    }

    @Override
    public synchronized IssuedPhone create(long instanceId, SipPhoneDraft draft) {
        instances.get(instanceId);
        String extension = extension(draft.extension());
        String name = TextRules.required("name", draft.name(), NAME_MAX);
        PhoneBinding binding = binding(instanceId, draft.bindingType() == null ? "none" : draft.bindingType(), draft);
        String transport = draft.transport() == null ? DEFAULT_TRANSPORT : transport(draft.transport());
        if (store.find(instanceId, extension).isPresent()) {
            throw new ConflictException("extension", "extension: " + extension + " is already a SIP phone");
        }
        skillGroups.findByExtension(instanceId, extension).ifPresent(g -> {
            throw new ConflictException("extension", "extension: " + extension + " is already used by skill group " + g.id());
        });
        String password = credentials.strongPassword();
        SipDigest digest = Credentials.digest(extension, server.info.sipDomain(), password);
        SipPhone created = store.insert(new SipPhone(0, instanceId, extension, name, binding, transport, digest,
                PhoneRegistration.NOT_REGISTERED, Instant.now()));
        return new IssuedPhone(created, password);
    }

    @Override
    public SipPhone get(long instanceId, String extension) {
        instances.get(instanceId);
        return store.find(instanceId, extension == null ? "" : extension).map(this::live)
                .orElseThrow(() -> new NotFoundException("SIP phone", extension));
    }

    @Override
    public Page<SipPhone> list(long instanceId, String q, PageRequest page) {
        instances.get(instanceId);
        return store.list(instanceId, q == null || q.isBlank() ? null : q.strip(), page).map(this::live);
    }

    @Override
    public boolean updateRegistration(long instanceId, String extension, PhoneRegistration registration) {
        if (extension == null || store.find(instanceId, extension).isEmpty()) {
            return false;
        }
        registrations.put(key(instanceId, extension), registration == null ? PhoneRegistration.NOT_REGISTERED : registration);
        return true;
    }

    private SipPhone live(SipPhone p) {
        PhoneRegistration r = registrations.get(key(p.instanceId(), p.extension()));
        return r == null ? p : new SipPhone(p.id(), p.instanceId(), p.extension(), p.name(), p.binding(), p.transport(),
                p.digest(), r, p.createdAt());
    }

    private static String key(long instanceId, String extension) {
        return instanceId + ":" + extension;
    }

    @Override
    public synchronized SipPhone edit(long instanceId, String extension, SipPhoneDraft changes) {
        SipPhone current = get(instanceId, extension);
        if (changes.extension() != null && !changes.extension().equals(current.extension())) {
            throw new InvalidException("extension", "is immutable; delete the phone and create another");
        }
        String name = changes.name() == null ? current.name() : TextRules.required("name", changes.name(), NAME_MAX);
        boolean bindingGiven = changes.bindingType() != null || changes.agentId() != null || changes.skillGroupIds() != null;
        PhoneBinding binding = !bindingGiven ? current.binding()
                : binding(instanceId, changes.bindingType() == null ? current.binding().type().wire() : changes.bindingType(),
                changes);
        String transport = changes.transport() == null ? current.transport() : transport(changes.transport());
        SipPhone updated = new SipPhone(current.id(), instanceId, current.extension(), name, binding, transport,
                current.digest(), current.registration(), current.createdAt());
        if (!store.update(updated)) {
            throw new NotFoundException("SIP phone", extension);
        }
        return updated;
    }

    @Override
    public synchronized IssuedPhone resetPassword(long instanceId, String extension) {
        SipPhone current = get(instanceId, extension);
        String password = credentials.strongPassword();
        SipDigest digest = Credentials.digest(current.extension(), server.info.sipDomain(), password);
        if (!store.updateDigest(instanceId, current.extension(), digest, Instant.now())) {
            throw new NotFoundException("SIP phone", extension);
        }
        return new IssuedPhone(new SipPhone(current.id(), instanceId, current.extension(), current.name(),
                current.binding(), current.transport(), digest, current.registration(), current.createdAt()), password);
    }

    @Override
    public synchronized void delete(long instanceId, String extension) {
        instances.get(instanceId);
        if (extension == null || !store.delete(instanceId, extension)) {
            throw new NotFoundException("SIP phone", extension);
        }
        registrations.remove(key(instanceId, extension));
    }

    @Override
    public PhoneProvisioning provisioning(long instanceId, String extension) {
        SipPhone p = get(instanceId, extension);
        SipServerInfo s = server.info;
        int port = s.port(p.transport());
        // SPEC §12.2: label, display name, username and auth name are all the extension
        return new PhoneProvisioning(p.extension(), p.extension(), p.extension(), s.sipDomain(),
                s.serverAddress() + ":" + port, s.altServerAddress() == null ? null : s.altServerAddress() + ":" + port,
                p.transport(), s.registrationExpirySeconds());
    }

    @Override
    public SipServerInfo serverInfo() {
        return server.info;
    }

    private PhoneBinding binding(long instanceId, String type, SipPhoneDraft d) {
        switch (type.toLowerCase(Locale.ROOT)) {
            case "none" -> {
                if (d.agentId() != null || (d.skillGroupIds() != null && !d.skillGroupIds().isEmpty())) {
                    throw new InvalidException("binding", "type none takes neither agent_id nor skill_group_ids");
                }
                return PhoneBinding.NONE;
            }
            case "agent" -> {
                if (d.skillGroupIds() != null && !d.skillGroupIds().isEmpty()) {
                    throw new InvalidException("binding.skill_group_ids", "is only for type skill_group");
                }
                if (d.agentId() == null || d.agentId().isBlank()) {
                    throw new InvalidException("binding.agent_id", "is required for type agent");
                }
                if (!agentExists.test(instanceId, d.agentId())) {
                    throw new InvalidException("binding.agent_id", "agent " + d.agentId() + " does not exist in this instance");
                }
                // one phone per agent: the store's unique constraint answers 409 on binding.agent_id
                return new PhoneBinding(PhoneBinding.Type.AGENT, d.agentId(), List.of());
            }
            case "skill_group" -> {
                if (d.agentId() != null) {
                    throw new InvalidException("binding.agent_id", "is only for type agent");
                }
                List<Long> ids = d.skillGroupIds();
                if (ids == null || ids.isEmpty()) {
                    throw new InvalidException("binding.skill_group_ids", "must list at least one skill group");
                }
                List<Long> unique = List.copyOf(new LinkedHashSet<>(ids));
                for (int i = 0; i < unique.size(); i++) {
                    long id = unique.get(i);
                    if (skillGroups.find(instanceId, id).isEmpty()) {
                        throw new InvalidException("binding.skill_group_ids[" + ids.indexOf(id) + "]",
                                "skill group " + id + " does not exist in this instance");
                    }
                }
                return PhoneBinding.skillGroups(unique);
            }
            default -> throw new InvalidException("binding.type", "must be one of none, agent, skill_group");
        }
    }

    private String transport(String t) {
        String v = t.toLowerCase(Locale.ROOT);
        if (!SipServer.TRANSPORTS.contains(v)) {
            throw new InvalidException("transport", "must be one of tls, tcp, udp");
        }
        if (!server.phoneTransports.contains(v)) {
            throw new InvalidException("transport", v + " is not enabled on this appliance; enabled: "
                    + String.join(", ", server.phoneTransports));
        }
        return v;
    }

    static String extension(String extension) {
        if (extension == null || extension.isEmpty()) {
            throw new InvalidException("extension", "is required (4 to 6 digits, the first one 1-8)");
        }
        if (!EXTENSION.matcher(extension).matches()) {
            throw new InvalidException("extension", "must be 4 to 6 digits, the first one 1-8");
        }
        return extension;
    }
}
