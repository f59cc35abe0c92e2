package io.parley.rest;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The services the REST resources call, each tracked on its own for as long as the API is up,
 * so a bundle that stops takes away only the endpoints that call its services: they answer
 * 503 with the SPEC §0.2 body naming the missing service ({@link ServiceMissingException})
 * while every other endpoint keeps working, and they answer again as soon as the service is
 * back, without the CXF server being rebuilt.
 *
 * <p>{@link #of} gives a stand-in that implements the service interface and forwards each call
 * to the highest-ranked service registered at that moment. A resource keeps its stand-ins in
 * its own fields; that is how {@link #serves} knows which endpoints are up (the OpenAPI
 * document lists those). A new resource needs nothing more than:
 * <pre>{@code
 * // in RestServer, beside the others
 * resources.add(new IvrFlowResource(services.of(IvrFlowService.class)));
 * }</pre>
 */
final class LiveServices implements AutoCloseable {

    private final BundleContext context;
    private final Map<Class<?>, Slot<?>> slots = new LinkedHashMap<>();

    LiveServices(BundleContext context) {
        this.context = context;
    }

    /** A stand-in for {@code type} that calls the live service or throws {@link ServiceMissingException}. */
    <T> T of(Class<T> type) {
        Slot<T> slot = slot(type);
        slot.required = true;
        return slot.proxy;
    }

    /** The live service of {@code type}, or null: for resources that work on without it. */
    <T> Supplier<T> optional(Class<T> type) {
        Slot<T> slot = slot(type);
        return slot.tracker::getService;
    }

    /** The services asked for with {@link #of} that are not registered now, by simple name, with their last bundle. */
    synchronized List<Missing> missing() {
        List<Missing> missing = new ArrayList<>();
        for (Slot<?> slot : slots.values()) {
            if (slot.required && slot.tracker.getService() == null) {
                missing.add(new Missing(slot.type.getSimpleName(), slot.lastBundle));
            }
        }
        return missing;
    }

    /** True when every service {@code resource} keeps in its fields is registered now. */
    boolean serves(Object resource) {
        for (Class<?> c = resource.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType().isInterface() && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    Object value;
                    try {
                        value = f.get(resource);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                    if (value != null && Proxy.isProxyClass(value.getClass())
                            && Proxy.getInvocationHandler(value) instanceof Slot<?> slot
                            && slot.tracker.getService() == null) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        slots.values().forEach(s -> s.tracker.close());
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> Slot<T> slot(Class<T> type) {
        return (Slot<T>) slots.computeIfAbsent(type, t -> new Slot<>(context, type));
    }

    /** A service the API needs and does not have now; {@code bundle} is null until it was once seen. */
    record Missing(String service, String bundle) {
    }

    private static final class Slot<T> implements InvocationHandler {
        final Class<T> type;
        final ServiceTracker<T, T> tracker;
        final T proxy;
        /** False while it was only asked for with {@link #optional}. */
        volatile boolean required;
        volatile String lastBundle;

        Slot(BundleContext context, Class<T> type) {
            this.type = type;
            this.tracker = new ServiceTracker<>(context, type, null) {
                @Override
                public T addingService(ServiceReference<T> reference) {
                    if (reference.getBundle() != null) {
                        lastBundle = reference.getBundle().getSymbolicName();
                    }
                    return super.addingService(reference);
                }
            };
            this.proxy = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, this));
            tracker.open();
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> "live " + type.getName();
                };
            }
            T target = tracker.getService();
            if (target == null) {
                throw new ServiceMissingException(type.getSimpleName(), lastBundle);
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
