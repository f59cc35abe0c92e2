package io.parley.sip.registrar;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class RecentAnswersTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RecentAnswers recent = new RecentAnswers(4_000, 3, now::get);

    private static RecentAnswers.Answer answer(String text) {
        return new RecentAnswers.Answer(text.getBytes(StandardCharsets.US_ASCII), InetAddress.getLoopbackAddress(), 5060);
    }

    @Test
    public void aRequestIsClaimedOnceAndItsRetransmissionsGetItsAnswer() {
        assertTrue(recent.claim("a") instanceof RecentAnswers.New);
        assertTrue("being answered on another thread", recent.claim("a") instanceof RecentAnswers.InProgress);
        recent.complete("a", answer("401"));
        RecentAnswers.Claim again = recent.claim("a");
        assertTrue(again instanceof RecentAnswers.Answered);
        assertArrayEquals("401".getBytes(StandardCharsets.US_ASCII), ((RecentAnswers.Answered) again).answer().bytes());
    }

    @Test
    public void aReleasedRequestIsAnsweredAfresh() {
        recent.claim("a");
        recent.release("a");
        assertTrue(recent.claim("a") instanceof RecentAnswers.New);
    }

    @Test
    public void answersAreForgottenAfterTheRetentionAndBeyondTheCapacity() {
        recent.claim("a");
        recent.complete("a", answer("200"));
        now.addAndGet(4_001);
        assertTrue("past the retention", recent.claim("a") instanceof RecentAnswers.New);
        for (String key : new String[] {"b", "c", "d", "e"}) {
            recent.claim(key);
            recent.complete(key, answer(key));
        }
        recent.claim("f");
        assertEquals(3, recent.size());
        assertTrue("the oldest went first", recent.claim("b") instanceof RecentAnswers.New);
    }
}
