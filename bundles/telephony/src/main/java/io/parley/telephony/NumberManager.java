package io.parley.telephony;

import io.parley.api.audio.AudioFileStore;
import io.parley.api.error.ConflictException;
import io.parley.api.error.DomainException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.error.TextRules;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.SipChannelStore;
import io.parley.api.store.SkillGroupStore;
import io.parley.api.telephony.NumberApprovalSettings;
import io.parley.api.telephony.NumberFilter;
import io.parley.api.telephony.NumberService;
import io.parley.api.telephony.NumberTag;
import io.parley.api.telephony.NumberTagSummary;
import io.parley.api.telephony.TrunkNumber;
import io.parley.api.telephony.TrunkNumberDraft;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * An instance's numbers (SPEC §3): list, settings, bulk edit, approval, tags, the location
 * derived from the built-in area-code table; and the appliance's one number format
 * ({@link PhoneNumbers}, with {@code defaultCountryCode} of the telephony configuration), which
 * the channels, the SIP calls and the blocklist use. Numbers are added to and removed from
 * their channel by {@link SipChannelManager}.
 */
@Component(service = NumberService.class, configurationPid = TelephonyConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
// the metatype of this PID is designated once, on SipPhoneManager
public class NumberManager implements NumberService {

    static final int MAX_BULK = 1000;

    private final SipChannelStore store;
    private final InstanceService instances;
    private final NumberRules rules;

    @Activate
    public NumberManager(@Reference SipChannelStore store, @Reference SkillGroupStore skillGroups,
                         @Reference InstanceService instances, @Reference AudioFileStore audioFiles,
                         TelephonyConfig config) {
        this(store, instances, new NumberRules(store, skillGroups, audioFiles, new PhoneNumbers(config.defaultCountryCode())));
    }

    NumberManager(SipChannelStore store, InstanceService instances, NumberRules rules) {
        this.store = store;
        this.instances = instances;
        this.rules = rules;
    }

    @Override
    public String canonical(String field, String number) {
        return rules.phoneNumbers().canonical(field, number);
    }

    @Override
    public String national(String canonicalNumber) {
        return rules.phoneNumbers().national(canonicalNumber);
    }

    @Override
    public Page<TrunkNumber> list(long instanceId, String q, PageRequest page) {
        instances.get(instanceId);
        return store.numbersOfInstance(instanceId, q == null || q.isBlank() ? null : q.strip(), page);
    }

    @Override
    public Page<TrunkNumber> list(long instanceId, NumberFilter f, PageRequest page) {
        instances.get(instanceId);
        NumberFilter filter = f == null ? NumberFilter.ALL : f;
        String q = filter.q() == null || filter.q().isBlank() ? null : filter.q().strip();
        String tag = filter.tag() == null || filter.tag().isBlank() ? null : filter.tag().strip();
        if (tag != null && filter.untagged()) {
            throw new InvalidException("untagged", "cannot be combined with tag");
        }
        if (tag != null && store.findTagByName(instanceId, tag).isEmpty()) {
            throw new InvalidException("tag", "instance " + instanceId + " has no number tag named '" + tag + "'");
        }
        String status = filter.status() == null || filter.status().isBlank() ? null
                : NumberRules.oneOf("status", filter.status().strip(), NumberRules.STATUSES);
        return store.numbersOfInstance(instanceId, new NumberFilter(q, tag, filter.untagged(), status), page);
    }

    @Override
    public TrunkNumber get(long instanceId, long numberId) {
        instances.get(instanceId);
        return store.findNumber(numberId).filter(n -> n.instanceId() == instanceId)
                .orElseThrow(() -> new NotFoundException("number", numberId));
    }

    @Override
    public Optional<String> location(String canonicalNumber) {
        return rules.location(canonicalNumber);
    }

    @Override
    public synchronized TrunkNumber edit(long instanceId, long numberId, TrunkNumberDraft d) {
        TrunkNumber current = get(instanceId, numberId);
        if (d.number() != null && !canonical("number", d.number()).equals(current.number())) {
            throw new InvalidException("number", "is immutable; remove the number and add it again");
        }
        if (d.instanceId() != null && d.instanceId() != instanceId) {
            throw new InvalidException("instance_id", "is immutable");
        }
        TrunkNumber updated = rules.apply("", current, d);
        if (!store.updateNumber(updated)) {
            throw new NotFoundException("number", numberId);
        }
        return updated;
    }

    @Override
    public synchronized List<TrunkNumber> bulkEdit(long instanceId, List<Long> ids, TrunkNumberDraft d) {
        instances.get(instanceId);
        if (ids == null || ids.isEmpty()) {
            throw new InvalidException("ids", "must list at least one number id");
        }
        if (ids.size() > MAX_BULK) {
            throw new InvalidException("ids", "must list at most " + MAX_BULK + " number ids");
        }
        if (d.number() != null) {
            throw new InvalidException("number", "cannot be bulk-edited: each number is unique and immutable");
        }
        if (d.instanceId() != null && d.instanceId() != instanceId) {
            throw new InvalidException("instance_id", "is immutable");
        }
        List<TrunkNumber> updated = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            Long id = ids.get(i);
            String at = "ids[" + i + "]";
            if (id == null || !seen.add(id)) {
                throw new InvalidException(at, id == null ? "must be a number id" : "lists number " + id + " twice");
            }
            TrunkNumber n = store.findNumber(id).filter(x -> x.instanceId() == instanceId).orElseThrow(() ->
                    new InvalidException(at, "number " + id + " does not exist in instance " + instanceId));
            try {
                updated.add(rules.apply(at + ".", n, d));
            } catch (DomainException e) {
                // name the number, not only its position in the request
                String rule = e.field() != null && e.getMessage().startsWith(e.field() + ": ")
                        ? e.getMessage().substring(e.field().length() + 2) : e.getMessage();
                String message = "number " + n.id() + " (" + n.number() + "): " + rule;
                throw e instanceof ConflictException ? new ConflictException(e.field(), e.field() + ": " + message)
                        : new InvalidException(e.field(), message);
            }
        }
        if (!store.updateNumbers(updated)) {
            throw new ConflictException("ids", "a number was removed while the bulk edit ran; nothing was changed");
        }
        return updated;
    }

    @Override
    public synchronized TrunkNumber approve(long instanceId, long numberId) {
        TrunkNumber approved = pending(instanceId, numberId, "approved").withStatus(TrunkNumber.ACTIVE);
        store.updateNumber(approved);
        return approved;
    }

    @Override
    public synchronized TrunkNumber reject(long instanceId, long numberId) {
        TrunkNumber rejected = pending(instanceId, numberId, "rejected").withStatus(TrunkNumber.REJECTED);
        store.updateNumber(rejected);
        return rejected;
    }

    /** SPEC §2.2: approve and reject apply only while approval is required, to a pending number. */
    private TrunkNumber pending(long instanceId, long numberId, String to) {
        TrunkNumber n = get(instanceId, numberId);
        if (!store.numberApprovalRequired(instanceId)) {
            throw new ConflictException("number_approval_required", "instance " + instanceId
                    + " does not require number approval; numbers are active when added");
        }
        if (!n.status().equals(TrunkNumber.PENDING_APPROVAL)) {
            throw new ConflictException("status", "only a pending_approval number can be " + to + "; number "
                    + numberId + " is " + n.status());
        }
        return n;
    }

    @Override
    public NumberApprovalSettings approvalSettings(long instanceId) {
        instances.get(instanceId);
        return new NumberApprovalSettings(store.numberApprovalRequired(instanceId));
    }

    @Override
    public synchronized NumberApprovalSettings updateApprovalSettings(long instanceId, NumberApprovalSettings settings) {
        instances.get(instanceId);
        store.setNumberApprovalRequired(instanceId, settings.numberApprovalRequired());
        return approvalSettings(instanceId);
    }

    @Override
    public synchronized NumberTag createTag(long instanceId, String name) {
        instances.get(instanceId);
        String n = TextRules.required("name", name, NumberRules.TAG_NAME_MAX);
        store.findTagByName(instanceId, n).ifPresent(t -> {
            throw new ConflictException("name", "name: number tag '" + t.name() + "' already exists (id " + t.id() + ")");
        });
        return store.insertTag(new NumberTag(0, instanceId, n));
    }

    @Override
    public NumberTagSummary tags(long instanceId) {
        instances.get(instanceId);
        return store.tagSummary(instanceId);
    }

    @Override
    public synchronized void deleteTag(long instanceId, long tagId) {
        instances.get(instanceId);
        if (!store.deleteTag(instanceId, tagId)) {
            throw new NotFoundException("number tag", tagId);
        }
    }

    /** The IVR flows, to check a new binding of a number (SPEC §3.1: only a published version can be bound). */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY,
            unbind = "unbindIvrFlows")
    void bindIvrFlows(io.parley.api.ivr.IvrFlowService flows) {
        rules.ivrFlows(flows);
    }

    void unbindIvrFlows(io.parley.api.ivr.IvrFlowService flows) {
        rules.ivrFlowsGone(flows);
    }
}
