package io.parley.api.hotword;

/**
 * A hot word (SPEC §17.1): a term the recogniser should favour, with its weight.
 *
 * <pre>{@code
 * HotWord w = hotWords.create(instanceId, "postman", 4);
 * String line = w.name() + "|" + w.weight();   // the export format
 * }</pre>
 *
 * @param id         server-generated id
 * @param instanceId the owning instance
 * @param name       letters, digits, CJK ideographs, {@code _} and {@code -}; weighted length ≤ 20
 *                   (CJK counts 2); unique in the instance ignoring case
 * @param weight     1..10, default 10; higher raises the recognition probability
 */
public record HotWord(long id, long instanceId, String name, int weight) {
}
