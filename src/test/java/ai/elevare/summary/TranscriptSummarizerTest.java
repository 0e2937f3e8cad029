package ai.elevare.summary;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.ai.BankCorpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The local summarizer on the fixture transcripts and on the shapes real transcripts take. */
class TranscriptSummarizerTest {
  private static final TranscriptSummarizer SUMMARIZER =
      new TranscriptSummarizer(DomainVocabulary.build(BankCorpus.load()));

  static String fixture(String name) {
    try (InputStream in = TranscriptSummarizerTest.class.getResourceAsStream("/summaries/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Topic words each fixture is about, and words its tutor's closing instructions use. */
  @ParameterizedTest
  @CsvSource({
    "chemistry-limiting-reactant.txt, chemistry, limiting reactant|percent yield|mole, problems 12 through 18",
    "math-quadratics.txt, math, factor|quadratic|zero product|leading coefficient|grouping, odd problems",
    "english-thesis-statements.txt, english, thesis|body paragraph|evidence|green light|american dream, revise your thesis"
  })
  void fixturesGiveTopicsProseAndNextSteps(String file, String subject, String topicWords, String step) {
    SummaryContent c = SUMMARIZER.summarize(subject, fixture(file));
    System.out.println(file + "\n" + c.narrative() + "\nTOPICS " + c.keyTopics() + "\nSTEPS " + c.nextSteps() + "\n");
    String topics = String.join(" | ", c.keyTopics()).toLowerCase(Locale.ROOT);
    int found = 0;
    for (String w : topicWords.split("\\|")) if (topics.contains(w)) found++;
    assertTrue(found >= 2, "topics " + c.keyTopics() + " should name at least two of " + topicWords);
    assertTrue(c.keyTopics().size() >= 3 && c.keyTopics().size() <= 5, c.keyTopics().toString());
    assertProse(c.narrative());
    assertFalse(c.nextSteps().isEmpty());
    assertTrue(
        c.nextSteps().stream().anyMatch(s -> s.toLowerCase(Locale.ROOT).contains(step)),
        "next steps " + c.nextSteps() + " should hold the tutor's '" + step + "'");
    for (String s : c.nextSteps()) {
      assertTrue(Character.isUpperCase(s.charAt(0)) && s.endsWith("."), s);
      assertFalse(s.toLowerCase(Locale.ROOT).startsWith("for next time"), s);
    }
  }

  static void assertProse(String narrative) {
    String[] paragraphs = narrative.split("\n\n");
    assertTrue(paragraphs.length >= 3, "a few paragraphs: " + narrative);
    for (String p : paragraphs) {
      assertFalse(p.contains("\n"), "a paragraph is one block of prose: " + p);
      assertFalse(p.matches("(?s)^\\s*(?:[-*•]|\\d+[.)])\\s.*"), "no bullets: " + p);
      assertTrue(p.endsWith(".") || p.endsWith("”"), "ends as a sentence: " + p);
      assertTrue(p.split("\\s+").length >= 8, "a real paragraph: " + p);
    }
  }

  @Test
  void speakersWithoutRoleWordsAndUnlabelledLinesAreUnderstood() {
    String t =
        """
        Ms. Rivera: Today we are going to work on photosynthesis and the light reactions in the chloroplast.
        Sam: Okay.
        Ms. Rivera: The light reactions happen in the thylakoid membrane and they make ATP and NADPH.
        The Calvin cycle then uses that ATP and NADPH to fix carbon dioxide into sugar.
        Sam: So the Calvin cycle needs the light reactions first?
        Ms. Rivera: Exactly, the Calvin cycle depends on the ATP and NADPH from the light reactions.
        Sam: I always forget where the Calvin cycle happens.
        Ms. Rivera: It happens in the stroma, around the thylakoids.
        Sam: Oh I see, stroma for the Calvin cycle and thylakoid for the light reactions.
        Ms. Rivera: For next time, review the diagram of the chloroplast and label the thylakoid and the stroma.
        """;
    SummaryContent c = SUMMARIZER.summarize("biology", t);
    String topics = String.join(" ", c.keyTopics()).toLowerCase(Locale.ROOT);
    assertTrue(topics.contains("calvin cycle") || topics.contains("light reactions"), c.keyTopics().toString());
    assertTrue(c.narrative().contains("The tutor"), c.narrative());
    assertTrue(c.narrative().contains("I always forget where the Calvin cycle happens"), "the student's difficulty: " + c.narrative());
    assertEquals(List.of("Review the diagram of the chloroplast and label the thylakoid and the stroma."), c.nextSteps());
  }

  @Test
  void otterStyleExportsWithNumberedSpeakersAreRead() {
    String t =
        """
        Speaker 1  0:02
        Today we will review Newton's second law and free body diagrams for the test.

        Speaker 2  0:09
        Okay, I always forget which forces go on the free body diagram.

        Speaker 1  0:15
        Draw every force acting on the object: weight, the normal force, friction and any applied force.
        The net force equals mass times acceleration, so add the forces as vectors before you use Newton's second law.

        Speaker 2  0:40
        So on a ramp the normal force is not equal to the weight?

        Speaker 1  0:46
        Exactly, on a ramp the normal force balances only the perpendicular part of the weight.
        For next time, draw free body diagrams for problems 3 to 8 and label every force.
        """;
    SummaryContent c = SUMMARIZER.summarize("physics", t);
    String topics = String.join(" ", c.keyTopics()).toLowerCase(Locale.ROOT);
    assertTrue(topics.contains("free body diagram") || topics.contains("normal force"), c.keyTopics().toString());
    assertTrue(c.narrative().contains("I always forget which forces go on the free body diagram"), c.narrative());
    assertEquals(List.of("Draw free body diagrams for problems 3 to 8 and label every force."), c.nextSteps());
  }

  @Test
  void instructionsBecomeImperatives() {
    assertEquals("Try problems 4 to 10 on page 212.", TranscriptSummarizer.imperative("So for next time, I want you to try problems 4 to 10 on page 212."));
    assertEquals("Review chapter 3 before the quiz.", TranscriptSummarizer.imperative("Okay, can you review chapter 3 before the quiz?"));
    assertEquals("Your homework is problems 4 to 10.", TranscriptSummarizer.imperative("Your homework is problems 4 to 10."));
  }

  @Test
  void tooLittleToSummariseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> SUMMARIZER.summarize("math", "Tutor: Hi.\nStudent: Hi."));
    assertThrows(IllegalArgumentException.class, () -> SUMMARIZER.summarize("math", ""));
  }
}
