package io.parley.api.paging;

import io.parley.api.error.InvalidException;

/**
 * One page of a list, per SPEC §0.2: {@code page} ≥ 1, {@code page_size} 10..100, default 10.
 *
 * <pre>{@code
 * PageRequest second = PageRequest.of(2, 20);   // items 21..40
 * long skip = second.offset();                  // 20
 * }</pre>
 */
public record PageRequest(int page, int pageSize) {
    public static final int DEFAULT_PAGE_SIZE = 10;
    public static final int MIN_PAGE_SIZE = 10;
    public static final int MAX_PAGE_SIZE = 100;

    public PageRequest {
        if (page < 1) {
            throw new InvalidException("page", "must be at least 1");
        }
        if (pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE) {
            throw new InvalidException("page_size", "must be between " + MIN_PAGE_SIZE + " and " + MAX_PAGE_SIZE);
        }
    }

    /** The first page of the default size. */
    public static PageRequest first() {
        return new PageRequest(1, DEFAULT_PAGE_SIZE);
    }

    /** A page, with {@code null}s meaning the defaults. */
    public static PageRequest of(Integer page, Integer pageSize) {
        return new PageRequest(page == null ? 1 : page, pageSize == null ? DEFAULT_PAGE_SIZE : pageSize);
    }

    /** Number of items before this page. */
    public long offset() {
        return (long) (page - 1) * pageSize;
    }
}
