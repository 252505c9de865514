package io.millwright.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}).
 *
 * @param type a URI identifying the kind of problem; see {@link ProblemType}
 * @param title the short, fixed summary of the type
 * @param status the HTTP status code, repeated for clients that only see the body
 * @param detail what went wrong with this request, in words an operator can act on
 * @param instance the request path the problem occurred on
 * @param field for invalid input: the offending field (JSON path or query parameter), if known
 * @param errors for invalid input: each offending field with its own detail
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type, String title, int status, String detail, String instance, String field, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field of a request. */
    public record FieldError(String field, String detail) {}

    static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, null, null);
    }

    static Problem invalid(String field, String detail, String instance) {
        ProblemType type = ProblemType.INVALID_INPUT;
        List<FieldError> errors = field == null ? null : List.of(new FieldError(field, detail));
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, field, errors);
    }
}
