package io.parley.sip.call;

import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.call.InboundCallHandler;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An answered inbound call (its ACK came) goes to the IVR engine's {@link InboundCallHandler},
 * or to the configured default while none is registered; on a thread of its own, never the SIP
 * stack's, and outside the call's lock.
 */
final class Handover {

    private static final Logger LOG = LoggerFactory.getLogger(Handover.class);

    private final CallControl control;
    private final Executor handlerThreads;
    private final InboundCallHandler defaultHandler;
    private volatile InboundCallHandler inboundHandler;

    Handover(CallControl control, Executor handlerThreads, InboundCallHandler defaultHandler) {
        this.control = control;
        this.handlerThreads = handlerThreads;
        this.defaultHandler = defaultHandler;
    }

    void inboundHandler(InboundCallHandler handler) {
        this.inboundHandler = handler;
    }

    /** Not under the call's lock: takes it only to read the call. */
    void handOver(Call call) {
        InboundCallHandler registered = inboundHandler;
        CallInfo info;
        synchronized (call) {
            info = call.info();
        }
        handlerThreads.execute(() -> {
            // the IVR engine takes only the numbers that bind a flow; the default serves the others
            InboundCallHandler handler = defaultHandler;
            try {
                if (registered != null && registered.accepts(info, call.numberId)) {
                    handler = registered;
                }
                handler.answered(info, call.numberId);
            } catch (RuntimeException e) {
                LOG.warn("call {}: inbound handler failed: {}", call.id, e.toString());
                control.hangup(call.id, CallStatus.SYSTEM_ERROR);
            }
        });
    }
}
