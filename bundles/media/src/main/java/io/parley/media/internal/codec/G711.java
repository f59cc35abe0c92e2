package io.parley.media.internal.codec;

import io.parley.api.media.Codec;

/**
 * G.711 µ-law and A-law (ITU-T G.711), table driven: every conversion on the media path is one
 * array lookup. The tables are built once from the reference algorithm (Sun's public-domain
 * g711.c), 2 × 64 KiB for encoding and 4 × 256 entries for decoding and transcoding.
 */
public final class G711 {
    /** µ-law code of digital silence (decodes to 0). */
    public static final byte ULAW_SILENCE = (byte) 0xFF;
    /** A-law code closest to silence (decodes to 8, A-law has no zero). */
    public static final byte ALAW_SILENCE = (byte) 0xD5;

    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 8159;
    private static final short[] SEG_AEND = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
    private static final short[] SEG_UEND = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};

    private static final short[] ULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];
    private static final byte[] ULAW_ENCODE = new byte[65536];
    private static final byte[] ALAW_ENCODE = new byte[65536];
    private static final byte[] ULAW_TO_ALAW = new byte[256];
    private static final byte[] ALAW_TO_ULAW = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_DECODE[i] = (short) ulawToLinearSlow(i);
            ALAW_DECODE[i] = (short) alawToLinearSlow(i);
        }
        for (int i = 0; i < 65536; i++) {
            ULAW_ENCODE[i] = (byte) linearToUlawSlow((short) i);
            ALAW_ENCODE[i] = (byte) linearToAlawSlow((short) i);
        }
        for (int i = 0; i < 256; i++) {
            ULAW_TO_ALAW[i] = ALAW_ENCODE[ULAW_DECODE[i] & 0xFFFF];
            ALAW_TO_ULAW[i] = ULAW_ENCODE[ALAW_DECODE[i] & 0xFFFF];
        }
    }

    private G711() {
    }

    public static byte linearToUlaw(short sample) {
        return ULAW_ENCODE[sample & 0xFFFF];
    }

    public static byte linearToAlaw(short sample) {
        return ALAW_ENCODE[sample & 0xFFFF];
    }

    public static short ulawToLinear(byte code) {
        return ULAW_DECODE[code & 0xFF];
    }

    public static short alawToLinear(byte code) {
        return ALAW_DECODE[code & 0xFF];
    }

    public static byte ulawToAlaw(byte code) {
        return ULAW_TO_ALAW[code & 0xFF];
    }

    public static byte alawToUlaw(byte code) {
        return ALAW_TO_ULAW[code & 0xFF];
    }

    /** @return the code a silent frame is made of in this codec */
    public static byte silence(Codec codec) {
        return codec == Codec.PCMU ? ULAW_SILENCE : ALAW_SILENCE;
    }

    /** Encodes {@code count} samples of {@code pcm} from {@code pcmOff} into {@code out} at {@code outOff}. */
    public static void encode(Codec codec, short[] pcm, int pcmOff, int count, byte[] out, int outOff) {
        byte[] table = codec == Codec.PCMU ? ULAW_ENCODE : ALAW_ENCODE;
        for (int i = 0; i < count; i++) {
            out[outOff + i] = table[pcm[pcmOff + i] & 0xFFFF];
        }
    }

    /** Decodes {@code count} codes of {@code in} from {@code inOff} into {@code pcm} at {@code pcmOff}. */
    public static void decode(Codec codec, byte[] in, int inOff, int count, short[] pcm, int pcmOff) {
        short[] table = codec == Codec.PCMU ? ULAW_DECODE : ALAW_DECODE;
        for (int i = 0; i < count; i++) {
            pcm[pcmOff + i] = table[in[inOff + i] & 0xFF];
        }
    }

    /** Converts G.711 codes from one law to the other in place; a no-op when both are the same. */
    public static void transcode(Codec from, Codec to, byte[] codes, int off, int count) {
        if (from == to) {
            return;
        }
        byte[] table = from == Codec.PCMU ? ULAW_TO_ALAW : ALAW_TO_ULAW;
        for (int i = off; i < off + count; i++) {
            codes[i] = table[codes[i] & 0xFF];
        }
    }

    // ---- reference algorithms, used only to fill the tables ----

    private static int segment(int value, short[] ends) {
        for (int i = 0; i < ends.length; i++) {
            if (value <= ends[i]) {
                return i;
            }
        }
        return ends.length;
    }

    private static int linearToAlawSlow(short sample) {
        int pcm = sample >> 3;
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int seg = segment(pcm, SEG_AEND);
        if (seg >= 8) {
            return 0x7F ^ mask;
        }
        int aval = seg << 4;
        aval |= seg < 2 ? (pcm >> 1) & 0x0F : (pcm >> seg) & 0x0F;
        return aval ^ mask;
    }

    private static int alawToLinearSlow(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (a & 0x80) != 0 ? t : -t;
    }

    private static int linearToUlawSlow(short sample) {
        int pcm = sample >> 2;
        int mask;
        if (pcm < 0) {
            pcm = -pcm;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (pcm > ULAW_CLIP) {
            pcm = ULAW_CLIP;
        }
        pcm += ULAW_BIAS >> 2;
        int seg = segment(pcm, SEG_UEND);
        if (seg >= 8) {
            return 0x7F ^ mask;
        }
        int uval = (seg << 4) | ((pcm >> (seg + 1)) & 0x0F);
        return uval ^ mask;
    }

    private static int ulawToLinearSlow(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + ULAW_BIAS;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS;
    }
}
