package io.parley.sip.registrar;

import io.parley.api.error.DomainException;
import io.parley.api.instance.InstanceService;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipPhone;
import io.parley.api.telephony.SipPhoneService;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the registrar needs of the telephony resources: finding a phone and reporting its registration. */
public interface PhoneDirectory {

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

    /**
     * Phones by extension within the instance the request's domain names: {@code <instanceId>.<sipDomain>}
     * names that instance; the appliance domain itself or an IP address, the default instance.
     */
    static PhoneDirectory of(SipPhoneService phones, InstanceService instances, String sipDomain) {
        Pattern instanceDomain = Pattern.compile("(\\d{1,18})\\." + Pattern.quote(sipDomain), Pattern.CASE_INSENSITIVE);
        return new PhoneDirectory() {
            @Override
            public Optional<SipPhone> find(String host, String extension) {
                try {
                    Matcher m = host == null ? null : instanceDomain.matcher(host);
                    long instanceId = m != null && m.matches() ? Long.parseLong(m.group(1))
                            : instances.defaultInstance().id();
                    return Optional.of(phones.get(instanceId, extension));
                } catch (DomainException e) {
                    return Optional.empty();
                }
            }

            @Override
            public void report(long instanceId, String extension, PhoneRegistration registration) {
                phones.updateRegistration(instanceId, extension, registration);
            }
        };
    }
}
