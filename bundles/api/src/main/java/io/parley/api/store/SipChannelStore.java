package io.parley.api.store;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.TrunkNumber;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of SIP channels, their peers and their numbers. Unique: channel name ignoring
 * case ({@code name}), gateway username, number appliance-wide ({@code number}).
 *
 * <pre>{@code
 * Optional<TrunkNumber> called = channelStore.findNumber("008602187654321");   // the SIP hot path
 * }</pre>
 */
public interface SipChannelStore {

    SipChannel insert(SipChannel channel);

    Optional<SipChannel> find(long id);

    Optional<SipChannel> findByName(String name);

    Page<SipChannel> list(String q, PageRequest page);

    boolean update(SipChannel channel);

    boolean updateGatewayDigest(long id, SipDigest digest);

    boolean delete(long id);

    long countNumbers(long channelId);

    /** Inserts all numbers in one transaction. */
    List<TrunkNumber> insertNumbers(List<TrunkNumber> numbers);

    Optional<TrunkNumber> findNumber(String canonicalNumber);

    Optional<TrunkNumber> findNumber(long id);

    Page<TrunkNumber> numbersOfChannel(long channelId, PageRequest page);

    Page<TrunkNumber> numbersOfInstance(long instanceId, String q, PageRequest page);

    boolean updateNumber(TrunkNumber number);

    boolean deleteNumber(long id);
}
