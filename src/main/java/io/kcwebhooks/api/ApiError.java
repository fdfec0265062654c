package io.kcwebhooks.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** An error answered as {@code {"error": "..."}}, so that clients never have to parse HTML. */
final class ApiError extends WebApplicationException {

  private ApiError(Response.Status status, String message) {
    super(
        message,
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(Map.of("error", message))
            .build());
  }

  static ApiError badRequest(String message) {
    return new ApiError(Response.Status.BAD_REQUEST, message);
  }

  static ApiError unauthorized() {
    return new ApiError(Response.Status.UNAUTHORIZED, "a valid bearer token is required");
  }

  static ApiError forbidden(String message) {
    return new ApiError(Response.Status.FORBIDDEN, message);
  }

  static ApiError notFound(String message) {
    return new ApiError(Response.Status.NOT_FOUND, message);
  }
}
