package io.parley.api.telephony;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.util.List;

/**
 * Appliance-level SIP channels (SPEC §1) and the numbers they carry (§2), shared by REST and
 * the shell.
 *
 * <pre>{@code
 * IssuedChannel c = channels.create(SipChannelDraft.named("HQ", "e1_t1", "appliance_account"));
 * channels.addNumbers(c.channel().id(), List.of(TrunkNumberDraft.of("02187654321", instanceId)));
 * }</pre>
 */
public interface SipChannelService {

    /**
     * @throws io.parley.api.error.InvalidException  a field breaks a §1.3 rule
     * @throws io.parley.api.error.ConflictException the name is taken
     */
    IssuedChannel create(SipChannelDraft draft);

    SipChannel get(long channelId);

    /** Channels whose name, or one of whose numbers, contains {@code q} (null: all), by id. */
    Page<SipChannel> list(String q, PageRequest page);

    /** Changes the given fields; the docking mode is immutable. */
    SipChannel edit(long channelId, SipChannelDraft changes);

    /** Regenerates the gateway password (appliance_account only, else 409). */
    IssuedChannel resetPassword(long channelId);

    /** @throws io.parley.api.error.ConflictException while the channel holds numbers */
    void delete(long channelId);

    /** Validates every row first and adds all or none (§2.2); field paths are {@code numbers[i].field}. */
    List<TrunkNumber> addNumbers(long channelId, List<TrunkNumberDraft> numbers);

    Page<TrunkNumber> numbers(long channelId, PageRequest page);

    /** Removes a number from its channel. */
    void deleteNumber(long channelId, long numberId);

    /** The appliance's signalling addresses a public-trunk peer must allow-list, and gateway server details. */
    SipServerInfo serverInfo();
}
