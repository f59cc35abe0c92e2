package io.parley.api.ivr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node of an IVR graph (SPEC §7.2, §8).
 *
 * <pre>{@code
 * new IvrNode("01G37ZXAE1Z1KQH5W0CY28G16J", "prompt", "Welcome", Map.of("x", 120, "y", 40),
 *         Map.of("prompt", Map.of("mode", "tts", "text", "Welcome to ${CompanyName}")));
 * }</pre>
 *
 * @param id       a ULID, or {@code main_menu} for Start
 * @param type     the node type ({@link IvrNodeType#type()}), e.g. {@code prompt}
 * @param label    free name shown in records, 0..30 characters
 * @param position editor coordinates, kept as given
 * @param params   the type's parameters, JSON-decoded (String, Number, Boolean, List, Map)
 */
public record IvrNode(String id, String type, String label, Map<String, Object> position, Map<String, Object> params) {

    public IvrNode {
        label = label == null ? "" : label;
        // JSON values may be null, which Map.copyOf refuses
        position = position == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(position));
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
