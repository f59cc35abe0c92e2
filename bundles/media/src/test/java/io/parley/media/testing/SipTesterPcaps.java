package io.parley.media.testing;

import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where Debian's sip-tester keeps its RTP captures; tests skip (and say why) when it is absent. */
public final class SipTesterPcaps {
    public static final Path DIR = Paths.get("/usr/share/sip-tester");

    private SipTesterPcaps() {
    }

    public static void assumeInstalled() {
        boolean present = Files.isDirectory(DIR);
        if (!present) {
            System.out.println("SKIPPED: " + DIR + " is absent; install Debian's sip-tester (apt-get install -y sip-tester) to run the pcap replay tests");
        }
        assumeTrue(DIR + " is absent (apt-get install -y sip-tester)", present);
    }

    public static Path file(String name) {
        return DIR.resolve(name);
    }
}
