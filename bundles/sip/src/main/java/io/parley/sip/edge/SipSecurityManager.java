package io.parley.sip.edge;

import io.parley.api.sip.SipSecurityService;
import io.parley.api.sip.SipSecurityStatus;
import io.parley.sip.SipSignalling;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link SipSecurityService}: the operator's view of the toll-fraud monitor ({@link SipSecurity}) that
 * the running stack's edge reports to, and the unblocking of a source.
 */
@Component(service = SipSecurityService.class, immediate = true)
public final class SipSecurityManager implements SipSecurityService {

    private final SipSecurity security;

    @Activate
    public SipSecurityManager(@Reference SipSignalling signalling) {
        this.security = signalling.security();
    }

    @Override
    public SipSecurityStatus status() {
        return security.status();
    }

    @Override
    public boolean unblock(String ip) {
        return security.unblock(ip);
    }
}
