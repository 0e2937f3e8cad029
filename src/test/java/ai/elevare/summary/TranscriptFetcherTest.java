package ai.elevare.summary;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fetcher's refusals without a network: names resolve through a table, so a listed name that
 * points inside (DNS rebinding, a misconfigured record) can be tested.
 */
class TranscriptFetcherTest {
  private static final Map<String, String[]> DNS =
      Map.of(
          "files.example.org", new String[] {"93.184.216.34"},
          "mixed.example.org", new String[] {"93.184.216.34", "10.1.2.3"},
          "metadata.example.org", new String[] {"169.254.169.254"},
          "v6.example.org", new String[] {"::ffff:127.0.0.1"},
          "ula.example.org", new String[] {"fd12:3456::1"},
          "cgnat.example.org", new String[] {"100.64.0.1"});

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String[] a = DNS.get(host);
    if (a == null) throw new UnknownHostException(host);
    InetAddress[] out = new InetAddress[a.length];
    for (int i = 0; i < a.length; i++) out[i] = InetAddress.getByName(a[i]);
    return out;
  }

  private static TranscriptFetcher fetcher(List<String> hosts, boolean plainLoopback) {
    SummarySettings base = SessionSummaryEntityTest.SETTINGS;
    return new TranscriptFetcher(
        new SummarySettings("s", base.timestampTolerance(), hosts, 1024, Duration.ofSeconds(2), 2, plainLoopback, 3,
            base.retryMinBackoff(), base.retryMaxBackoff(), base.deliveryMinBackoff(), base.deliveryMaxBackoff(),
            base.resumeInterval(), 2, 100),
        TranscriptFetcherTest::resolve);
  }

  private static String refusal(TranscriptFetcher f, String url) {
    try {
      f.check(URI.create(url));
      return null;
    } catch (TranscriptFetcher.FetchException e) {
      assertFalse(e.retryable(), "a refusal is final: " + e.getMessage());
      return e.getMessage();
    }
  }

  @Test
  void listedPublicHostsPass() {
    TranscriptFetcher f = fetcher(List.of("*.example.org", "127.0.0.1"), true);
    assertNull(refusal(f, "https://files.example.org/t.txt"));
    assertNull(refusal(f, "http://127.0.0.1:8080/t.txt"), "plain http to a listed loopback address, in tests");
  }

  @Test
  void namesThatLeadInsideAreRefusedWhateverTheirOtherAddresses() {
    TranscriptFetcher f = fetcher(List.of("*.example.org"), false);
    assertTrue(refusal(f, "https://mixed.example.org/t").contains("private address 10.1.2.3"));
    assertTrue(refusal(f, "https://metadata.example.org/").contains("link-local address 169.254.169.254"));
    assertTrue(refusal(f, "https://v6.example.org/").contains("loopback"), "IPv4-mapped IPv6");
    assertTrue(refusal(f, "https://ula.example.org/").contains("private"));
    assertTrue(refusal(f, "https://cgnat.example.org/").contains("private"));
  }

  @Test
  void schemesHostsAndLiteralsOffTheListAreRefused() {
    TranscriptFetcher f = fetcher(List.of("files.example.org"), false);
    assertTrue(refusal(f, "file:///etc/passwd").contains("scheme \"file\""));
    assertTrue(refusal(f, "gopher://files.example.org/").contains("scheme"));
    assertTrue(refusal(f, "http://files.example.org/t").contains("https only"));
    assertTrue(refusal(f, "https://other.example.org/t").contains("not on the transcript allow-list"));
    assertTrue(refusal(f, "https://user:pw@files.example.org/t").contains("credentials"));
    assertTrue(refusal(f, "https://169.254.169.254/latest").contains("link-local address 169.254.169.254"));
    assertTrue(refusal(f, "https://127.0.0.1/").contains("loopback"));
    assertTrue(refusal(f, "https://[::1]/").contains("loopback"));
    assertTrue(refusal(f, "https://192.168.0.10/").contains("private"));
    assertTrue(refusal(f, "https://0.0.0.0/").contains("unspecified"));
    TranscriptFetcher noPlain = fetcher(List.of("127.0.0.1"), false);
    assertTrue(refusal(noPlain, "http://127.0.0.1:8080/t").contains("https only"), "plain http only with the test setting");
  }
}
