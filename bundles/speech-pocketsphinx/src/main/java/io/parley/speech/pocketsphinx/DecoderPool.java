package io.parley.speech.pocketsphinx;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * At most {@code size} decoders, each lent to one recognition at a time. Loading one takes a
 * fraction of a second and some megabytes, so they are made on first need and kept. When all
 * are lent, {@link #tryBorrow} says so at once: a caller then gets no recognition (the menu
 * takes keys) rather than audio piling up behind a busy core.
 */
final class DecoderPool implements AutoCloseable {

    private final int size;
    private final Supplier<Decoder> factory;
    private final Deque<Decoder> idle = new ArrayDeque<>();
    private int lent;
    private boolean closed;

    DecoderPool(int size, Supplier<Decoder> factory) {
        this.size = size;
        this.factory = factory;
    }

    Optional<Decoder> tryBorrow() {
        synchronized (this) {
            if (closed || lent >= size) {
                return Optional.empty();
            }
            lent++;
            Decoder d = idle.pollFirst();
            if (d != null) {
                return Optional.of(d);
            }
        }
        try {
            return Optional.of(factory.get());
        } catch (RuntimeException e) {
            synchronized (this) {
                lent--;
            }
            throw e;
        }
    }

    void giveBack(Decoder d) {
        boolean free;
        synchronized (this) {
            lent--;
            free = closed;
            if (!free) {
                idle.addFirst(d);
            }
        }
        if (free) {
            d.close();
        }
    }

    synchronized int lent() {
        return lent;
    }

    int size() {
        return size;
    }

    /** Frees the idle decoders; lent ones are freed when given back. */
    @Override
    public void close() {
        Deque<Decoder> free;
        synchronized (this) {
            closed = true;
            free = new ArrayDeque<>(idle);
            idle.clear();
        }
        free.forEach(Decoder::close);
    }
}
