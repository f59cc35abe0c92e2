package io.parley.sip.steady;

import io.parley.api.instance.InstanceService;
import io.parley.api.store.SipChannelStore;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.SipPhoneService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@link Steady} (inside this bundle) once the telephony, directory and store
 * services it stands in for have all been there, and keeps it registered while they come and
 * go: the SIP stack, the registrar and the calls depend on it and are activated once, however
 * often those bundles restart. Each stand-in calls the highest-ranked service of its type
 * registered at that moment.
 */
@Component(immediate = true)
public final class SteadyServices {

    private static final Logger LOG = LoggerFactory.getLogger(SteadyServices.class);

    private final BundleContext context;
    private final Tracked<SipPhoneService> phones;
    private final Tracked<InstanceService> instances;
    private final Tracked<SipChannelService> channels;
    private final Tracked<SipChannelStore> channelStore;
    private final List<Tracked<?>> all;
    private static final int SERVICES = 4;
    private final Steady steady;
    /** The types seen at least once; guarded by this. */
    private final Set<Class<?>> seen = new HashSet<>();
    /** Guarded by this; null until every service was seen once. */
    private ServiceRegistration<Steady> registration;
    private boolean closed;

    @Activate
    public SteadyServices(BundleContext context) {
        this.context = context;
        phones = new Tracked<>(SipPhoneService.class);
        instances = new Tracked<>(InstanceService.class);
        channels = new Tracked<>(SipChannelService.class);
        channelStore = new Tracked<>(SipChannelStore.class);
        all = List.of(phones, instances, channels, channelStore);
        SipPhoneService p = Standin.of(SipPhoneService.class, phones::live);
        InstanceService i = Standin.of(InstanceService.class, instances::live);
        SipChannelService c = Standin.of(SipChannelService.class, channels::live);
        SipChannelStore s = Standin.of(SipChannelStore.class, channelStore::live);
        steady = new Steady() {
            @Override
            public SipPhoneService phones() {
                return p;
            }

            @Override
            public InstanceService instances() {
                return i;
            }

            @Override
            public SipChannelService channels() {
                return c;
            }

            @Override
            public SipChannelStore channelStore() {
                return s;
            }
        };
        all.forEach(t -> t.tracker.open());
    }

    @Deactivate
    public synchronized void close() {
        closed = true;
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        all.forEach(t -> t.tracker.close());
    }

    /** One type's services, and the one being added while its tracker does not list it yet. */
    private final class Tracked<T> {
        final ServiceTracker<T, T> tracker;
        /**
         * Registering {@link Steady} from the last {@code addingService} activates the stack at once, before
         * the tracker lists the service it is adding: the stand-in takes this one meanwhile.
         */
        final AtomicReference<T> arriving = new AtomicReference<>();

        Tracked(Class<T> type) {
            tracker = new ServiceTracker<>(context, type, null) {
                @Override
                public T addingService(ServiceReference<T> reference) {
                    T service = super.addingService(reference);
                    if (service != null) {
                        arriving.set(service);
                        seen(type);
                    }
                    return service;
                }

                @Override
                public void removedService(ServiceReference<T> reference, T service) {
                    arriving.compareAndSet(service, null);
                    super.removedService(reference, service);
                    LOG.info("{} went away; calls go on, lookups wait for it", type.getSimpleName());
                }
            };
        }

        T live() {
            T t = tracker.getService();
            return t != null ? t : arriving.get();
        }
    }

    private synchronized void seen(Class<?> type) {
        seen.add(type);
        if (closed || registration != null || seen.size() < SERVICES) {
            return;
        }
        registration = context.registerService(Steady.class, steady, null);
        LOG.info("the telephony, directory and store services are up: the SIP core can start");
    }
}
