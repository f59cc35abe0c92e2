package io.parley.telephony;

import io.parley.api.audio.AudioFileUsage;
import io.parley.api.store.SipChannelStore;
import io.parley.api.telephony.TrunkNumber;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Numbers whose inbound failure prompt (SPEC §3.1, §20) plays an audio file keep that file
 * from being deleted: a call would otherwise find nothing to play.
 */
@Component(service = AudioFileUsage.class)
public class NumberAudioUsage implements AudioFileUsage {

    private final SipChannelStore store;

    @Activate
    public NumberAudioUsage(@Reference SipChannelStore store) {
        this.store = store;
    }

    @Override
    public List<String> usesOf(long instanceId, String audioFileId) {
        return store.numbersPlayingAudio(instanceId, audioFileId).stream()
                .map(NumberAudioUsage::describe).toList();
    }

    private static String describe(TrunkNumber n) {
        return "number " + n.id() + " (" + n.number() + ") inbound_failure_prompt";
    }
}
