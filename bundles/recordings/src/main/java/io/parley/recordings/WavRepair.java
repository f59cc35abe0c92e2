package io.parley.recordings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes a WAV file that a crash left open valid again: the media server writes 8 kHz 16-bit
 * PCM after a 44-byte header whose RIFF and data sizes it patches after every one-second block,
 * so after a {@code kill -9} the header may count less than the file holds (killed between a
 * block and its patch), and the last sample frame may be cut (killed inside a write). The sizes
 * are set from the file's length, rounded down to whole frames, and a cut frame is dropped;
 * a file shorter than its header gets a header for no audio.
 */
final class WavRepair {

    static final int HEADER_SIZE = 44;
    static final int SAMPLE_RATE = 8000;

    /** What a repaired file holds. */
    record Repaired(long dataBytes, int channels, boolean changed) {
        int durationS() {
            return (int) (dataBytes / (SAMPLE_RATE * 2L * channels));
        }
    }

    private WavRepair() {
    }

    /**
     * @param file a WAV file written by the media server
     * @param channels the channels it was opened with (used when the header itself is missing)
     */
    static Repaired repair(Path file, int channels) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            boolean headerOk = size >= HEADER_SIZE && ch.read(h, 0) == HEADER_SIZE
                    && "RIFF".equals(ascii(h, 0)) && "WAVE".equals(ascii(h, 8)) && "data".equals(ascii(h, 36));
            int ch0 = headerOk ? h.getShort(22) : channels;
            int frame = 2 * (ch0 > 0 ? ch0 : channels);
            long data = size < HEADER_SIZE ? 0 : (size - HEADER_SIZE) / frame * frame;
            boolean changed = !headerOk || h.getInt(40) != (int) data || h.getInt(4) != (int) (36 + data)
                    || size != HEADER_SIZE + data;
            if (!changed) {
                return new Repaired(data, ch0, false);
            }
            if (!headerOk) {
                ch.write(header(channels, data), 0);
                ch0 = channels;
            } else {
                ByteBuffer v = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                v.putInt(0, (int) Math.min(0xFFFFFFFFL, 36 + data));
                ch.write(v, 4);
                v.clear();
                v.putInt(0, (int) Math.min(0xFFFFFFFFL, data));
                ch.write(v, 40);
            }
            if (ch.size() > HEADER_SIZE + data) {
                ch.truncate(HEADER_SIZE + data);
            }
            ch.force(true);
            return new Repaired(data, ch0, true);
        }
    }

    /** Reads the data size a header claims, for a closed file. */
    static long dataBytes(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            if (ch.read(h, 0) < HEADER_SIZE) {
                return 0;
            }
            return Integer.toUnsignedLong(h.getInt(40));
        }
    }

    static ByteBuffer header(int channels, long dataBytes) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * 2;
        h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes))
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(SAMPLE_RATE)
                .putInt(SAMPLE_RATE * blockAlign).putShort((short) blockAlign).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        h.flip();
        return h;
    }

    private static String ascii(ByteBuffer b, int at) {
        byte[] four = new byte[4];
        for (int i = 0; i < 4; i++) {
            four[i] = b.get(at + i);
        }
        return new String(four, StandardCharsets.US_ASCII);
    }
}
