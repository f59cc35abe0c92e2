package io.parley.directory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.parley.api.error.DomainException;

/** Asserts that an action fails with one exception type naming one field. */
final class Expect {

    private Expect() {
    }

    static DomainException failure(Class<? extends DomainException> type, String field, Runnable action) {
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
