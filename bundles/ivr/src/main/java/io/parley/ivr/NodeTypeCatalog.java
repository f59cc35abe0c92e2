package io.parley.ivr;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.IvrNodeTypeCatalog;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node types installed now. The reference is dynamic and greedy, so a node-type bundle
 * stopped, updated or installed while calls run is seen at once, without restarting this
 * bundle or the flows that use other types.
 */
@Component(service = IvrNodeTypeCatalog.class)
public class NodeTypeCatalog implements IvrNodeTypeCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(NodeTypeCatalog.class);

    private final Map<String, IvrNodeType> byType = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addNodeType(IvrNodeType type) {
        IvrNodeType previous = byType.put(type.type(), type);
        LOG.info("IVR node type '{}' {}", type.type(), previous == null ? "installed" : "replaced");
    }

    void removeNodeType(IvrNodeType type) {
        if (byType.remove(type.type(), type)) {
            LOG.info("IVR node type '{}' removed", type.type());
        }
    }

    @Override
    public SortedSet<String> types() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byType.keySet()));
    }

    @Override
    public Optional<IvrNodeType> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }
}
