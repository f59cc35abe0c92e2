package io.parley.ivr.node.testing;

import io.parley.api.ivr.FlowReferences;
import java.util.HashSet;
import java.util.Set;

/** An instance with the audio files, skill groups and outbound numbers a test lists, and no others. */
public final class FakeFlowReferences implements FlowReferences {

    public final Set<String> approvedAudio = new HashSet<>();
    public final Set<Long> skillGroups = new HashSet<>();
    public final Set<String> outboundNumbers = new HashSet<>();

    @Override
    public long instanceId() {
        return 1000001;
    }

    @Override
    public boolean audioApproved(String audioId) {
        return approvedAudio.contains(audioId);
    }

    @Override
    public boolean skillGroupExists(long skillGroupId) {
        return skillGroups.contains(skillGroupId);
    }

    @Override
    public boolean outboundNumber(String number) {
        return outboundNumbers.contains(number);
    }
}
