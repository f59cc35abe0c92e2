package io.parley.rest;

import io.parley.api.error.DomainException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure to the SPEC §0.2 error body, once, for all resources. */
final class ErrorMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    static int status(String code) {
        return switch (code) {
            case "MALFORMED" -> 400;
            case "UNAUTHENTICATED" -> 401;
            case "FORBIDDEN" -> 403;
            case "NOT_FOUND" -> 404;
            case "CONFLICT", "NO_CALLER_NUMBER" -> 409;
            case "INVALID" -> 422;
            case "MAIL_FAILED", "MAPPING_FAILED" -> 502;
            case ServiceMissingException.CODE -> 503;
            default -> 500;
        };
    }

    static Response response(int status, ErrorBody body) {
        Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        if (status == 401) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"parley\", Basic realm=\"parley\"");
        }
        if (status == 503) {
            // a bundle restart takes seconds
            r.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return r.build();
    }

    /** Domain failures: expected, logged without a stack trace. */
    static final class Domain implements ExceptionMapper<DomainException> {
        @Override
        public Response toResponse(DomainException e) {
            return response(status(e.code()), ErrorBody.of(e.code(), e.getMessage(), e.field()));
        }
    }

    /** JAX-RS's own failures: unknown path, wrong method, unsupported media type… */
    static final class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String code = switch (status) {
                case 404 -> "NOT_FOUND";
                case 405 -> "METHOD_NOT_ALLOWED";
                case 406 -> "NOT_ACCEPTABLE";
                case 415 -> "UNSUPPORTED_MEDIA_TYPE";
                default -> status < 500 ? "MALFORMED" : "INTERNAL";
            };
            String message = switch (status) {
                case 404 -> "no such resource";
                case 405 -> "method not allowed on this resource";
                case 415 -> "the request body must be application/json";
                default -> e.getMessage();
            };
            Response.ResponseBuilder r = Response.fromResponse(response(status, ErrorBody.of(code, message, null)));
            if (e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
                r.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
            }
            return r.build();
        }
    }

    /** Anything else is our bug: logged with its stack trace, answered without it. */
    static final class Unexpected implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            if (e instanceof DomainException d) {
                return new Domain().toResponse(d);
            }
            if (e instanceof WebApplicationException w) {
                return new Web().toResponse(w);
            }
            LOG.error("Unexpected failure serving a REST request", e);
            return response(500, ErrorBody.of("INTERNAL", "internal error; see the appliance log", null));
        }
    }
}
