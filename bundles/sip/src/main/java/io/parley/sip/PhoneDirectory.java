package io.parley.sip;

import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipPhone;
import java.util.Optional;

/** What the registrar needs of the telephony resources: finding a phone and reporting its registration. */
interface PhoneDirectory {

    /** The phone with {@code extension} in the instance the SIP domain {@code host} names; empty when none. */
    Optional<SipPhone> find(String host, String extension);

    void report(long instanceId, String extension, PhoneRegistration registration);

    /**
     * Whether {@link #find} would answer from memory right now, without asking a store: the registrar's
     * datagram lane answers on the thread that reads the socket and leaves the others to the stack's workers.
     */
    default boolean remembers(String host, String extension) {
        return true;
    }
}
