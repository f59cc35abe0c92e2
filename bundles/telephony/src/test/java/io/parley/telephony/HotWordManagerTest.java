package io.parley.telephony;

import static io.parley.telephony.Fakes.INSTANCE;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.bulk.BulkOutcome;
import io.parley.api.error.ConflictException;
import io.parley.api.error.DomainException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.hotword.HotWord;
import io.parley.api.paging.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

public class HotWordManagerTest {

    private Fakes.HotWords store;
    private HotWordManager hotWords;

    @Before
    public void setUp() {
        store = new Fakes.HotWords();
        hotWords = new HotWordManager(store, new Fakes.Instances());
    }

    @Test
    public void weightDefaultsToTen() {
        HotWord w = hotWords.create(INSTANCE, " postman ", null);
        assertEquals("postman", w.name());
        assertEquals(10, w.weight());
    }

    @Test
    public void acceptsLettersDigitsCjkUnderscoreAndHyphen() {
        hotWords.create(INSTANCE, "my_sql-8", 1);
        hotWords.create(INSTANCE, "客服中心", 5);
        hotWords.create(INSTANCE, "Café", 5);
    }

    @Test
    public void rejectsSpacesAndPunctuationInNames() {
        for (String bad : new String[] {"hello world", "a.b", "a|b", "a,b", "hi!", "a/b", "，"}) {
            expect(InvalidException.class, "name", () -> hotWords.create(INSTANCE, bad, 1));
        }
    }

    @Test
    public void rejectsMissingOrBlankName() {
        expect(InvalidException.class, "name", () -> hotWords.create(INSTANCE, null, 1));
        expect(InvalidException.class, "name", () -> hotWords.create(INSTANCE, "  ", 1));
    }

    @Test
    public void nameIsAtMostTwentyOtherCharacters() {
        hotWords.create(INSTANCE, "a".repeat(20), 1);
        expect(InvalidException.class, "name", () -> hotWords.create(INSTANCE, "b".repeat(21), 1));
    }

    @Test
    public void nameIsAtMostTenCjkCharactersBecauseEachCountsTwo() {
        hotWords.create(INSTANCE, "中".repeat(10), 1);
        expect(InvalidException.class, "name", () -> hotWords.create(INSTANCE, "文".repeat(11), 1));
    }

    @Test
    public void mixedScriptNamesUseTheWeightedLength() {
        hotWords.create(INSTANCE, "中文" + "a".repeat(16), 1);          // 4 + 16 = 20
        expect(InvalidException.class, "name", () -> hotWords.create(INSTANCE, "中文" + "b".repeat(17), 1)); // 21
    }

    @Test
    public void rejectsWeightsOutsideOneToTen() {
        expect(InvalidException.class, "weight", () -> hotWords.create(INSTANCE, "zero", 0));
        expect(InvalidException.class, "weight", () -> hotWords.create(INSTANCE, "eleven", 11));
        expect(InvalidException.class, "weight", () -> hotWords.create(INSTANCE, "negative", -1));
        assertEquals(1, hotWords.create(INSTANCE, "one", 1).weight());
        assertEquals(10, hotWords.create(INSTANCE, "ten", 10).weight());
    }

    @Test
    public void rejectsADuplicateNameIgnoringCase() {
        hotWords.create(INSTANCE, "MySQL", 1);
        expect(ConflictException.class, "name", () -> hotWords.create(INSTANCE, "mysql", 2));
    }

    @Test
    public void rejectsTheThousandAndFirstHotWord() {
        for (int i = 0; i < 1000; i++) {
            hotWords.create(INSTANCE, "w" + i, 5);
        }
        expect(ConflictException.class, null, () -> hotWords.create(INSTANCE, "onemore", 5));
        assertEquals(1000, store.count(INSTANCE));
    }

    @Test
    public void editAppliesTheSameRulesAsCreate() {
        HotWord w = hotWords.create(INSTANCE, "alpha", 3);
        hotWords.create(INSTANCE, "beta", 3);
        expect(InvalidException.class, "weight", () -> hotWords.edit(INSTANCE, w.id(), null, 11));
        expect(InvalidException.class, "name", () -> hotWords.edit(INSTANCE, w.id(), "al pha", null));
        expect(ConflictException.class, "name", () -> hotWords.edit(INSTANCE, w.id(), "BETA", null));
        HotWord edited = hotWords.edit(INSTANCE, w.id(), "ALPHA", 7);
        assertEquals("renaming to a different case of its own name is allowed", "ALPHA", edited.name());
        assertEquals(7, edited.weight());
    }

    @Test
    public void missingHotWordsAndInstancesAreNotFound() {
        expect(NotFoundException.class, null, () -> hotWords.get(INSTANCE, 99));
        expect(NotFoundException.class, null, () -> hotWords.delete(INSTANCE, 99));
        expect(NotFoundException.class, null, () -> hotWords.create(42, "x", 1));
    }

    @Test
    public void searchMatchesANameSubstring() {
        hotWords.create(INSTANCE, "postman", 4);
        hotWords.create(INSTANCE, "postgres", 4);
        hotWords.create(INSTANCE, "mysql", 4);
        assertEquals(2, hotWords.list(INSTANCE, "POST", PageRequest.first()).total());
        assertEquals(3, hotWords.list(INSTANCE, " ", PageRequest.first()).total());
    }

    @Test
    public void bulkDeleteRequiresANonEmptyIdList() {
        expect(InvalidException.class, "ids", () -> hotWords.bulkDelete(INSTANCE, List.of()));
        expect(InvalidException.class, "ids", () -> hotWords.bulkDelete(INSTANCE, null));
    }

    @Test
    public void bulkDeleteReportsEachIdInOrder() {
        HotWord a = hotWords.create(INSTANCE, "a", 1);
        HotWord b = hotWords.create(INSTANCE, "b", 1);
        BulkOutcome out = hotWords.bulkDelete(INSTANCE, List.of(a.id(), 999L, b.id()));
        assertEquals(3, out.items().size());
        assertTrue(out.items().get(0).ok());
        assertFalse(out.items().get(1).ok());
        assertEquals("NOT_FOUND", out.items().get(1).code());
        assertTrue(out.items().get(2).ok());
        assertEquals(2, out.succeeded());
        assertEquals(0, store.count(INSTANCE));
    }

    @Test
    public void importReplacesTheWholeListAndIgnoresEmptyLines() {
        hotWords.create(INSTANCE, "old", 1);
        int n = hotWords.importText(INSTANCE, utf8("test|1\npostman|4\r\n\n   \nmysql|6\nhelloworld|5\nsea|4\n"));
        assertEquals(5, n);
        assertEquals("test|1\npostman|4\nmysql|6\nhelloworld|5\nsea|4\n", hotWords.exportText(INSTANCE));
    }

    @Test
    public void importWithABadLineNamesItsNumberAndChangesNothing() {
        hotWords.create(INSTANCE, "keep", 2);
        DomainException e = expect(InvalidException.class, "file",
                () -> hotWords.importText(INSTANCE, utf8("good|1\n\nbad word|3\nfine|11\nok|5\n")));
        assertTrue(e.getMessage(), e.getMessage().contains("line 3:"));
        assertTrue(e.getMessage(), e.getMessage().contains("line 4:"));
        assertFalse(e.getMessage(), e.getMessage().contains("line 5"));
        assertEquals(0, store.replaceCalls);
        assertEquals("keep|2\n", hotWords.exportText(INSTANCE));
    }

    @Test
    public void importRejectsLinesWithoutAWeightOrWithTwoBars() {
        expectLine("word\n", "line 1:");
        expectLine("word|\n", "line 1:");
        expectLine("a|1|2\n", "line 1:");
        expectLine("a|x\n", "line 1:");
        expectLine("ok|1\na|1\nA|2\n", "line 3: name: 'A' repeats line 2");
    }

    @Test
    public void importRejectsMoreThanAThousandEntries() {
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            file.append("w").append(i).append("|5\n");
        }
        expect(InvalidException.class, "file", () -> hotWords.importText(INSTANCE, utf8(file.toString())));
        file.setLength(0);
        for (int i = 0; i < 1000; i++) {
            file.append("w").append(i).append("|5\n");
        }
        assertEquals(1000, hotWords.importText(INSTANCE, utf8(file.toString())));
    }

    @Test
    public void importRejectsFilesOverOneHundredKilobytes() {
        byte[] big = new byte[100 * 1024 + 1];
        Arrays.fill(big, (byte) '\n');
        expect(InvalidException.class, "file", () -> hotWords.importText(INSTANCE, big));
        byte[] limit = new byte[100 * 1024];
        Arrays.fill(limit, (byte) '\n');
        assertEquals(0, hotWords.importText(INSTANCE, limit));
    }

    @Test
    public void importRejectsBinaryAndNonUtf8Content() {
        expect(InvalidException.class, "file", () -> hotWords.importText(INSTANCE, new byte[] {(byte) 0xff, (byte) 0xfe, 'a'}));
        expect(InvalidException.class, "file", () -> hotWords.importText(INSTANCE, new byte[] {'a', 0, '|', '1'}));
        expect(InvalidException.class, "file", () -> hotWords.importText(INSTANCE, new byte[0]));
    }

    @Test
    public void exportThenImportIsLossless() {
        hotWords.create(INSTANCE, "客服", 3);
        hotWords.create(INSTANCE, "MySQL", 10);
        hotWords.create(INSTANCE, "post_man-2", 1);
        hotWords.create(INSTANCE, "Ünïcödé", 7);
        List<HotWord> before = hotWords.all(INSTANCE);
        String exported = hotWords.exportText(INSTANCE);
        hotWords.importText(INSTANCE, exported.getBytes(StandardCharsets.UTF_8));
        assertEquals(exported, hotWords.exportText(INSTANCE));
        List<HotWord> after = hotWords.all(INSTANCE);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).name(), after.get(i).name());
            assertEquals(before.get(i).weight(), after.get(i).weight());
        }
    }

    @Test
    public void importAcceptsAUtf8ByteOrderMark() {
        assertEquals(1, hotWords.importText(INSTANCE, utf8("\uFEFFword|2\n")));
        assertEquals("word|2\n", hotWords.exportText(INSTANCE));
    }

    private void expectLine(String file, String fragment) {
        DomainException e = expect(InvalidException.class, "file", () -> hotWords.importText(INSTANCE, utf8(file)));
        assertTrue(e.getMessage(), e.getMessage().contains(fragment));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static DomainException expect(Class<? extends DomainException> type, String field, Runnable action) {
        try {
            action.run();
        } catch (DomainException e) {
            assertEquals(e.getMessage(), type, e.getClass());
            assertEquals(e.getMessage(), field, e.field());
            return e;
        }
        fail("expected " + type.getSimpleName() + " on " + field);
        return null;
    }
}
