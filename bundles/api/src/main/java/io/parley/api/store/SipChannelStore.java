package io.parley.api.store;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.telephony.NumberFilter;
import io.parley.api.telephony.NumberTag;
import io.parley.api.telephony.NumberTagSummary;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.TrunkNumber;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of SIP channels, their peers and their numbers with their tags. Unique: channel
 * name ignoring case ({@code name}), gateway username, number appliance-wide ({@code number}),
 * tag name in an instance ignoring case ({@code name}).
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

    /** Numbers of the instance matching the filter (its values already checked), by id. */
    Page<TrunkNumber> numbersOfInstance(long instanceId, NumberFilter filter, PageRequest page);

    /** Updates all numbers in one transaction; false (and nothing changed) when one is gone. */
    boolean updateNumbers(List<TrunkNumber> numbers);

    NumberTag insertTag(NumberTag tag);

    Optional<NumberTag> findTag(long instanceId, long tagId);

    Optional<NumberTag> findTagByName(long instanceId, String name);

    NumberTagSummary tagSummary(long instanceId);

    /** Deletes the tag; numbers lose it in the same transaction. */
    boolean deleteTag(long instanceId, long tagId);

    /** Instance setting {@code numbers.number_approval_required}; false when never set. */
    boolean numberApprovalRequired(long instanceId);

    /**
     * Stores the setting; when it is turned off, the instance's {@code pending_approval}
     * numbers become {@code active} in the same transaction. Returns how many were activated.
     */
    int setNumberApprovalRequired(long instanceId, boolean required);

    /** Numbers of the instance whose inbound failure prompt plays this audio file, by id. */
    List<TrunkNumber> numbersPlayingAudio(long instanceId, String audioFileId);
}
