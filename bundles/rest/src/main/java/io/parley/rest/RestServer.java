package io.parley.rest;

import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import io.parley.api.agent.AgentService;
import io.parley.api.agent.AgentStatusService;
import io.parley.api.audio.AudioFileService;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.blocklist.BlocklistService;
import io.parley.api.hotword.HotWordService;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.FlowSimulation;
import io.parley.api.ivr.SelfServiceService;
import io.parley.api.settings.HolidayCalendarService;
import io.parley.api.ivr.IvrFlowService;
import io.parley.api.ivr.IvrNodeTypeCatalog;
import io.parley.api.popup.PopupService;
import io.parley.api.recording.RecordingService;
import io.parley.api.role.RoleService;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.skillgroup.SkillGroupService;
import io.parley.api.system.ApplianceStatusService;
import io.parley.api.telephony.NumberService;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.SipPhoneService;
import io.parley.api.sip.TrunkService;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the REST API on CXF's servlet: {@code /api} (set in
 * {@code etc/org.apache.cxf.osgi.cfg}) plus {@link #ADDRESS}, so resources live under
 * {@code http://<host>:8181/api/v1/}.
 *
 * <p>The server is built once and stays up whatever comes and goes: a resource calls its
 * services through {@link LiveServices} stand-ins, so while a service is not registered (its
 * bundle stopped or restarting) only that resource's endpoints answer 503 naming it, health
 * lists it, the OpenAPI document leaves the resource out, and all of it comes back with the
 * service. A new resource is one line below:
 * {@code resources.add(new XResource(services.of(XService.class)));} — nothing else to
 * declare, the same authentication filter and error mapping apply to it.
 */
@Component(immediate = true)
public class RestServer {

    static final String ADDRESS = "/v1";
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    private final LiveServices services;
    private final Server server;

    @Activate
    public RestServer(BundleContext context) {
        services = new LiveServices(context);
        String version = context.getBundle().getVersion().toString();
        AuthenticationFilter authentication = new AuthenticationFilter(services.of(AuthenticationService.class));
        List<Object> resources = new ArrayList<>(List.of(
                new HealthResource(services.of(ApplianceStatusService.class), services, version),
                new AuthResource(services.of(AuthenticationService.class), authentication::forget),
                new InstanceResource(services.of(InstanceService.class)),
                new SkillGroupResource(services.of(SkillGroupService.class)),
                new IvrNodeTypeResource(services.of(IvrNodeTypeCatalog.class))));
        resources.addAll(HotWordResource.all(services.of(HotWordService.class)));
        resources.add(new SipPhoneResource(services.of(SipPhoneService.class)));
        resources.add(new RoleResource(services.of(RoleService.class)));
        resources.addAll(AgentResource.all(services.of(AgentService.class),
                services.optional(io.parley.api.agent.AgentPresence.class)));
        resources.addAll(AgentStatusResource.all(services.of(AgentStatusService.class)));
        resources.addAll(PresenceResource.all(services.of(io.parley.api.agent.AgentPresence.class),
                services.of(AgentService.class)));
        resources.addAll(BlocklistResource.all(services.of(BlocklistService.class)));
        resources.addAll(SettingsResource.all(services.of(InstanceSettingsService.class)));
        resources.add(new PopupResource(services.of(PopupService.class)));
        resources.addAll(SipChannelResource.all(services.of(SipChannelService.class), services.of(NumberService.class),
                services.optional(TrunkService.class)));
        resources.add(new AudioFileResource(services.of(AudioFileService.class)));
        resources.addAll(IvrFlowResource.all(services.of(IvrFlowService.class)));
        resources.add(new PushResource(services.of(io.parley.api.push.PushOutbox.class)));
        resources.addAll(RecordingResource.all(services.of(RecordingService.class)));
        resources.addAll(RecordResource.all(services.of(io.parley.api.record.ServiceRecordService.class)));
        resources.add(new IvrSimulationResource(services.of(FlowSimulation.class)));
        resources.add(new HolidayCalendarResource(services.of(HolidayCalendarService.class)));
        resources.addAll(SelfServiceResource.all(services.of(SelfServiceService.class), services.optional(AgentService.class)));
        resources.add(new CallResource(services.of(io.parley.api.agentcall.AgentCallService.class)));
        resources.add(new EventStreamResource(services.of(io.parley.api.agentcall.AgentEventStream.class)));

        List<Object> beans = new ArrayList<>(resources);
        beans.add(new OpenApiResource(version, () -> {
            // health is always up; the others while their services are
            Set<Class<?>> documented = new LinkedHashSet<>();
            resources.stream().filter(r -> r instanceof HealthResource || services.serves(r))
                    .forEach(r -> documented.add(r.getClass()));
            documented.add(OpenApiResource.class);
            return documented;
        }));
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        Bus bus = BusFactory.getDefaultBus();
        factory.setBus(bus);
        factory.setAddress(ADDRESS);
        factory.setServiceBeans(beans);
        factory.setProviders(List.of(
                new JacksonJsonProvider(Json.MAPPER),
                authentication,
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
        services.close();
        LOG.info("REST API withdrawn");
    }
}
