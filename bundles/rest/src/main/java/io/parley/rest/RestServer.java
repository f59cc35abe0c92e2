package io.parley.rest;

import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import io.parley.api.agent.AgentService;
import io.parley.api.agent.AgentStatusService;
import io.parley.api.audio.AudioFileService;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.blocklist.BlocklistService;
import io.parley.api.hotword.HotWordService;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.IvrNodeTypeCatalog;
import io.parley.api.popup.PopupService;
import io.parley.api.role.RoleService;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.skillgroup.SkillGroupService;
import io.parley.api.system.ApplianceStatusService;
import io.parley.api.telephony.NumberService;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.SipPhoneService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the REST API on CXF's servlet: {@code /api} (set in
 * {@code etc/org.apache.cxf.osgi.cfg}) plus {@link #ADDRESS}, so resources live under
 * {@code http://<host>:8181/api/v1/}. The server is rebuilt whenever a service it serves
 * comes or goes, which DS does for us by re-activating this component.
 */
@Component(immediate = true)
public class RestServer {

    static final String ADDRESS = "/v1";
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    private final Server server;
    /**
     * The SIP layer's live trunk status for the channel views; optional and dynamic, so the REST
     * API works without the sip bundle and is not restarted when it comes or goes.
     */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile io.parley.api.sip.TrunkService trunks;

    @Activate
    public RestServer(BundleContext context,
                      @Reference AuthenticationService auth,
                      @Reference InstanceService instances,
                      @Reference SkillGroupService skillGroups,
                      @Reference ApplianceStatusService status,
                      @Reference IvrNodeTypeCatalog nodeTypes,
                      @Reference HotWordService hotWords,
                      @Reference SipPhoneService phones,
                      @Reference SipChannelService channels,
                      @Reference NumberService numbers,
                      @Reference AudioFileService audio,
                      @Reference RoleService roles,
                      @Reference AgentService agents,
                      @Reference AgentStatusService agentStatus,
                      @Reference BlocklistService blocklist,
                      @Reference InstanceSettingsService settings,
                      @Reference PopupService popups) {
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        Bus bus = BusFactory.getDefaultBus();
        factory.setBus(bus);
        factory.setAddress(ADDRESS);
        List<Object> resources = new ArrayList<>(List.of(
                new HealthResource(status),
                new AuthResource(auth),
                new InstanceResource(instances),
                new SkillGroupResource(skillGroups),
                new IvrNodeTypeResource(nodeTypes)));
        resources.addAll(HotWordResource.all(hotWords));
        resources.add(new SipPhoneResource(phones));
        resources.add(new RoleResource(roles));
        resources.addAll(AgentResource.all(agents));
        resources.addAll(AgentStatusResource.all(agentStatus));
        resources.addAll(BlocklistResource.all(blocklist));
        resources.addAll(SettingsResource.all(settings));
        resources.add(new PopupResource(popups));
        resources.addAll(SipChannelResource.all(channels, numbers, () -> trunks));
        resources.add(new AudioFileResource(audio));
        Set<Class<?>> documented = new LinkedHashSet<>();
        resources.forEach(r -> documented.add(r.getClass()));
        documented.add(OpenApiResource.class);
        List<Object> beans = new ArrayList<>(resources);
        beans.add(new OpenApiResource(context.getBundle().getVersion().toString(), documented));
        factory.setServiceBeans(beans);
        factory.setProviders(List.of(
                new JacksonJsonProvider(Json.MAPPER),
                new AuthenticationFilter(auth),
                new ErrorMappers.Domain(),
                new ErrorMappers.Web(),
                new ErrorMappers.Unexpected()));
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(RestServer.class.getClassLoader());
        try {
            server = factory.create();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        LOG.info("REST API published at /api{}", ADDRESS);
    }

    @Deactivate
    public void stop() {
        server.destroy();
        LOG.info("REST API withdrawn");
    }
}
