package io.parley.telephony;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The built-in area-code table (SPEC §3.1 {@code location}, §34 point 53), read from
 * {@code area-codes.tsv} next to this class: a number's location is derived from its
 * canonical form when it is added; an admin may override it per number.
 *
 * <pre>{@code
 * AreaCodes.load().location("0086075512345678");   // Optional[Shenzhen]
 * }</pre>
 */
final class AreaCodes {

    private static final String RESOURCE = "area-codes.tsv";

    /** Longest key first, so 0086 0755 … is Shenzhen and never a shorter code. */
    private final List<Entry> entries;

    private record Entry(String country, String area, String location) {
        /** The digits after 00 that identify the area; the trunk 0 is part of them in China's canonical form. */
        boolean matches(String digits) {
            if (digits.startsWith(country + "0" + area)) {
                return true;
            }
            return !area.isEmpty() && !"86".equals(country) && digits.startsWith(country + area);
        }

        int length() {
            return country.length() + area.length();
        }
    }

    private AreaCodes(List<Entry> entries) {
        this.entries = entries.stream().sorted(Comparator.comparingInt(Entry::length).reversed()).toList();
    }

    /** The location of a canonical number ({@code 00}+CC+national), empty when the table does not know it. */
    Optional<String> location(String canonical) {
        if (canonical == null || !canonical.startsWith("00")) {
            return Optional.empty();
        }
        String digits = canonical.substring(2);
        return entries.stream().filter(e -> e.matches(digits)).findFirst().map(Entry::location);
    }

    int size() {
        return entries.size();
    }

    /** Reads the table shipped in the bundle. */
    static AreaCodes load() {
        try (InputStream in = AreaCodes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the telephony bundle");
            }
            List<Entry> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 3 || !f[0].matches("[1-9][0-9]{0,2}") || !f[1].matches("[0-9]{0,4}") || f[2].isBlank()) {
                    throw new IllegalStateException(RESOURCE + " line " + lineNo + " is not 'country<TAB>area<TAB>location'");
                }
                out.add(new Entry(f[0], f[1], f[2].strip()));
            }
            return new AreaCodes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
