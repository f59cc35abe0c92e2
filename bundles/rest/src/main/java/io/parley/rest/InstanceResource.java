package io.parley.rest;

import io.parley.api.auth.Caller;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/** Instances (SPEC §0.1): appliance-level, managed by the appliance administrator. */
@Path("/instances")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "instances")
public class InstanceResource {

    private final InstanceService instances;

    InstanceResource(InstanceService instances) {
        this.instances = instances;
    }

    @GET
    @Allowed(anyCaller = true)
    @Operation(summary = "List instances (page ≥ 1, page_size 10..100, default 10); an agent sees only its own")
    public Views.PageView<Views.InstanceView> list(@Context SecurityContext security, @QueryParam("page") String page,
                                                   @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(Json.queryInt("page", page), Json.queryInt("page_size", pageSize));
        Caller caller = CallerPrincipal.of(security).caller();
        if (caller.instanceId() != null) {
            // an agent sees its own instance only, never the other tenants of the appliance
            List<Views.InstanceView> own = request.page() == 1
                    ? List.of(Views.InstanceView.of(instances.get(caller.instanceId()))) : List.of();
            return new Views.PageView<>(own, 1);
        }
        return Views.PageView.of(instances.list(request), Views.InstanceView::of);
    }

    @GET
    @Path("/{instanceId}")
    @Allowed(anyCaller = true)
    @Operation(summary = "One instance")
    public Views.InstanceView get(@Context SecurityContext security, @PathParam("instanceId") String instanceId) {
        long id = Json.pathId("instanceId", instanceId);
        if (!CallerPrincipal.of(security).caller().mayUseInstance(id)) {
            throw new NotFoundException("instance", id);
        }
        return Views.InstanceView.of(instances.get(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(applianceAdmin = true)
    @Operation(summary = "Create an instance; ids are assigned from 1000001",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = Views.InstanceWrite.class))))
    public Response create(String body) {
        Json.Body json = Json.object(body, Set.of("name", "time_zone"));
        return Response.status(201)
                .entity(Views.InstanceView.of(instances.create(json.string("name"), json.string("time_zone")))).build();
    }
}
