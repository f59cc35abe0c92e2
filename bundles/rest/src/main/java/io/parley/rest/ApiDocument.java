package io.parley.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.cxf.jaxrs.ext.multipart.Attachment;
import org.apache.cxf.jaxrs.ext.multipart.MultipartBody;

/**
 * The OpenAPI 3 document of the REST API, built by swagger-core from the resource classes and
 * the JSON records they answer with. The schemas come from the API's own Jackson mapper
 * ({@link Json#MAPPER}: snake_case names, the same properties), so the document names what
 * the wire carries; one pass after swagger-core's adds what annotations cannot say once for
 * all: the SPEC §0.2 error body on every 4xx/5xx, who needs no credentials, which fields are
 * always written and which may be null.
 *
 * <p>Served by {@link OpenApiResource}; {@link #main} writes the same document at build time
 * (for the client the integration tests generate from it), e.g.
 * {@code ApiDocument.main("target/openapi/parley-openapi.json", "target/classes", "0.1.0")}.
 */
public final class ApiDocument {

    static final String ERROR = "Error";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String CLIENT_ERRORS = "4XX";
    private static final String SERVER_ERRORS = "5XX";

    private ApiDocument() {
    }

    /** The document of {@code resources}, rendered as JSON. */
    static String render(String version, Collection<Class<?>> resources) {
        try {
            return io.swagger.v3.core.util.Json.pretty().writeValueAsString(build(version, resources));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render the OpenAPI document", e);
        }
    }

    static OpenAPI build(String version, Collection<Class<?>> resources) {
        OpenAPI base = new OpenAPI()
                .info(new Info().title("Parley REST API").version(version).description(
                        "Administration and agent API of the Parley contact-center appliance. Every call except "
                                + "GET /health needs a bearer token (POST /auth/tokens) or HTTP Basic credentials. "
                                + "Errors answer {\"error\":{\"code\",\"message\",\"field\"}}; lists take page (>=1) and "
                                + "page_size (10..100, default 10) and answer {\"items\",\"total\"}."))
                .servers(List.of(new Server().url("/api" + RestServer.ADDRESS)))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .security(List.of(new SecurityRequirement().addList("bearer"), new SecurityRequirement().addList("basic")));
        WireModels wire = new WireModels();
        OpenAPI read;
        // swagger-core's Reader only asks its process-wide converter chain; ours sits in front
        // of it for this one read, so no other user of swagger-core in the container sees it
        synchronized (ModelConverters.class) {
            ModelConverters converters = ModelConverters.getInstance(false, Schema.SchemaResolution.DEFAULT);
            converters.addConverter(wire);
            try {
                // in name order, so the served document and the one the build writes are the same
                read = new Reader(base).read(sorted(resources));
            } finally {
                converters.removeConverter(wire);
            }
        }
        ensureErrorBody(read, wire);
        Set<String> operationIds = new HashSet<>();
        for (Class<?> resource : sorted(resources)) {
            Method[] methods = resource.getMethods();
            java.util.Arrays.sort(methods, java.util.Comparator.comparing(Method::toGenericString));
            for (Method m : methods) {
                Operation operation = operation(read, resource, m);
                if (operation == null) {
                    continue;
                }
                Allowed allowed = m.getAnnotation(Allowed.class);
                if (allowed != null && allowed.everyone()) {
                    operation.setSecurity(List.of());
                }
                String id = operation.getOperationId();
                if (id != null && (id.equals(m.getName()) || id.startsWith(m.getName() + "_"))) {
                    operation.setOperationId(operationId(resource, m, operationIds));
                }
                describeMultipart(read, wire, operation, m);
                ApiResponses responses = operation.getResponses();
                if (m.isAnnotationPresent(javax.ws.rs.DELETE.class) && m.getReturnType() == javax.ws.rs.core.Response.class
                        && responses != null && responses.size() == 1 && responses.get("default") != null) {
                    // every delete of the API answers 204 without a body (SPEC §0.2)
                    responses.remove("default");
                    responses.put("204", new ApiResponse().description("Deleted"));
                }
            }
        }
        Set<String> requestOnly = referencedFromRequests(read);
        wire.alwaysWritten.forEach((name, properties) -> {
            Schema<?> schema = read.getComponents().getSchemas().get(name);
            if (schema != null && !requestOnly.contains(name) && !properties.isEmpty()) {
                schema.setRequired(new ArrayList<>(properties));
            }
        });
        nullableRecords(read, requestOnly);
        operations(read).forEach(ApiDocument::describeErrors);
        return read;
    }

    /**
     * A readable id, unique in the document, for clients generated from it: the method and the
     * resource's noun ({@code createSkillGroup}) instead of swagger-core's {@code create_5}.
     */
    private static String operationId(Class<?> resource, Method m, Set<String> taken) {
        Class<?> outer = resource;
        while (outer.getEnclosingClass() != null) {
            outer = outer.getEnclosingClass();
        }
        String noun = outer.getSimpleName().replaceFirst("Resource$", "");
        String id = m.getName() + noun;
        if (!taken.add(id)) {
            id = m.getName() + noun + resource.getSimpleName();
            taken.add(id);
        }
        return id;
    }

    /**
     * A multipart/form-data variant of an operation: JAX-RS serves it as a second method on the
     * same path, which swagger-core drops, and its parameter is CXF's MultipartBody, which says
     * nothing of the parts. The method's {@code @RequestBody} names the parts; one without it
     * fails the build, so no upload goes undescribed.
     */
    private static void describeMultipart(OpenAPI api, WireModels wire, Operation operation, Method m) {
        javax.ws.rs.Consumes consumes = m.getAnnotation(javax.ws.rs.Consumes.class);
        if (consumes == null || !List.of(consumes.value()).contains(javax.ws.rs.core.MediaType.MULTIPART_FORM_DATA)) {
            return;
        }
        io.swagger.v3.oas.annotations.Operation annotation = m.getAnnotation(io.swagger.v3.oas.annotations.Operation.class);
        Class<?> form = annotation == null ? null : Stream.of(annotation.requestBody().content())
                .map(c -> c.schema().implementation()).filter(c -> c != Void.class).findFirst().orElse(null);
        if (form == null) {
            throw new IllegalStateException(m.getDeclaringClass().getSimpleName() + "." + m.getName()
                    + " takes multipart/form-data but its @Operation has no requestBody naming the parts");
        }
        Map<String, Schema> schemas;
        synchronized (ModelConverters.class) {
            ModelConverters converters = new ModelConverters(false);
            converters.addConverter(wire);
            schemas = converters.readAll(new AnnotatedType(form));
        }
        String name = schemas.keySet().stream().filter(n -> schemas.get(n).getProperties() != null)
                .filter(n -> n.equals(form.getSimpleName()) || form.getAnnotation(
                        io.swagger.v3.oas.annotations.media.Schema.class) != null
                        && n.equals(form.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class).name()))
                .findFirst().orElseThrow();
        if (operation.getRequestBody() == null) {
            operation.setRequestBody(new io.swagger.v3.oas.models.parameters.RequestBody().content(new Content()));
        }
        // inline, as form fields are usually written (client generators then make them parameters)
        operation.getRequestBody().getContent().addMediaType(javax.ws.rs.core.MediaType.MULTIPART_FORM_DATA,
                new MediaType().schema(schemas.get(name)));
    }

    private static Set<Class<?>> sorted(Collection<Class<?>> resources) {
        Set<Class<?>> sorted = new java.util.TreeSet<>(java.util.Comparator.comparing(Class::getName));
        sorted.addAll(resources);
        return new LinkedHashSet<>(sorted);
    }

    /** Every 4xx and 5xx answer carries the one error body of SPEC §0.2, unless the operation names another. */
    private static void describeErrors(Operation operation) {
        ApiResponses responses = operation.getResponses();
        if (responses == null) {
            responses = new ApiResponses();
            operation.setResponses(responses);
        }
        // a method returning its entity answers 200 with it; swagger-core calls that "default"
        ApiResponse returned = responses.get("default");
        if (returned != null && returned.getContent() != null && returned.getContent().values().stream()
                .anyMatch(t -> t.getSchema() != null)) {
            responses.remove("default");
            responses.put("200", returned.description("OK"));
        }
        // OpenAPI requires a description on every response; an annotation may leave it out
        responses.forEach((status, r) -> {
            if (r.get$ref() == null && r.getDescription() == null) {
                r.setDescription(status.startsWith("2") ? "Success" : status);
            }
        });
        for (String range : List.of(CLIENT_ERRORS, SERVER_ERRORS)) {
            responses.putIfAbsent(range, new ApiResponse().$ref("#/components/responses/" + ERROR));
        }
        for (Map.Entry<String, ApiResponse> r : responses.entrySet()) {
            char first = r.getKey().charAt(0);
            // an error status an operation describes with its own body (health's 503) keeps it
            if ((first == '4' || first == '5') && r.getValue().get$ref() == null && r.getValue().getContent() == null) {
                r.getValue().content(errorContent());
            }
        }
    }

    private static Content errorContent() {
        return new Content().addMediaType(javax.ws.rs.core.MediaType.APPLICATION_JSON,
                new MediaType().schema(new Schema<>().$ref(SCHEMAS + "ErrorBody")));
    }

    private static void ensureErrorBody(OpenAPI api, WireModels wire) {
        // the error body is written by the exception mappers, never returned by a method:
        // resolve it with the same converter so its schema is named and shaped like the rest
        synchronized (ModelConverters.class) {
            ModelConverters converters = new ModelConverters(false);
            converters.addConverter(wire);
            converters.readAll(new AnnotatedType(ErrorBody.class)).forEach(api.getComponents()::addSchemas);
        }
        Schema<?> error = api.getComponents().getSchemas().get("ErrorBody");
        error.setRequired(List.of("error"));
        error.setDescription("SPEC §0.2: the one error body of every 4xx and 5xx answer");
        Schema<?> detail = api.getComponents().getSchemas().get("ErrorDetail");
        if (detail != null) {
            detail.setRequired(List.of("code", "message"));
        }
        api.getComponents().addResponses(ERROR, new ApiResponse()
                .description("The request was refused (4xx) or failed (5xx); error.field names the field at fault")
                .content(errorContent()));
    }

    /**
     * A record inside an answer is written as null when absent (a number without a failure
     * prompt), and OpenAPI 3.0 ignores nullable beside a $ref (validators then refuse the null):
     * such a property holds a nullable copy of the record's schema instead of the reference.
     */
    private static void nullableRecords(OpenAPI api, Set<String> requestOnly) {
        Map<String, Schema> all = api.getComponents().getSchemas();
        for (Map.Entry<String, Schema> owner : all.entrySet()) {
            Map<String, Schema> properties = owner.getValue().getProperties();
            // the error body is written whole by the exception mappers, never with a null inside
            if (requestOnly.contains(owner.getKey()) || properties == null || owner.getKey().equals("ErrorBody")) {
                continue;
            }
            for (Map.Entry<String, Schema> p : properties.entrySet()) {
                String ref = p.getValue().get$ref();
                Schema<?> target = ref == null ? null : all.get(ref.substring(ref.lastIndexOf('/') + 1));
                if (target != null && target.getProperties() != null) {
                    Schema<?> copy = new ObjectSchema().properties(target.getProperties())
                            .description(target.getDescription()).nullable(true);
                    copy.setRequired(target.getRequired());
                    p.setValue(copy);
                }
            }
        }
    }

    /** Names of the schemas reachable from a request body: those are partial by design (edits). */
    private static Set<String> referencedFromRequests(OpenAPI api) {
        Deque<Schema> todo = new ArrayDeque<>();
        operations(api).filter(o -> o.getRequestBody() != null && o.getRequestBody().getContent() != null)
                .forEach(o -> o.getRequestBody().getContent().values().forEach(m -> {
                    if (m.getSchema() != null) {
                        todo.add(m.getSchema());
                    }
                }));
        Set<String> names = new HashSet<>();
        Map<String, Schema> all = api.getComponents().getSchemas() == null ? Map.of() : api.getComponents().getSchemas();
        while (!todo.isEmpty()) {
            Schema s = todo.pop();
            if (s.get$ref() != null) {
                String name = s.get$ref().substring(s.get$ref().lastIndexOf('/') + 1);
                if (names.add(name) && all.get(name) != null) {
                    todo.add(all.get(name));
                }
                continue;
            }
            if (s.getProperties() != null) {
                todo.addAll(s.getProperties().values());
            }
            if (s.getItems() != null) {
                todo.add(s.getItems());
            }
            if (s.getAdditionalProperties() instanceof Schema values) {
                todo.add(values);
            }
        }
        return names;
    }

    /** The operation swagger-core made of {@code method}, found by its path and HTTP method. */
    private static Operation operation(OpenAPI api, Class<?> resource, Method method) {
        String path = "/" + (value(resource.getAnnotation(javax.ws.rs.Path.class)) + "/"
                + value(method.getAnnotation(javax.ws.rs.Path.class))).replaceAll("/+", "/").replaceAll("^/|/$", "");
        PathItem item = api.getPaths() == null ? null : api.getPaths().get(path);
        if (item == null) {
            return null;
        }
        for (Map.Entry<PathItem.HttpMethod, Operation> o : item.readOperationsMap().entrySet()) {
            for (java.lang.annotation.Annotation a : method.getAnnotations()) {
                javax.ws.rs.HttpMethod verb = a.annotationType().getAnnotation(javax.ws.rs.HttpMethod.class);
                if (verb != null && verb.value().equalsIgnoreCase(o.getKey().name())) {
                    return o.getValue();
                }
            }
        }
        return null;
    }

    private static String value(javax.ws.rs.Path path) {
        return path == null ? "" : path.value();
    }

    private static Stream<Operation> operations(OpenAPI api) {
        return api.getPaths() == null ? Stream.empty()
                : api.getPaths().values().stream().flatMap(p -> p.readOperations().stream());
    }

    /**
     * swagger-core's model resolver given a copy of the API's mapper (a copy because the
     * resolver registers its own annotation introspector on the mapper it gets), plus what a
     * generic page and CXF's multipart types are on the wire.
     */
    static final class WireModels extends ModelResolver {

        /** Per schema, the properties the mapper always writes (null or not). */
        final Map<String, Set<String>> alwaysWritten = new HashMap<>();

        WireModels() {
            super(Json.MAPPER.copy());
        }

        @Override
        public Schema resolve(AnnotatedType annotated, ModelConverterContext context, Iterator<ModelConverter> next) {
            if (annotated.getType() == null) {
                return super.resolve(annotated, context, next);
            }
            JavaType type = _mapper.constructType(annotated.getType());
            Class<?> raw = type.getRawClass();
            if (raw == Views.PageView.class) {
                return page(type.containedTypeOrUnknown(0), context);
            }
            if (raw == Object.class) {
                // a field typed Object holds any JSON value ("default" or a number, a string or a list):
                // swagger-core would say object
                return new Schema<>();
            }
            if (MultipartBody.class.isAssignableFrom(raw) || Attachment.class.isAssignableFrom(raw)
                    || InputStream.class.isAssignableFrom(raw)) {
                // the parts of a multipart body are described by the method's @RequestBody
                return new BinarySchema();
            }
            Schema resolved = super.resolve(annotated, context, next);
            if (resolved != null && raw.getPackageName().startsWith("io.parley.")) {
                // a property's type comes back as a $ref; a type an annotation names (a response
                // or request body) as the model itself
                String name = resolved.get$ref() != null
                        ? resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1) : resolved.getName();
                Schema<?> model = name == null ? null : context.getDefinedModels().get(name);
                if (model != null) {
                    describeNulls(type, name, model);
                    if (resolved != model && resolved.get$ref() == null) {
                        describeNulls(type, name, resolved);
                    }
                }
            }
            return resolved;
        }

        /** {@code XPage}: {@code {items: [X], total}}, one per item type, instead of one "Page" of whatever came first. */
        private Schema page(JavaType item, ModelConverterContext context) {
            Schema<?> itemSchema = context.resolve(new AnnotatedType(item).resolveAsRef(true));
            String itemName = itemSchema.get$ref() == null ? _typeNameResolver.nameForType(item)
                    : itemSchema.get$ref().substring(itemSchema.get$ref().lastIndexOf('/') + 1);
            String name = itemName + "Page";
            if (context.getDefinedModels().get(name) == null) {
                Schema<?> page = new ObjectSchema()
                        .name(name)
                        .description("One page of " + itemName + " items and the total matching the query")
                        .addProperty("items", new ArraySchema().items(itemSchema))
                        .addProperty("total", new IntegerSchema().format("int64"));
                page.setRequired(List.of("items", "total"));
                context.defineModel(name, page);
            }
            return new Schema<>().$ref(SCHEMAS + name);
        }

        /**
         * A reference-typed property of a record the mapper writes even when null, so it is
         * nullable; and every property is always present unless the type omits nulls.
         */
        private void describeNulls(JavaType type, String name, Schema<?> model) {
            if (model.getProperties() == null) {
                return;
            }
            BeanDescription bean = _mapper.getSerializationConfig().introspect(type);
            JsonInclude.Include inclusion = bean.findPropertyInclusion(JsonInclude.Value.empty()).getValueInclusion();
            boolean omitsNulls = inclusion != null && inclusion != JsonInclude.Include.ALWAYS
                    && inclusion != JsonInclude.Include.USE_DEFAULTS;
            Set<String> written = new LinkedHashSet<>();
            for (BeanPropertyDefinition p : bean.findProperties()) {
                Schema<?> property = model.getProperties().get(p.getName());
                if (property == null || !p.couldSerialize()) {
                    continue;
                }
                if (p.getRawPrimaryType() == Object.class) {
                    property = new Schema<>().description(property.getDescription());
                    model.getProperties().put(p.getName(), property);
                }
                JavaType content = p.getPrimaryType().getContentType();
                if (content != null && content.getRawClass() == Object.class) {
                    // swagger-core inlines Map<String, Object> values and List<Object> items as objects
                    if (property.getAdditionalProperties() instanceof Schema) {
                        property.setAdditionalProperties(new Schema<>());
                    } else if (property.getItems() != null) {
                        property.setItems(new Schema<>());
                    }
                }
                if (!omitsNulls) {
                    written.add(p.getName());
                    if (!p.getRawPrimaryType().isPrimitive() && property.get$ref() == null) {
                        property.setNullable(true);
                    }
                }
            }
            alwaysWritten.put(name, written);
        }
    }

    /**
     * Writes the document of every JAX-RS resource class compiled into {@code classes} to
     * {@code out}: {@code main(out, classes, version)}. Run by the build, so the integration
     * tests can generate a client from exactly what the appliance serves.
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        String version = args.length > 2 ? args[2] : "0";
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, render(version, resources(Path.of(args[1]))), StandardCharsets.UTF_8);
    }

    /** The JAX-RS resource classes (those with {@code @Path}) compiled into {@code classes}. */
    static Set<Class<?>> resources(Path classes) throws IOException {
        Set<Class<?>> resources = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class")).sorted()::iterator) {
                String name = classes.relativize(file).toString().replace(java.io.File.separatorChar, '.');
                name = name.substring(0, name.length() - ".class".length());
                try {
                    Class<?> c = Class.forName(name, false, ApiDocument.class.getClassLoader());
                    if (c.isAnnotationPresent(javax.ws.rs.Path.class)) {
                        resources.add(c);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("cannot load " + name, e);
                }
            }
        }
        return resources;
    }
}
