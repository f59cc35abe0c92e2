package io.parley.speech.pocketsphinx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the 16-bit mono PCM of a RIFF WAVE file (what sox writes). */
final class Wav {

    private Wav() {
    }

    static short[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(12);
        while (b.remaining() >= 8) {
            int id = b.getInt();
            int size = b.getInt();
            if (id == 0x61746164) { // "data"
                short[] s = new short[Math.min(size, b.remaining()) / 2];
                b.asShortBuffer().get(s);
                return s;
            }
            b.position(b.position() + size + (size & 1));
        }
        throw new IOException("no data chunk in " + file);
    }
}
