package io.parley.sip.call;

import io.parley.api.call.CallStatus;
import io.parley.api.call.Destination;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.settings.OutboundSettings;
import io.parley.api.store.SipChannelStore;
import io.parley.api.telephony.TrunkNumber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Which trunk number an external call goes out through and shows as the caller (SPEC §11): for
 * an agent's call the §11.2 selection ({@link CallerNumberSelection}); for a system call (IVR, a
 * phone's external call) the given number, else the instance's first active outbound-capable number.
 */
final class CallerNumber {

    private final SipChannelStore channels;
    private final Numbers numbers;
    private final CallerNumberSelection selection;
    private volatile CallPorts.CallerNumberSources sources;

    CallerNumber(SipChannelStore channels, Numbers numbers, NumberLimits limits, Random random) {
        this.channels = channels;
        this.numbers = numbers;
        this.selection = new CallerNumberSelection(this::numbersOfInstance, limits::underLimits,
                new CallPorts.CallerNumberSources() {
                    @Override
                    public OutboundSettings outbound(long instanceId) {
                        CallPorts.CallerNumberSources s = sources;
                        return s == null ? null : s.outbound(instanceId);
                    }

                    @Override
                    public Optional<List<Long>> agentSkillGroups(long instanceId, String agentId) {
                        CallPorts.CallerNumberSources s = sources;
                        return s == null ? Optional.empty() : s.agentSkillGroups(instanceId, agentId);
                    }

                    @Override
                    public Optional<String> location(String canonicalNumber) {
                        CallPorts.CallerNumberSources s = sources;
                        return s == null ? Optional.empty() : s.location(canonicalNumber);
                    }
                }, random);
    }

    /** Where §11.2 reads the outbound settings, agents' skill groups and locations (set once at start). */
    void sources(CallPorts.CallerNumberSources s) {
        this.sources = s;
    }

    TrunkNumber select(Destination to) throws Unreachable {
        if (to.agentId() != null) {
            String chosen = to.callerNumber() == null ? null
                    : Optional.ofNullable(numbers.canonical(to.callerNumber())).orElse(to.callerNumber());
            try {
                return selection.forAgent(to.instanceId(), to.agentId(), chosen, numbers.canonical(to.address()));
            } catch (CallerNumberSelection.Refusal r) {
                throw new Unreachable(CallStatus.CARRIER_ERROR, 0, r.getMessage(), r.reason);
            }
        }
        if (to.callerNumber() != null) {
            String canonical = numbers.canonical(to.callerNumber());
            TrunkNumber n = canonical == null ? null : channels.findNumber(canonical).orElse(null);
            if (n == null || n.instanceId() != to.instanceId() || !n.placesOutbound()) {
                throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "caller number not usable: " + to.callerNumber());
            }
            return n;
        }
        return numbersOfInstance(to.instanceId()).stream().filter(TrunkNumber::placesOutbound)
                .min(Comparator.comparingLong(TrunkNumber::id))
                .orElseThrow(() -> new Unreachable(CallStatus.CARRIER_ERROR, 0, "the instance has no active outbound number"));
    }

    /** Every number of the instance, page by page. */
    private List<TrunkNumber> numbersOfInstance(long instanceId) {
        List<TrunkNumber> all = new ArrayList<>();
        for (int page = 1; page <= 100; page++) {
            Page<TrunkNumber> p = channels.numbersOfInstance(instanceId, (String) null,
                    new PageRequest(page, PageRequest.MAX_PAGE_SIZE));
            all.addAll(p.items());
            if ((long) page * PageRequest.MAX_PAGE_SIZE >= p.total()) {
                break;
            }
        }
        return all;
    }
}
