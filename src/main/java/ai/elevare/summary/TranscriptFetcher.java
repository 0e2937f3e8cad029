package ai.elevare.summary;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches a transcript from a {@code transcript_url}, refusing anything that could turn the webhook
 * into a way to read internal services (SSRF): https only, hosts on the allow-list only, every
 * address a name resolves to must be public, redirects are followed by hand and every hop is
 * checked again, the body is capped in size and the whole fetch in time. Blocking: callers run it
 * on the blocking executor.
 *
 * <p>Residual risk: the HTTP client resolves the name again when it connects, so a DNS server that
 * answers differently within milliseconds could still steer it; list names you control.
 */
public final class TranscriptFetcher {

  /** Resolves a host name to its addresses; tests give names of their own. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** A refusal or failure with the reason the summary shows. */
  public static final class FetchException extends Exception {
    private final boolean retryable;

    public FetchException(String reason, boolean retryable) {
      super(reason, null, false, false);
      this.retryable = retryable;
    }

    /** Network trouble and 5xx/429 may pass; a refused URL or a 404 will not. */
    public boolean retryable() {
      return retryable;
    }
  }

  private final SummarySettings settings;
  private final Resolver resolver;
  private final HttpClient client;

  public TranscriptFetcher(SummarySettings settings) {
    this(settings, InetAddress::getAllByName);
  }

  public TranscriptFetcher(SummarySettings settings, Resolver resolver) {
    this.settings = settings;
    this.resolver = resolver;
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.transcriptTimeout())
            .build();
  }

  /** The transcript text behind {@code url}, following at most the configured redirects. */
  public String fetch(String url) throws FetchException {
    long deadline = System.nanoTime() + settings.transcriptTimeout().toNanos();
    URI uri = parse(url);
    for (int hop = 0; ; hop++) {
      check(uri);
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new FetchException("fetching the transcript took longer than " + settings.transcriptTimeout().toSeconds() + " s", true);
      }
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(java.time.Duration.ofNanos(left))
              .header("Accept", "text/plain, text/*;q=0.9")
              .GET()
              .build();
      HttpResponse<InputStream> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpTimeoutException e) {
        throw new FetchException("the transcript URL did not answer in time", true);
      } catch (IOException e) {
        throw new FetchException("the transcript URL could not be reached: " + e.getClass().getSimpleName(), true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FetchException("interrupted while fetching the transcript", true);
      }
      int status = response.statusCode();
      if (status >= 300 && status < 400) {
        close(response);
        Optional<String> location = response.headers().firstValue("Location");
        if (location.isEmpty()) {
          throw new FetchException("the transcript URL redirected without a Location", false);
        }
        if (hop >= settings.transcriptMaxRedirects()) {
          throw new FetchException("the transcript URL redirected more than " + settings.transcriptMaxRedirects() + " times", false);
        }
        try {
          uri = uri.resolve(new URI(location.get().trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
          throw new FetchException("the transcript URL redirected to an invalid URL", false);
        }
        continue;
      }
      if (status != 200) {
        close(response);
        throw new FetchException("the transcript URL answered HTTP " + status, status == 429 || status >= 500);
      }
      return read(response);
    }
  }

  static URI parse(String url) throws FetchException {
    try {
      URI uri = new URI(url.trim());
      if (uri.getScheme() == null) {
        throw new FetchException("transcript_url is not an absolute URL", false);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new FetchException("transcript_url is not a valid URL", false);
    }
  }

  /** Refuses a URL this node must not fetch; the message names why. */
  void check(URI uri) throws FetchException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new FetchException("the transcript URL scheme \"" + scheme + "\" is not allowed (https only)", false);
    }
    if (host == null || host.isEmpty()) {
      throw new FetchException("the transcript URL has no host", false);
    }
    if (uri.getUserInfo() != null) {
      throw new FetchException("the transcript URL must not carry credentials", false);
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    Optional<InetAddress> literal = literal(host);
    if (literal.isPresent()) {
      InetAddress a = literal.get();
      // an address literal is fetched only when listed itself; its class names the refusal
      if (!listed(host) && !listed(a.getHostAddress())) {
        String kind = kind(a);
        throw new FetchException(
            (kind == null ? "address " : kind + " address ") + a.getHostAddress() + " is not on the transcript allow-list", false);
      }
      if (scheme.equals("http") && !(settings.allowPlainHttpLoopback() && a.isLoopbackAddress())) {
        throw new FetchException("plain http is not allowed for transcripts (https only)", false);
      }
      return;
    }
    if (scheme.equals("http")) {
      throw new FetchException("plain http is not allowed for transcripts (https only)", false);
    }
    if (!listed(host)) {
      throw new FetchException("host " + host + " is not on the transcript allow-list", false);
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new FetchException("host " + host + " does not resolve", true);
    }
    for (InetAddress a : addresses) {
      String kind = kind(a);
      // a listed name must not lead inside: every address is checked, not just the first
      if (kind != null && !listed(a.getHostAddress())) {
        throw new FetchException("host " + host + " resolves to the " + kind + " address " + a.getHostAddress(), false);
      }
    }
  }

  private boolean listed(String host) {
    for (String entry : settings.transcriptHosts()) {
      String e = entry.toLowerCase(Locale.ROOT);
      if (e.startsWith("*.") ? host.endsWith(e.substring(1)) : host.equals(e)) {
        return true;
      }
    }
    return false;
  }

  /** The address when {@code host} is an IPv4 or IPv6 literal (no lookup happens). */
  static Optional<InetAddress> literal(String host) {
    boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = host.contains(":") && host.matches("[0-9a-f:.%]+");
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(host)); // a literal: parsed, not resolved
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** "loopback", "private", "link-local", ... for an address that is not public; null if public. */
  static String kind(InetAddress a) {
    if (a.isLoopbackAddress()) return "loopback";
    if (a.isLinkLocalAddress()) return "link-local";
    if (a.isSiteLocalAddress()) return "private";
    if (a.isAnyLocalAddress()) return "unspecified";
    if (a.isMulticastAddress()) return "multicast";
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      if (b0 == 0) return "unspecified";
      if (b0 == 100 && b1 >= 64 && b1 < 128) return "private"; // carrier-grade NAT
      if (b0 == 198 && (b1 == 18 || b1 == 19)) return "private"; // benchmarking
      if (b0 >= 240) return "reserved";
    }
    if (a instanceof Inet6Address) {
      int b0 = b[0] & 0xff;
      if ((b0 & 0xfe) == 0xfc) return "private"; // unique local fc00::/7
      if (isMappedOrCompatV4(b)) {
        try {
          return kind(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException e) {
          return "reserved";
        }
      }
    }
    return null;
  }

  private static boolean isMappedOrCompatV4(byte[] b) {
    for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
    return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
  }

  private String read(HttpResponse<InputStream> response) throws FetchException {
    long max = settings.transcriptMaxBytes();
    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > max) {
      close(response);
      throw new FetchException("the transcript is larger than " + max + " bytes", false);
    }
    String type = response.headers().firstValue("Content-Type").orElse("text/plain").toLowerCase(Locale.ROOT);
    if (!type.startsWith("text/")) {
      close(response);
      throw new FetchException("the transcript must be text, not " + type.split(";")[0].trim(), false);
    }
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > max) {
        throw new FetchException("the transcript is larger than " + max + " bytes", false);
      }
      return new String(bytes, charset(type));
    } catch (IOException e) {
      throw new FetchException("reading the transcript failed: " + e.getClass().getSimpleName(), true);
    }
  }

  private static Charset charset(String contentType) {
    for (String part : contentType.split(";")) {
      String p = part.trim();
      if (p.startsWith("charset=")) {
        try {
          return Charset.forName(p.substring(8).replace("\"", ""));
        } catch (RuntimeException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // the connection is discarded either way
    }
  }
}
