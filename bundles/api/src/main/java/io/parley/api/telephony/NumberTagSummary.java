package io.parley.api.telephony;

import java.util.List;

/**
 * The tag list of SPEC §3.1: every tag with how many numbers carry it, plus the "All" and
 * "Untagged" entries.
 *
 * <pre>{@code
 * NumberTagSummary s = numbers.tags(instanceId);
 * s.all();        // numbers of the instance
 * s.untagged();   // of which without any tag
 * }</pre>
 */
public record NumberTagSummary(List<Counted> tags, long all, long untagged) {

    public NumberTagSummary {
        tags = List.copyOf(tags);
    }

    /** A tag and the number of the instance's numbers carrying it. */
    public record Counted(NumberTag tag, long numbers) {
    }
}
