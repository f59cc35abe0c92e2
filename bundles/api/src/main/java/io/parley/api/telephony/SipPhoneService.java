package io.parley.api.telephony;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;

/**
 * SIP phones with every rule of SPEC §12, shared by REST and the shell; phones are addressed
 * by extension.
 *
 * <pre>{@code
 * IssuedPhone p = phones.create(instanceId, new SipPhoneDraft("8001", "Reception", null, null, null, null));
 * System.out.println("password, shown once: " + p.sipPassword());
 * IssuedPhone again = phones.resetPassword(instanceId, "8001");
 * }</pre>
 */
public interface SipPhoneService {

    /**
     * @throws io.parley.api.error.InvalidException  a field breaks a §12.1 rule, or a bound skill group does not exist
     * @throws io.parley.api.error.ConflictException the extension is used by a phone or a skill group
     * @throws io.parley.api.error.NotFoundException the instance does not exist
     */
    IssuedPhone create(long instanceId, SipPhoneDraft draft);

    /** @throws io.parley.api.error.NotFoundException when absent */
    SipPhone get(long instanceId, String extension);

    /** Phones whose extension or name contains {@code q}, or bound to a group whose name does (null: all). */
    Page<SipPhone> list(long instanceId, String q, PageRequest page);

    /** Changes name, binding and transport; the extension is immutable (422 when a different one is given). */
    SipPhone edit(long instanceId, String extension, SipPhoneDraft changes);

    /** Generates a new password; existing registrations must re-authenticate. */
    IssuedPhone resetPassword(long instanceId, String extension);

    void delete(long instanceId, String extension);

    PhoneProvisioning provisioning(long instanceId, String extension);

    /**
     * Records the live registration the SIP registrar reports for a phone (status, last
     * authentication result, client address, User-Agent); {@link #get} and {@link #list} show it
     * from then on. Live state: it is kept in memory, so after a restart every phone reads
     * {@link PhoneRegistration#NOT_REGISTERED} until it registers again. False when the phone
     * does not exist.
     */
    boolean updateRegistration(long instanceId, String extension, PhoneRegistration registration);

    /** The appliance SIP addresses phones are given (read-only fields of every phone). */
    SipServerInfo serverInfo();
}
