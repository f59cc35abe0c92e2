package io.parley.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error body of SPEC §0.2: {@code {"error":{"code","message","field"}}}. */
public record ErrorBody(Detail error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @io.swagger.v3.oas.annotations.media.Schema(name = "ErrorDetail")
    public record Detail(String code, String message, String field) {
    }

    static ErrorBody of(String code, String message, String field) {
        return new ErrorBody(new Detail(code, message, field));
    }
}
