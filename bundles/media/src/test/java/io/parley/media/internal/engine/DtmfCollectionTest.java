package io.parley.media.internal.engine;

import static org.junit.Assert.assertEquals;

import io.parley.api.media.Codec;
import io.parley.api.media.DigitCollectResult;
import io.parley.api.media.DigitCollectResult.Outcome;
import io.parley.api.media.DigitCollectSpec;
import io.parley.api.media.DtmfCollector;
import io.parley.api.media.RtpEndpoint;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class DtmfCollectionTest {
    private MediaEngine engine;
    private RtpEndpoint phone;
    private RtpEndpoint ivr;

    @Before
    public void start() {
        engine = LoopbackEngine.start(31200, 31299, 60);
        phone = engine.openEndpoint("dtmf/phone");
        ivr = engine.openEndpoint("dtmf/ivr");
        LoopbackEngine.connect(phone, ivr.localAddress(), Codec.PCMU);
        LoopbackEngine.connect(ivr, phone.localAddress(), Codec.PCMA);
    }

    @After
    public void stop() {
        engine.close();
    }

    private static DigitCollectSpec spec(int max, int firstMs, int interMs, Character endKey) {
        return new DigitCollectSpec(max, Duration.ofMillis(firstMs), Duration.ofMillis(interMs), endKey, false);
    }

    private static DigitCollectResult await(DtmfCollector c) throws Exception {
        return c.result().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    public void sentDigitsArriveOnceEachAndTheEndKeyStopsCollection() throws Exception {
        DtmfCollector c = ivr.collectDigits(spec(10, 3000, 2000, '#'));
        phone.sendDtmf("1907#5");
        DigitCollectResult r = await(c);
        assertEquals("1907", r.digits());
        assertEquals(Outcome.END_KEY, r.outcome());
    }

    @Test
    public void collectionEndsAtMaxDigits() throws Exception {
        DtmfCollector c = ivr.collectDigits(spec(3, 3000, 2000, null));
        phone.sendDtmf("4242");
        assertEquals(new DigitCollectResult("424", Outcome.MAX_DIGITS), await(c));
    }

    @Test
    public void firstDigitTimeoutEndsAnEmptyCollection() throws Exception {
        DtmfCollector c = ivr.collectDigits(spec(4, 200, 2000, null));
        assertEquals(new DigitCollectResult("", Outcome.FIRST_DIGIT_TIMEOUT), await(c));
    }

    @Test
    public void interDigitTimeoutEndsAfterTheLastKey() throws Exception {
        DtmfCollector c = ivr.collectDigits(spec(4, 3000, 400, null));
        phone.sendDtmf("7");
        assertEquals(new DigitCollectResult("7", Outcome.INTER_DIGIT_TIMEOUT), await(c));
    }

    @Test
    public void aNewCollectionCancelsThePreviousOne() throws Exception {
        DtmfCollector first = ivr.collectDigits(spec(4, 3000, 400, null));
        DtmfCollector second = ivr.collectDigits(spec(1, 3000, 400, null));
        assertEquals(Outcome.CANCELLED, await(first).outcome());
        phone.sendDtmf("9");
        assertEquals("9", await(second).digits());
    }

    @Test
    public void closingTheEndpointEndsTheCollection() throws Exception {
        DtmfCollector c = ivr.collectDigits(spec(4, 3000, 400, null));
        ivr.close();
        assertEquals(Outcome.ENDPOINT_CLOSED, await(c).outcome());
    }
}
