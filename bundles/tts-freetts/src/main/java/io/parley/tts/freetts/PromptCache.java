package io.parley.tts.freetts;

import io.parley.api.speech.PcmAudio;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rendered prompts by voice and text, least recently used dropped first once {@code capacity}
 * prompts are kept. A prompt asked for by several calls at once is rendered once: rendering
 * runs under the lock of its key.
 */
final class PromptCache {
    private record Key(String voice, String text) {
    }

    private final int capacity;
    private final Map<Key, PcmAudio> entries;
    private final Map<Key, Object> rendering = new java.util.concurrent.ConcurrentHashMap<>();

    PromptCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, PcmAudio> eldest) {
                return size() > PromptCache.this.capacity;
            }
        };
    }

    /**
     * @return the cached prompt, or the one {@code render} returns, which is then cached
     */
    PcmAudio get(String voice, String text, Supplier<PcmAudio> render) {
        Key key = new Key(voice, text);
        PcmAudio hit = lookup(key);
        if (hit != null) {
            return hit;
        }
        Object lock = rendering.computeIfAbsent(key, k -> new Object());
        try {
            synchronized (lock) {
                hit = lookup(key);
                if (hit != null) {
                    return hit;
                }
                PcmAudio audio = render.get();
                synchronized (entries) {
                    entries.put(key, audio);
                }
                return audio;
            }
        } finally {
            rendering.remove(key, lock);
        }
    }

    private PcmAudio lookup(Key key) {
        synchronized (entries) {
            return entries.get(key);
        }
    }

    /** @return the number of prompts kept */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
