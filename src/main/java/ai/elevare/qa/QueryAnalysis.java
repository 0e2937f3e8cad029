package ai.elevare.qa;

import ai.elevare.core.CborSerializable;
import java.util.List;

/**
 * What {@link QueryAnalyzer} found out about a question before anyone answers it.
 *
 * @param subject the platform subject it is about, or null when none could be told
 * @param ambiguous it can be read several ways or asks nothing specific ("how does it work?")
 * @param outOfScope not about the platform's subjects, or not a study question at all
 * @param clarity query clarity for the confidence formula, 0..1
 * @param reasons short notes on what lowered the clarity, for logs and tutors
 */
public record QueryAnalysis(
    String subject, boolean ambiguous, boolean outOfScope, double clarity, List<String> reasons)
    implements CborSerializable {}
