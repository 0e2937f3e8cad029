package ai.elevare.http;

import static org.junit.Assert.*;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.JUnitRouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.Test;

/** CORS only for configured origins, HSTS only when switched on; the client address rule. */
public class SecurityHeadersTest extends JUnitRouteTest {
  private Route api(SecurityHeaders.Settings settings) {
    return new SecurityHeaders(settings).wrap(path("me", () -> get(() -> complete("ok"))));
  }

  private static final SecurityHeaders.Settings APP =
      new SecurityHeaders.Settings(Set.of("https://app.example"), true, Duration.ofDays(365));

  @Test
  public void byDefaultNoOriginGetsCorsAndNoHsts() {
    TestRouteResult r =
        testRoute(api(SecurityHeaders.Settings.NONE))
            .run(HttpRequest.GET("/me").addHeader(RawHeader.create("Origin", "https://app.example")));
    r.assertStatusCode(200);
    assertFalse(r.response().getHeader("Access-Control-Allow-Origin").isPresent());
    assertFalse(r.response().getHeader("Strict-Transport-Security").isPresent());
    TestRouteResult pre = testRoute(api(SecurityHeaders.Settings.NONE)).run(preflight("https://app.example"));
    pre.assertStatusCode(403);
    pre.assertMediaType("application/problem+json");
  }

  @Test
  public void aConfiguredOriginGetsCors() {
    TestRouteResult r =
        testRoute(api(APP)).run(HttpRequest.GET("/me").addHeader(RawHeader.create("Origin", "https://app.example")));
    r.assertStatusCode(200);
    r.assertHeaderExists("Access-Control-Allow-Origin", "https://app.example");
    r.assertHeaderExists("Vary", "Origin");
    TestRouteResult pre = testRoute(api(APP)).run(preflight("https://app.example"));
    pre.assertStatusCode(StatusCodes.NO_CONTENT);
    pre.assertHeaderExists("Access-Control-Allow-Origin", "https://app.example");
    assertTrue(pre.response().getHeader("Access-Control-Allow-Headers").get().value().contains("Authorization"));
  }

  @Test
  public void anotherOriginGetsNone() {
    TestRouteResult r =
        testRoute(api(APP)).run(HttpRequest.GET("/me").addHeader(RawHeader.create("Origin", "https://evil.example")));
    r.assertStatusCode(200);
    assertFalse(r.response().getHeader("Access-Control-Allow-Origin").isPresent());
    testRoute(api(APP)).run(preflight("https://evil.example")).assertStatusCode(403);
    // Same origin: no Origin header, no CORS headers needed.
    assertFalse(testRoute(api(APP)).run(HttpRequest.GET("/me")).response().getHeader("Access-Control-Allow-Origin").isPresent());
  }

  @Test
  public void hstsWhenSwitchedOn() {
    TestRouteResult r = testRoute(api(APP)).run(HttpRequest.GET("/me"));
    r.assertHeaderExists("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    // on refusals too
    testRoute(api(APP)).run(preflight("https://evil.example"))
        .assertHeaderExists("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }

  private static HttpRequest preflight(String origin) {
    return HttpRequest.create("/me")
        .withMethod(HttpMethods.OPTIONS)
        .addHeader(RawHeader.create("Origin", origin))
        .addHeader(RawHeader.create("Access-Control-Request-Method", "POST"));
  }

  @Test
  public void theClientAddressCountsTrustedProxiesFromTheRight() throws Exception {
    HttpRequest req =
        HttpRequest.GET("/")
            .withHeaders(java.util.List.of(
                RawHeader.create("X-Forwarded-For", "6.6.6.6, 1.1.1.1"), RawHeader.create("X-Forwarded-For", "2.2.2.2")))
            .addAttribute(AttributeKeys.remoteAddress, RemoteAddress.create(InetAddress.getByName("10.0.0.9")));
    assertEquals("10.0.0.9", ApiSupport.clientAddress(req, 0));
    assertEquals("2.2.2.2", ApiSupport.clientAddress(req, 1));
    assertEquals("1.1.1.1", ApiSupport.clientAddress(req, 2));
    assertEquals("6.6.6.6", ApiSupport.clientAddress(req, 3));
    // Fewer entries than proxies: the request did not come through them; the connection counts.
    assertEquals("10.0.0.9", ApiSupport.clientAddress(req, 4));
    HttpRequest bare = HttpRequest.GET("/").addAttribute(AttributeKeys.remoteAddress, RemoteAddress.create(InetAddress.getByName("10.0.0.9")));
    assertEquals("10.0.0.9", ApiSupport.clientAddress(bare, 1));
  }
}
