package io.parley.speech.pocketsphinx;

import io.parley.api.speech.SpeechRecognizer;
import io.parley.api.speech.WeightedWord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyword recognition on CMU PocketSphinx (Debian's libpocketsphinx3 and its en-us model,
 * read from the system at activation; nothing is downloaded). Each recognition spots the words
 * it was opened with (the menu's keywords and the instance's hot words, with their weights) in
 * the caller's 8 kHz audio, upsampled for the 16 kHz model. At most {@code max_concurrent}
 * recognitions decode at once; one more is answered with nothing, so its menu takes keys.
 * Stopping the bundle ends the running recognitions with no result.
 */
@Component(service = SpeechRecognizer.class, configurationPid = PocketSphinxRecognizer.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PocketSphinxRecognizer.Config.class)
public class PocketSphinxRecognizer implements SpeechRecognizer {

    static final String PID = "io.parley.speech.pocketsphinx";
    private static final Logger LOG = LoggerFactory.getLogger(PocketSphinxRecognizer.class);

    @ObjectClassDefinition(name = "Parley speech recognition (PocketSphinx)")
    public @interface Config {
        @AttributeDefinition(description = "recognitions decoding at once; on a 2-core appliance 4 keep each under real time with the calls' media")
        int max_concurrent() default 4;

        @AttributeDefinition(description = "acoustic model folder (Debian package pocketsphinx-en-us)")
        String model() default "/usr/share/pocketsphinx/model/en-us/en-us";

        @AttributeDefinition(description = "pronunciation dictionary")
        String dictionary() default "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict";
    }

    private final PocketSphinxLibrary library;
    private final DecoderPool pool;
    private final ExecutorService workers;
    private final Set<Recognition> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong recognitions = new AtomicLong();
    private final AtomicInteger refusedBusy = new AtomicInteger();

    @Activate
    public PocketSphinxRecognizer(Config config) {
        this(PocketSphinxLibrary.load(), new EngineSettings(Path.of(config.model()), Path.of(config.dictionary()),
                true, 0, List.of()), config.max_concurrent());
    }

    PocketSphinxRecognizer(PocketSphinxLibrary library, EngineSettings settings, int maxConcurrent) {
        if (!Files.isDirectory(settings.model()) || !Files.isRegularFile(settings.dictionary())) {
            throw new IllegalStateException("PocketSphinx model missing: " + settings.model() + " and "
                    + settings.dictionary() + " (Debian package pocketsphinx-en-us)");
        }
        this.library = library;
        int size = Math.max(1, maxConcurrent);
        this.pool = new DecoderPool(size, () -> new Decoder(library, settings));
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, "parley-asr-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // the first decoder is loaded now, so a broken model fails the activation, not a call
        pool.tryBorrow().ifPresent(pool::giveBack);
        LOG.info("speech recognition: PocketSphinx, model {}, {} at once", settings.model(), size);
    }

    @Override
    public String engine() {
        return "pocketsphinx";
    }

    @Override
    public Session open(String language, List<WeightedWord> hotWords) {
        if (language != null && !language.toLowerCase(Locale.ROOT).startsWith("en")) {
            LOG.warn("no PocketSphinx model for language {}: nothing is recognised", language);
            return new Recognition(null, workers, r -> { });
        }
        Optional<Decoder> d = pool.tryBorrow();
        if (d.isEmpty()) {
            refusedBusy.incrementAndGet();
            LOG.warn("all {} recognitions busy: this one hears nothing", pool.size());
            return new Recognition(null, workers, r -> { });
        }
        Decoder decoder = d.get();
        try {
            Vocabulary.Built v = Vocabulary.build(hotWords, decoder::knows);
            if (!v.unknown().isEmpty()) {
                LOG.warn("not in the pronunciation dictionary, not listened for: {}", v.unknown());
            }
            if (v.phrases().isEmpty()) {
                pool.giveBack(decoder);
                return new Recognition(null, workers, r -> { });
            }
            decoder.spot(v.phrases());
            Recognition r = new Recognition(decoder, workers, this::ended);
            running.add(r);
            recognitions.incrementAndGet();
            return r;
        } catch (RuntimeException e) {
            pool.giveBack(decoder);
            throw e;
        }
    }

    private void ended(Recognition r) {
        if (running.remove(r)) {
            pool.giveBack(r.decoder());
        }
    }

    /** Recognitions opened since activation. */
    long recognitions() {
        return recognitions.get();
    }

    int busy() {
        return pool.lent();
    }

    @Deactivate
    void deactivate() {
        // the running ones end with no result: their menus take keys
        for (Recognition r : List.copyOf(running)) {
            r.close();
        }
        workers.shutdownNow();
        pool.close();
    }
}
