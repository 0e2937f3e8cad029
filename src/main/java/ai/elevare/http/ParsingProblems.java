package ai.elevare.http;

import java.util.List;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Requests pekko-http refuses before any route sees them (a URI over 2048 characters: 414, headers
 * too large: 431, a malformed request line: 400) get application/problem+json like every other
 * error, instead of pekko's text/plain. Only the error's summary is shown: its detail may echo the
 * request.
 */
public final class ParsingProblems extends ParsingErrorHandler {
  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.debug("Refused while parsing: {} {}", status.intValue(), info.summary());
    return Problems.of(status.intValue(), status.reason(), info.summary(), List.of());
  }
}
