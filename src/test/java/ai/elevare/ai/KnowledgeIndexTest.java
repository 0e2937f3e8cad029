package ai.elevare.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnowledgeIndexTest {

  private static final KnowledgeIndex INDEX =
      KnowledgeIndex.build(
          List.of(
              new KnowledgeDoc(
                  "c1",
                  "chemistry",
                  "bonding",
                  "A covalent bond is a shared pair of electrons between two atoms."),
              new KnowledgeDoc(
                  "c2",
                  "chemistry",
                  "bonding",
                  "Ionic bonds form when electrons are transferred and ions attract."),
              new KnowledgeDoc(
                  "p1",
                  "physics",
                  "forces",
                  "Newton's second law: the force equals mass times acceleration."),
              new KnowledgeDoc(
                  "b1",
                  "biology",
                  "cells",
                  "Mitochondria release energy from glucose by respiration in cells.")));

  @Test
  void ranksTheDocumentThatSharesTheRarestTermsFirst() {
    List<KnowledgeIndex.Hit> hits = INDEX.search("what is a covalent bond?", null, 3);
    assertEquals("c1", hits.get(0).doc().id());
    assertEquals(1.0, hits.get(0).coverage(), 1e-9);
    assertTrue(hits.get(0).score() > hits.get(1).score());
  }

  @Test
  void coverageDropsWhenWordsOfTheQuestionAreMissing() {
    KnowledgeIndex.Hit top =
        INDEX.search("covalent bond in quantum chromodynamics", null, 1).get(0);
    assertEquals("c1", top.doc().id());
    assertTrue(top.coverage() < 0.5, "coverage " + top.coverage());
  }

  @Test
  void inflectionsMeet() {
    assertEquals("b1", INDEX.search("how does a cell respire glucose", null, 1).get(0).doc().id());
    assertEquals("c2", INDEX.search("transferring electron ionic", null, 1).get(0).doc().id());
  }

  @Test
  void documentsOfAnotherSubjectScoreHalf() {
    double same = INDEX.search("energy", "biology", 1).get(0).score();
    double other = INDEX.search("energy", "physics", 1).get(0).score();
    assertEquals(same / 2, other, 1e-9);
  }

  @Test
  void extraDocumentsTakePartInTheSearch() {
    KnowledgeDoc summary =
        new KnowledgeDoc("s", null, "your tutoring session", "We practised the quadratic formula.");
    List<KnowledgeIndex.Hit> hits =
        INDEX.search(KnowledgeIndex.weights("quadratic formula", 1.0), null, 2, List.of(summary));
    assertEquals("s", hits.get(0).doc().id());
    assertTrue(INDEX.search(Map.of(), null, 3, List.of(summary)).isEmpty());
    assertTrue(INDEX.search("quadratic", null, 3).isEmpty());
  }
}
