package io.parley.speech.pocketsphinx;

import io.parley.api.speech.SpeechRecognizer;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One utterance on a borrowed decoder. {@link #accept} only queues the frame (it is called on
 * the media clock's thread, which must never wait for the decoder); a worker feeds the
 * decoder. {@link #finish} waits for the queue to drain, ends the utterance and returns the
 * detected phrase of highest posterior probability. A recognition without a decoder (all busy,
 * another language, the bundle stopping) hears nothing and returns empty.
 */
final class Recognition implements SpeechRecognizer.Session {

    // a frame is 20 ms; more than 15 s queued means the decoder cannot keep up: drop the rest
    private static final int MAX_QUEUED = 750;

    private final Decoder decoder;
    private final Executor worker;
    private final Consumer<Recognition> onEnd;
    private final Deque<short[]> queued = new ArrayDeque<>();
    private boolean draining;
    private boolean ended;

    Recognition(Decoder decoder, Executor worker, Consumer<Recognition> onEnd) {
        this.decoder = decoder;
        this.worker = worker;
        this.onEnd = onEnd;
        if (decoder != null) {
            decoder.start();
        }
    }

    Decoder decoder() {
        return decoder;
    }

    @Override
    public void accept(short[] frame) {
        if (decoder == null) {
            return;
        }
        synchronized (queued) {
            if (ended || queued.size() >= MAX_QUEUED) {
                return;
            }
            queued.addLast(frame.clone());
            if (!draining) {
                draining = true;
                worker.execute(this::drain);
            }
        }
    }

    private void drain() {
        while (true) {
            short[] frame;
            synchronized (queued) {
                frame = ended ? null : queued.pollFirst();
                if (frame == null) {
                    draining = false;
                    queued.notifyAll();
                    return;
                }
            }
            synchronized (decoder) {
                decoder.feed(frame);
            }
        }
    }

    @Override
    public Optional<String> finish() {
        if (decoder == null) {
            return Optional.empty();
        }
        synchronized (queued) {
            long until = System.nanoTime() + 10_000_000_000L;
            while (draining && !ended && System.nanoTime() < until) {
                try {
                    queued.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (ended) {
                return Optional.empty();
            }
            ended = true;
            queued.clear();
        }
        List<Decoder.Detection> found;
        synchronized (decoder) {
            found = decoder.end();
        }
        onEnd.accept(this);
        return found.stream().max(Comparator.comparingDouble(Decoder.Detection::confidence)).map(Decoder.Detection::phrase);
    }

    /** Ends without a result: the caller hung up, or the bundle is stopping. */
    @Override
    public void close() {
        if (decoder == null) {
            return;
        }
        synchronized (queued) {
            if (ended) {
                return;
            }
            ended = true;
            queued.clear();
            while (draining) {
                try {
                    queued.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        synchronized (decoder) {
            decoder.end();
        }
        onEnd.accept(this);
    }
}
