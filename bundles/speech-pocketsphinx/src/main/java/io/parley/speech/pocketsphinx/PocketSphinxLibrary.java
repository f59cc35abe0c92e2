package io.parley.speech.pocketsphinx;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.Map;

/**
 * The C functions of Debian's libpocketsphinx3 (0.8+5prealpha) and libsphinxbase3 this bundle
 * calls, mapped by JNA. A {@code ps_decoder_t} is not thread-safe: one thread uses one decoder
 * at a time ({@link DecoderPool}).
 */
interface PocketSphinxLibrary extends Library {

    // sphinxbase: the decoder's configuration (argv[0] is a program name, then name/value pairs)
    Pointer cmd_ln_parse_r(Pointer inoutCmdln, Pointer defn, int argc, String[] argv, int strict);

    int cmd_ln_free_r(Pointer cmdln);

    double logmath_exp(Pointer logmath, int logb);

    // pocketsphinx
    Pointer ps_args();

    Pointer ps_init(Pointer config);

    int ps_free(Pointer ps);

    Pointer ps_get_logmath(Pointer ps);

    int ps_add_word(Pointer ps, String word, String phones, int update);

    Pointer ps_lookup_word(Pointer ps, String word);

    int ps_set_kws(Pointer ps, String name, String keyfile);

    int ps_set_jsgf_string(Pointer ps, String name, String jsgf);

    int ps_set_search(Pointer ps, String name);

    int ps_unset_search(Pointer ps, String name);

    int ps_start_utt(Pointer ps);

    int ps_process_raw(Pointer ps, short[] data, long nSamples, int noSearch, int fullUtt);

    int ps_end_utt(Pointer ps);

    byte ps_get_in_speech(Pointer ps);

    String ps_get_hyp(Pointer ps, IntByReference outBestScore);

    int ps_get_prob(Pointer ps);

    Pointer ps_seg_iter(Pointer ps);

    Pointer ps_seg_next(Pointer seg);

    String ps_seg_word(Pointer seg);

    int ps_seg_prob(Pointer seg, IntByReference ascr, IntByReference lscr, IntByReference lback);

    void ps_seg_free(Pointer seg);

    /** Debian's shared library names; the first that loads wins. */
    String[] NAMES = {"pocketsphinx", "libpocketsphinx.so.3"};

    static PocketSphinxLibrary load() {
        UnsatisfiedLinkError last = null;
        for (String name : NAMES) {
            try {
                // libsphinxbase comes along as a dependency of libpocketsphinx; JNA finds its symbols through it
                return Native.load(name, PocketSphinxLibrary.class, Map.of(Library.OPTION_OPEN_FLAGS, 2 | 0x100));
            } catch (UnsatisfiedLinkError e) {
                last = e;
            }
        }
        throw last;
    }
}
