package io.parley.speech.pocketsphinx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Scores a decoder on a corpus made by bench/speech/make-corpus.sh: keyword recall on the
 * phrases with a keyword, false accepts on the distractors.
 * usage: CorpusEvaluation CORPUS_DIR upsample(true|false) thresholdExponent [upperHz] [extra args...]
 */
public final class CorpusEvaluation {

    record Item(Path file, String keyword, String text) {
    }

    record Score(int keywordPhrases, int recalled, int wrong, int distractors, int falseAccepts) {
        double recall() {
            return 100.0 * recalled / keywordPhrases;
        }

        double falseAcceptRate() {
            return 100.0 * falseAccepts / distractors;
        }

        @Override
        public String toString() {
            return String.format("recall %d/%d = %.1f %% (wrong keyword %d), false accepts %d/%d = %.1f %%",
                    recalled, keywordPhrases, recall(), wrong, falseAccepts, distractors, falseAcceptRate());
        }
    }

    static List<Item> index(Path dir) throws Exception {
        List<Item> items = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("index.tsv"))) {
            String[] f = line.split("\t");
            items.add(new Item(dir.resolve(f[0]), f[1].equals("-") ? null : f[1], f[2]));
        }
        return items;
    }

    static Score score(Decoder d, List<Item> items, List<Keyphrase> phrases, boolean verbose) throws Exception {
        d.spot(phrases);
        int kp = 0, ok = 0, wrong = 0, dis = 0, fa = 0;
        for (Item it : items) {
            short[] pcm = Wav.read(it.file());
            d.start();
            for (int i = 0; i < pcm.length; i += 160) {
                d.feed(java.util.Arrays.copyOfRange(pcm, i, Math.min(pcm.length, i + 160)));
            }
            List<Decoder.Detection> found = d.end();
            Set<String> words = new LinkedHashSet<>();
            found.forEach(x -> words.add(x.phrase()));
            if (it.keyword() != null) {
                kp++;
                if (words.contains(it.keyword())) {
                    ok++;
                } else if (!words.isEmpty()) {
                    wrong++;
                }
            } else {
                dis++;
                if (!words.isEmpty()) {
                    fa++;
                }
            }
            if (verbose) {
                System.out.println(it.file().getFileName() + "\t" + it.keyword() + "\t" + found);
            }
        }
        return new Score(kp, ok, wrong, dis, fa);
    }

    public static void main(String[] args) throws Exception {
        List<Item> items = index(Path.of(args[0]));
        boolean up = Boolean.parseBoolean(args[1]);
        int upper = args.length > 3 ? Integer.parseInt(args[3]) : 3500;
        List<String> extra = args.length > 4 ? List.of(args).subList(4, args.length) : List.of();
        EngineSettings s = new EngineSettings(EngineSettings.DEBIAN_MODEL, EngineSettings.DEBIAN_DICT, up, upper, extra);
        Set<String> keywords = new LinkedHashSet<>();
        items.stream().filter(i -> i.keyword() != null).forEach(i -> keywords.add(i.keyword()));
        boolean verbose = System.getProperty("verbose") != null;
        try (Decoder d = new Decoder(PocketSphinxLibrary.load(), s)) {
            for (String t : args[2].split(",")) {
                int th = Integer.parseInt(t);
                List<Keyphrase> phrases = keywords.stream().map(k -> new Keyphrase(k, th)).toList();
                long t0 = System.nanoTime();
                Score sc = score(d, items, phrases, verbose);
                System.out.printf("threshold 1e%d: %s (%.1f s)%n", th, sc, (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
