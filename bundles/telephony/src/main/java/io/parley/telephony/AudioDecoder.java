package io.parley.telephony;

import io.parley.api.audio.AudioFileService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/**
 * Recognises an upload as MP3 or WAV by its first bytes (never by its name) and decodes it
 * to the appliance's playback form, 8 kHz mono 16-bit PCM: MP3 with JLayer (embedded in this
 * bundle), WAV with {@code javax.sound.sampled}, both then mixed to mono and band-limited
 * resampled by {@link Resampler}.
 */
final class AudioDecoder {

    /** Why a file that looked like audio could not be used; becomes the reject reason. */
    static final class Undecodable extends Exception {
        private static final long serialVersionUID = 1L;

        Undecodable(String reason) {
            super(reason, null, false, false);
        }
    }

    private AudioDecoder() {
    }

    /** {@code wav}, {@code mp3} or null when the bytes are neither. */
    static String sniff(byte[] b) {
        if (b.length >= 12 && ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE")) {
            return "wav";
        }
        if (b.length >= 10 && ascii(b, 0, "ID3") && (b[3] & 0xFF) <= 4) {
            return "mp3";
        }
        if (b.length >= 4 && isMpegAudioFrame(b, 0)) {
            return "mp3";
        }
        return null;
    }

    /** An MPEG-1/2/2.5 Layer III frame header: sync, valid version, bitrate and sample-rate indexes. */
    private static boolean isMpegAudioFrame(byte[] b, int at) {
        int b1 = b[at + 1] & 0xFF;
        int b2 = b[at + 2] & 0xFF;
        return (b[at] & 0xFF) == 0xFF && (b1 & 0xE0) == 0xE0
                && (b1 & 0x18) != 0x08          // version: not reserved
                && (b1 & 0x06) == 0x02          // layer III
                && (b2 & 0xF0) != 0xF0          // bitrate index not bad
                && (b2 & 0x0C) != 0x0C;         // sample-rate index not reserved
    }

    private static boolean ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Decodes {@code content} of {@code format} to 8 kHz mono PCM. */
    static short[] decode(String format, byte[] content) throws Undecodable {
        return format.equals("mp3") ? mp3(content) : wav(content);
    }

    static short[] mp3(byte[] content) throws Undecodable {
        Bitstream stream = new Bitstream(new ByteArrayInputStream(content));
        Decoder decoder = new Decoder();
        ShortBuilder pcm = new ShortBuilder();
        int rate = 0;
        int channels = 0;
        int frames = 0;
        try {
            Header h;
            while ((h = stream.readFrame()) != null) {
                SampleBuffer out;
                try {
                    out = (SampleBuffer) decoder.decodeFrame(h, stream);
                } catch (DecoderException | ArrayIndexOutOfBoundsException e) {
                    stream.closeFrame();
                    continue;   // a damaged frame is skipped, as players do
                }
                if (rate == 0) {
                    rate = out.getSampleFrequency();
                    channels = out.getChannelCount();
                }
                if (out.getSampleFrequency() == rate && out.getChannelCount() == channels) {
                    pcm.add(out.getBuffer(), out.getBufferLength());
                    frames++;
                }
                stream.closeFrame();
            }
        } catch (BitstreamException e) {
            if (frames == 0) {
                throw new Undecodable("not a decodable MP3 stream: " + e.getMessage());
            }
        } finally {
            try {
                stream.close();
            } catch (BitstreamException e) {
                // in-memory stream
            }
        }
        if (frames == 0) {
            throw new Undecodable("no MPEG audio frame could be decoded");
        }
        return to8k(Resampler.mono(pcm.toArray(), channels), rate);
    }

    static short[] wav(byte[] content) throws Undecodable {
        // The JDK's WAV reader and PCM converters are found through service providers of the
        // java.desktop module; pin the context class loader so OSGi's does not hide them.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try (AudioInputStream source = AudioSystem.getAudioInputStream(new ByteArrayInputStream(content))) {
            AudioFormat f = source.getFormat();
            if (f.getChannels() < 1 || f.getSampleRate() < 4000 || f.getSampleRate() > 192_000) {
                throw new Undecodable("unsupported WAV format " + f);
            }
            AudioFormat pcm16 = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), 16, f.getChannels(),
                    2 * f.getChannels(), f.getSampleRate(), false);
            AudioInputStream in = f.matches(pcm16) ? source : AudioSystem.getAudioInputStream(pcm16, source);
            byte[] bytes = in.readAllBytes();
            short[] samples = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes, 0, samples.length * 2).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
            return to8k(Resampler.mono(samples, f.getChannels()), Math.round(f.getSampleRate()));
        } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
            throw new Undecodable("not a decodable WAV file: " + e.getMessage());
        } catch (IOException e) {
            throw new Undecodable("the WAV data could not be read: " + e.getMessage());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static short[] to8k(short[] mono, int rate) {
        return Resampler.resample(mono, rate, AudioFileService.SAMPLE_RATE);
    }

    /** 8 kHz mono 16-bit PCM wrapped in a canonical 44-byte WAV header. */
    static byte[] wavFile(short[] pcm) {
        int data = pcm.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + data)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(AudioFileService.SAMPLE_RATE)
                .putInt(AudioFileService.SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(data);
        for (short s : pcm) {
            b.putShort(s);
        }
        return b.array();
    }

    /** Little-endian bytes of PCM samples, the stored form. */
    static byte[] bytes(short[] pcm) {
        ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(pcm);
        return b.array();
    }

    static short[] samples(byte[] bytes) {
        short[] s = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    /** A growable short array. */
    private static final class ShortBuilder {
        private short[] data = new short[1 << 16];
        private int size;

        void add(short[] src, int length) {
            if (size + length > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + length));
            }
            System.arraycopy(src, 0, data, size, length);
            size += length;
        }

        short[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
