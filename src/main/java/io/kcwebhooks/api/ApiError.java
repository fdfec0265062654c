package io.kcwebhooks.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * An error answered as {@code {"error": "..."}}, so that clients never have to parse HTML. Thrown
 * from realm imports too, where the message is what the log shows.
 */
final class ApiError extends WebApplicationException {

  private ApiError(Response.ResponseBuilder response, String message) {
    super(
        message,
        response.type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build());
  }

  private ApiError(Response.Status status, String message) {
    this(Response.status(status), message);
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

  static ApiError conflict(String message) {
    return new ApiError(Response.Status.CONFLICT, message);
  }

  static ApiError tooManyRequests(String message, long retryAfterSeconds) {
    return new ApiError(
        Response.status(Response.Status.TOO_MANY_REQUESTS)
            .header("Retry-After", Long.toString(retryAfterSeconds)),
        message);
  }
}
