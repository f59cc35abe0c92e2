package io.parley.system;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.system.ApplianceStatus;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

public class ApplianceStatusManagerTest {

    @Test
    public void anImmediateComponentStillActivatingKeepsTheApplianceNotReady() {
        ApplianceStatus starting = statusWith(true, ComponentConfigurationDTO.SATISFIED);
        assertEquals(List.of("SipSignalling (starting)"), starting.bundles().get(0).failedComponents());
        assertFalse(starting.bundles().get(0).active());
    }

    @Test
    public void anImmediateComponentOnceActiveCountsAsUp() {
        ApplianceStatus up = statusWith(true, ComponentConfigurationDTO.ACTIVE);
        assertTrue(up.bundles().get(0).active());
    }

    @Test
    public void aDelayedComponentNobodyUsesYetIsNotAProblem() {
        ApplianceStatus up = statusWith(false, ComponentConfigurationDTO.SATISFIED);
        assertTrue(up.bundles().get(0).active());
    }

    @Test
    public void anUnsatisfiedReferenceIsReported() {
        ApplianceStatus down = statusWith(false, ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        assertEquals(List.of("SipSignalling"), down.bundles().get(0).failedComponents());
    }

    private static ApplianceStatus statusWith(boolean immediate, int state) {
        Bundle sip = fake(Bundle.class, (name, args) -> switch (name) {
            case "getSymbolicName" -> "parley-sip";
            case "getVersion" -> new Version(0, 1, 0);
            case "getState" -> Bundle.ACTIVE;
            default -> null;
        });
        BundleContext context = fake(BundleContext.class, (name, args) -> switch (name) {
            case "getBundles" -> new Bundle[] {sip};
            case "getBundle" -> sip;
            default -> null;
        });
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = "io.parley.sip.SipSignalling";
        description.immediate = immediate;
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = state;
        ServiceComponentRuntime scr = fake(ServiceComponentRuntime.class, (name, args) -> switch (name) {
            case "getComponentDescriptionDTOs" -> List.of(description);
            case "isComponentEnabled" -> true;
            case "getComponentConfigurationDTOs" -> List.of(configuration);
            default -> null;
        });
        return new ApplianceStatusManager(context, scr).status();
    }

    interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T fake(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(ApplianceStatusManagerTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args)));
    }
}
