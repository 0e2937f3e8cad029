package ai.elevare.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GlossaryTest {

  private static final List<String> SUBJECTS =
      List.of("math", "chemistry", "physics", "biology", "english");

  @Test
  void everySubjectHasAtLeastSixtyConcepts() {
    for (String subject : SUBJECTS) {
      List<KnowledgeDoc> entries = Glossary.load(subject);
      assertTrue(entries.size() >= 60, subject + " has " + entries.size() + " entries");
      Set<String> topics = new HashSet<>();
      for (KnowledgeDoc d : entries) {
        assertEquals(subject, d.subject());
        assertTrue(d.kind().glossary(), d.topic());
        assertTrue(topics.add(d.topic().toLowerCase(Locale.ROOT)), "duplicate topic " + d.topic());
        // a short, precise statement plus one explanatory sentence: a passage shown whole
        assertTrue(d.text().length() >= 40 && d.text().length() <= 420, d.topic());
        assertTrue(d.text().endsWith(".") || d.text().endsWith("\""), d.topic());
      }
    }
  }

  @Test
  void comparisonsNameWhatTheyCompareAndSetItSideBySide() {
    for (KnowledgeDoc d : Glossary.load(SUBJECTS)) {
      if (d.kind() == KnowledgeDoc.Kind.COMPARISON) {
        assertTrue(d.topic().contains(" and "), "a comparison names two things: " + d.topic());
      }
    }
  }

  @Test
  void theQuestionsLabelledOutsideTheMaterialStayOutside() {
    // the labelled set's "not in the material" cases must stay honest lows
    for (KnowledgeDoc d : Glossary.load(SUBJECTS)) {
      String t = (d.topic() + " " + d.text()).toLowerCase(Locale.ROOT);
      for (String absent : List.of("black hole", "doppler", "crispr", "vaccin", "hamlet", "heisenberg")) {
        assertFalse(t.contains(absent), d.topic() + " mentions " + absent);
      }
    }
  }

  @Test
  void aSubjectWithoutAFileHasNoEntries() {
    assertTrue(Glossary.load("astrology").isEmpty());
  }
}
