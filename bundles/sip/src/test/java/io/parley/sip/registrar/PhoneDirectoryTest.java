package io.parley.sip.registrar;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.error.NotFoundException;
import io.parley.api.instance.Instance;
import io.parley.api.instance.InstanceService;
import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipPhone;
import io.parley.api.telephony.SipPhoneService;
import java.lang.reflect.Proxy;
import java.time.Instant;
import org.junit.Test;

public class PhoneDirectoryTest {

    private static final long DEFAULT = 1000001;

    /** Phones 8001 exist in instances 1000001 and 1000002. */
    private final SipPhoneService phones = (SipPhoneService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {SipPhoneService.class}, (proxy, method, args) -> {
                if (method.getName().equals("get")) {
                    long instance = (Long) args[0];
                    if ((instance == DEFAULT || instance == 1000002) && "8001".equals(args[1])) {
                        return new SipPhone(instance, instance, "8001", "Desk", PhoneBinding.NONE, "udp", null,
                                PhoneRegistration.NOT_REGISTERED, Instant.EPOCH);
                    }
                    throw new NotFoundException("SIP phone", (String) args[1]);
                }
                throw new UnsupportedOperationException(method.getName());
            });
    private final InstanceService instances = (InstanceService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {InstanceService.class}, (proxy, method, args) -> {
                if (method.getName().equals("defaultInstance")) {
                    return new Instance(DEFAULT, "Default", "UTC", Instant.EPOCH);
                }
                throw new UnsupportedOperationException(method.getName());
            });
    private final PhoneDirectory directory = PhoneDirectory.of(phones, instances, "parley.local");

    @Test
    public void anIpAddressOrTheApplianceDomainMeansTheDefaultInstance() {
        assertEquals(DEFAULT, directory.find("127.0.0.1", "8001").orElseThrow().instanceId());
        assertEquals(DEFAULT, directory.find("parley.local", "8001").orElseThrow().instanceId());
    }

    @Test
    public void instanceIdDotDomainMeansThatInstance() {
        assertEquals(1000002, directory.find("1000002.parley.local", "8001").orElseThrow().instanceId());
        assertEquals(1000002, directory.find("1000002.PARLEY.local", "8001").orElseThrow().instanceId());
    }

    @Test
    public void anUnknownExtensionOrInstanceIsEmpty() {
        assertTrue(directory.find("127.0.0.1", "8002").isEmpty());
        assertTrue(directory.find("1000009.parley.local", "8001").isEmpty());
    }
}
