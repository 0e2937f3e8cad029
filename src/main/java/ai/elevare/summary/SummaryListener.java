package ai.elevare.summary;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Who hears of a ready summary: the student's actor (topics and next steps steer their practice
 * and nudges). {@link SessionSummaryEntity} calls it after {@code SummaryReady} is stored and again,
 * with backoff, until the returned stage completes successfully, also after a restart of the node
 * (at least once; {@link SummaryFacts#summaryId()} lets the receiver drop repeats). A stage that
 * fails or does not complete within 10 s counts as not delivered.
 */
@FunctionalInterface
public interface SummaryListener {
  CompletionStage<Done> summaryReady(SummaryFacts facts);
}
