package io.parley.sip.call;

import io.parley.api.call.CallStatus;
import io.parley.api.call.Destination;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.SipChannelStore;
import io.parley.api.telephony.TrunkNumber;
import java.util.Comparator;
import java.util.Optional;

/** Which trunk number an external call goes out through and shows as the caller (SPEC §11). */
final class CallerNumber {

    private final SipChannelStore channels;
    private final Numbers numbers;

    CallerNumber(SipChannelStore channels, Numbers numbers) {
        this.channels = channels;
        this.numbers = numbers;
    }

    /** SPEC §11 in its simplest form: the given number, else the instance's first active outbound-capable number. */
    TrunkNumber select(Destination to) throws Unreachable {
        if (to.callerNumber() != null) {
            String canonical = numbers.canonical(to.callerNumber());
            TrunkNumber n = canonical == null ? null : channels.findNumber(canonical).orElse(null);
            if (n == null || n.instanceId() != to.instanceId() || !n.placesOutbound()) {
                throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "caller number not usable: " + to.callerNumber());
            }
            return n;
        }
        for (int page = 1; page <= 100; page++) {
            Page<TrunkNumber> p = channels.numbersOfInstance(to.instanceId(), (String) null,
                    new PageRequest(page, PageRequest.MAX_PAGE_SIZE));
            Optional<TrunkNumber> usable = p.items().stream().filter(TrunkNumber::placesOutbound)
                    .min(Comparator.comparingLong(TrunkNumber::id));
            if (usable.isPresent()) {
                return usable.get();
            }
            if ((long) page * PageRequest.MAX_PAGE_SIZE >= p.total()) {
                break;
            }
        }
        throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "the instance has no active outbound number");
    }
}
