package io.parley.api.store;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipPhone;
import java.time.Instant;
import java.util.Optional;

/**
 * Persistence of SIP phones and their skill-group bindings. The store enforces extension
 * uniqueness among phones and one phone per agent (conflicts on {@code extension} and
 * {@code binding.agent_id}); that no skill group holds the same extension is checked by
 * both managers through {@link #find} and {@link SkillGroupStore#findByExtension}.
 *
 * <pre>{@code
 * boolean taken = phoneStore.find(instanceId, "8001").isPresent();
 * }</pre>
 */
public interface SipPhoneStore {

    /** Inserts the phone with its bindings, ignoring {@code phone.id()}; returns it with the id. */
    SipPhone insert(SipPhone phone);

    /** The phone with this extension, which is also how skill groups check theirs is free. */
    Optional<SipPhone> find(long instanceId, String extension);

    /** Extension, name or bound skill-group name containing {@code q} ignoring case (null: all), by extension. */
    Page<SipPhone> list(long instanceId, String q, PageRequest page);

    /** Replaces name, binding and transport; false when it no longer exists. */
    boolean update(SipPhone phone);

    /** Replaces the digest credentials; false when it no longer exists. */
    boolean updateDigest(long instanceId, String extension, SipDigest digest, Instant changedAt);

    boolean delete(long instanceId, String extension);
}
