package io.parley.sip;

import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipPhone;
import java.util.Optional;

/** What the registrar needs of the telephony resources: finding a phone and reporting its registration. */
interface PhoneDirectory {

    /** The phone with {@code extension} in the instance the SIP domain {@code host} names; empty when none. */
    Optional<SipPhone> find(String host, String extension);

    void report(long instanceId, String extension, PhoneRegistration registration);
}
