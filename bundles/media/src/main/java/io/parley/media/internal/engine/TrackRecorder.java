package io.parley.media.internal.engine;

import io.parley.api.media.Recorder;
import io.parley.api.media.RecordingResult;
import io.parley.api.media.RecordingResult.EndReason;
import io.parley.media.internal.record.WavFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one endpoint on the media clock, in the RECORD phase of each tick: stereo takes what
 * the customer said (left) and what was sent to the customer (right) in the same tick, so the
 * tracks are aligned by construction and a silent side is written as zeros; mono takes only
 * what the caller said (voicemail). Samples collect in one-second blocks that a writer thread
 * appends to the WAV file, header patched each time, so the clock never waits for the disk and
 * a crash loses at most about two seconds. A written block goes back to the recorder for the
 * next second, so a long recording allocates nothing per second (at 1,000 calls a new block a
 * second would be 32 MB/s of garbage).
 */
final class TrackRecorder implements Recorder, MediaClock.TickListener {
    static final int BLOCK_TICKS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(TrackRecorder.class);

    private final MediaEndpoint endpoint;
    private final Path path;
    private final WavFile wav;
    private final boolean stereo;
    private final long maxTicks;
    private final Executor writer;
    private final Runnable onEnd;
    private final CompletableFuture<RecordingResult> done = new CompletableFuture<>();
    /** A block the writer has written, for reuse: at most one waits here, so two exist (one filled, one written). */
    private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> spare = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private byte[] block;
    private int used;
    private long ticks;
    private boolean ended;
    private volatile boolean failed;

    /**
     * @param maxTicks stop after this many ticks, 0 for no limit
     * @param onEnd detaches the recorder from the clock and the endpoint, called once
     */
    TrackRecorder(MediaEndpoint endpoint, Path path, WavFile wav, long maxTicks, Executor writer, Runnable onEnd) {
        this.endpoint = endpoint;
        this.path = path;
        this.wav = wav;
        this.stereo = wav.channels() == 2;
        this.maxTicks = maxTicks;
        this.writer = writer;
        this.onEnd = onEnd;
        this.block = newBlock();
    }

    private byte[] newBlock() {
        byte[] reused = spare.poll();
        return reused != null ? reused : new byte[BLOCK_TICKS * MediaEndpoint.FRAME * 2 * (stereo ? 2 : 1)];
    }

    @Override
    public synchronized void onTick(long tick) {
        if (ended) {
            return;
        }
        short[] left = endpoint.heard;
        short[] right = endpoint.sent;
        int p = used;
        for (int i = 0; i < MediaEndpoint.FRAME; i++) {
            short l = left[i];
            block[p++] = (byte) l;
            block[p++] = (byte) (l >> 8);
            if (stereo) {
                short r = right[i];
                block[p++] = (byte) r;
                block[p++] = (byte) (r >> 8);
            }
        }
        used = p;
        ticks++;
        if (used == block.length) {
            flush();
        }
        if (maxTicks > 0 && ticks >= maxTicks) {
            end(EndReason.MAX_DURATION);
        }
    }

    private void flush() {
        byte[] full = block;
        int length = used;
        block = newBlock();
        used = 0;
        writer.execute(() -> write(full, length));
    }

    private void write(byte[] data, int length) {
        if (failed) {
            return;
        }
        try {
            wav.append(data, length);
        } catch (IOException e) {
            failed = true;
            LOG.warn("{}: recording {} stopped growing: {}", endpoint.label(), path, e.toString());
        }
        if (spare.isEmpty()) {
            spare.offer(data);   // the clock fills it again; nothing reads it any more here
        }
    }

    @Override
    public Path file() {
        return path;
    }

    @Override
    public CompletionStage<RecordingResult> stop() {
        end(EndReason.STOPPED);
        return done;
    }

    @Override
    public CompletionStage<RecordingResult> completion() {
        return done;
    }

    void end(EndReason reason) {
        long recordedTicks;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            if (used > 0) {
                flush();
            }
            recordedTicks = ticks;
        }
        onEnd.run();
        writer.execute(() -> {
            try {
                wav.close();
            } catch (IOException e) {
                failed = true;
                LOG.warn("{}: closing recording {}: {}", endpoint.label(), path, e.toString());
            }
            RecordingResult r = new RecordingResult(path, Duration.ofMillis(recordedTicks * 20), stereo ? 2 : 1,
                    failed ? EndReason.WRITE_FAILED : reason);
            LOG.info("{}: recording {} ended ({}), {} s", endpoint.label(), path, r.reason(), recordedTicks / 50.0);
            done.complete(r);
        });
    }
}
