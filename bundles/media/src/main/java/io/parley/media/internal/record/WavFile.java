package io.parley.media.internal.record;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A PCM WAV file (RIFF, 16-bit little-endian, 8 kHz) written as audio comes. The RIFF and data
 * sizes in the header are patched after every append, so if the process dies the file is
 * valid up to the last append.
 */
public final class WavFile implements Closeable {
    public static final int HEADER_SIZE = 44;
    public static final int SAMPLE_RATE = 8000;

    private final FileChannel channel;
    private final int channels;
    private long dataBytes;

    private WavFile(FileChannel channel, int channels) {
        this.channel = channel;
        this.channels = channels;
    }

    /** Creates (or truncates) the file and writes a header for zero samples. */
    public static WavFile create(Path path, int channels) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        WavFile f = new WavFile(ch, channels);
        f.writeHeader();
        return f;
    }

    public int channels() {
        return channels;
    }

    /** @return bytes of audio written so far */
    public long dataBytes() {
        return dataBytes;
    }

    /** Appends interleaved little-endian samples and makes the header count them. */
    public void append(byte[] data, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        long pos = HEADER_SIZE + dataBytes;
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
        dataBytes += length;
        patchSizes();
    }

    private void writeHeader() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * 2;
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(SAMPLE_RATE)
                .putInt(SAMPLE_RATE * blockAlign).putShort((short) blockAlign).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(0);
        h.flip();
        channel.write(h, 0);
    }

    private void patchSizes() throws IOException {
        ByteBuffer v = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        v.putInt(0, (int) Math.min(0xFFFFFFFFL, 36 + dataBytes));
        channel.write(v, 4);
        v.clear();
        v.putInt(0, (int) Math.min(0xFFFFFFFFL, dataBytes));
        channel.write(v, 40);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
