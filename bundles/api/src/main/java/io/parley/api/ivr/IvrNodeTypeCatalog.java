package io.parley.api.ivr;

import java.util.Optional;
import java.util.SortedSet;

/**
 * The IVR node types installed right now. It follows node-type bundles as they come and go.
 *
 * <pre>{@code
 * if (catalog.find("say_time").isEmpty()) {
 *     throw new InvalidException("nodes[3].type", "unknown type; installed: " + catalog.types());
 * }
 * }</pre>
 */
public interface IvrNodeTypeCatalog {

    SortedSet<String> types();

    Optional<IvrNodeType> find(String type);
}
