package ai.elevare.summary;

/**
 * Where a session's transcript comes from: the delivery's own text, kept in the deliveries table,
 * or its transcript_url, fetched under the fetcher's rules. Blocking: run on the blocking executor.
 */
@FunctionalInterface
public interface TranscriptSource {

  String load(String sessionId, String transcriptUrl) throws TranscriptFetcher.FetchException;

  /** The production source over the deliveries table and the fetcher. */
  static TranscriptSource of(Deliveries deliveries, TranscriptFetcher fetcher) {
    return (sessionId, url) -> {
      if (url != null) {
        return fetcher.fetch(url);
      }
      return deliveries
          .transcript(sessionId)
          .orElseThrow(() -> new TranscriptFetcher.FetchException("the delivery's transcript is missing", false));
    };
  }
}
