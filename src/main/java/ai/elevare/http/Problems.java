package ai.elevare.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** Builds application/problem+json responses (RFC 9457). Never carries a stack trace or SQL. */
public final class Problems {
  public static final ContentType.NonBinary PROBLEM_JSON =
      MediaTypes.applicationWithFixedCharset("problem+json", org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8)
          .toContentType();
  public static final ContentType.NonBinary JSON = ContentTypes.APPLICATION_JSON;

  private Problems() {}

  public static HttpResponse of(ApiException e, HttpHeader... headers) {
    HttpResponse r = of(e.status(), e.title(), e.getMessage(), e.errors(), headers);
    if (e.retryAfterSeconds() > 0) {
      r = r.addHeader(org.apache.pekko.http.javadsl.model.headers.RawHeader.create(
          "Retry-After", String.valueOf(e.retryAfterSeconds())));
    }
    return r;
  }

  public static HttpResponse of(
      int status, String title, String detail, List<ApiException.FieldError> errors, HttpHeader... headers) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "https://elevare.ai/problems/" + slug(title));
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    if (errors != null && !errors.isEmpty()) body.put("errors", errors);
    return HttpResponse.create()
        .withStatus(StatusCodes.get(status))
        .withEntity(HttpEntities.create(PROBLEM_JSON, Json.write(body)))
        .addHeaders(List.of(headers));
  }

  private static String slug(String title) {
    return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}
