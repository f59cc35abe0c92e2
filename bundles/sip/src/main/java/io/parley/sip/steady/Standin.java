package io.parley.sip.steady;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Implements a service interface by calling whichever service {@code live} gives now. While
 * there is none, a method without arguments answers what it answered last (the SIP server's
 * settings: domain, ports), any other throws {@link ServiceAwayException}.
 *
 * <pre>{@code
 * SipPhoneService phones = Standin.of(SipPhoneService.class, tracker::getService);
 * phones.serverInfo();   // the live answer, or the last one while telephony restarts
 * }</pre>
 */
final class Standin<T> implements InvocationHandler {

    private final Class<T> type;
    private final Supplier<T> live;
    /** Last answers of the methods without arguments. */
    private final Map<Method, Object> settled = new ConcurrentHashMap<>();

    private Standin(Class<T> type, Supplier<T> live) {
        this.type = type;
        this.live = live;
    }

    static <T> T of(Class<T> type, Supplier<T> live) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Standin<>(type, live)));
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> self == args[0];
                case "hashCode" -> System.identityHashCode(self);
                default -> "steady " + type.getSimpleName();
            };
        }
        boolean plain = args == null || args.length == 0;
        T target = live.get();
        if (target == null) {
            Object last = plain ? settled.get(method) : null;
            if (last == null) {
                throw new ServiceAwayException(type.getSimpleName());
            }
            return last;
        }
        Object answer;
        try {
            answer = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (plain && answer != null) {
            settled.put(method, answer);
        }
        return answer;
    }
}
