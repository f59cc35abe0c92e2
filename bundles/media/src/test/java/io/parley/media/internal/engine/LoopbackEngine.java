package io.parley.media.internal.engine;

import io.parley.api.media.Codec;
import io.parley.api.media.RtpEndpoint;

import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

/** A media engine on 127.0.0.1 with its own port range, and small waiting helpers. */
final class LoopbackEngine {
    private LoopbackEngine() {
    }

    static MediaEngine start(int minPort, int maxPort, int playoutDelayMs) {
        return new MediaEngine(MediaSettings.defaults().withBindAddress("127.0.0.1").withPorts(minPort, maxPort)
                .withPlayoutDelayMs(playoutDelayMs));
    }

    static void connect(RtpEndpoint e, InetSocketAddress peer, Codec codec) {
        MediaEngine.connect(e, peer, codec);
    }

    static boolean await(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
