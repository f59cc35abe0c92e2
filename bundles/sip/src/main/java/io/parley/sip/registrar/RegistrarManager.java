package io.parley.sip.registrar;

import io.parley.api.sip.GatewayBinding;
import io.parley.api.sip.Registrar;
import io.parley.api.sip.RegistrationBinding;
import io.parley.sip.SipSignalling;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link Registrar} service: the live registrations of phones and of appliance_account gateways, read
 * from the {@link Bindings} the stack's REGISTER path keeps ({@link PhoneRegistrar} runs inside
 * {@link SipSignalling}, installed before its listening points so no REGISTER goes unanswered).
 */
@Component(service = Registrar.class, immediate = true)
public final class RegistrarManager implements Registrar {

    private final Bindings phones;
    private final Bindings gateways;

    @Activate
    public RegistrarManager(@Reference SipSignalling signalling) {
        this.phones = signalling.phoneBindings();
        this.gateways = signalling.gatewayBindings();
    }

    @Override
    public List<RegistrationBinding> bindings(long instanceId, String extension) {
        return phones.of(new Bindings.Aor(instanceId, extension));
    }

    @Override
    public List<RegistrationBinding> all() {
        return phones.all();
    }

    @Override
    public List<GatewayBinding> gatewayBindings(long channelId) {
        return gateways.gateways(channelId);
    }

    @Override
    public List<GatewayBinding> allGateways() {
        return gateways.allGateways();
    }
}
