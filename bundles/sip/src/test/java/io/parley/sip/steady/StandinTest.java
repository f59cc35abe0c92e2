package io.parley.sip.steady;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

/** A stand-in while the service behind it comes and goes. */
public class StandinTest {

    interface Directory {
        String domain();

        String find(String extension);
    }

    private static Directory directory(String domain) {
        return new Directory() {
            @Override
            public String domain() {
                return domain;
            }

            @Override
            public String find(String extension) {
                if (extension.isEmpty()) {
                    throw new IllegalArgumentException("extension is required");
                }
                return extension + "@" + domain;
            }
        };
    }

    private final AtomicReference<Directory> live = new AtomicReference<>(directory("parley.local"));
    private final Directory standin = Standin.of(Directory.class, live::get);

    @Test
    public void callsTheServiceThereNow() {
        assertEquals("7001@parley.local", standin.find("7001"));
        live.set(directory("pbx.example.com"));
        assertEquals("7001@pbx.example.com", standin.find("7001"));
        assertEquals("pbx.example.com", standin.domain());
    }

    @Test
    public void aSettingWithoutArgumentsAnswersItsLastValueWhileTheServiceIsAway() {
        standin.domain();
        live.set(null);
        assertEquals("parley.local", standin.domain());
    }

    @Test
    public void aLookupWhileTheServiceIsAwayFailsNamingIt() {
        live.set(null);
        ServiceAwayException e = assertThrows(ServiceAwayException.class, () -> standin.find("7001"));
        assertEquals("Directory is not running", e.getMessage());
        assertThrows("never answered before: nothing to remember", ServiceAwayException.class, standin::domain);
    }

    @Test
    public void theServicesOwnFailuresPassUnchanged() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> standin.find(""));
        assertEquals("extension is required", e.getMessage());
    }
}
