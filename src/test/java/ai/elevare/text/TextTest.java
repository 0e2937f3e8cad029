package ai.elevare.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void recurringTermsAreTheTermsOnceWorkedOutAndCannotBeChanged() {
    String note = "Balancing equations: the reactions of gases conserve atoms on both sides.";
    List<String> first = Text.recurringTerms(note);
    assertEquals(Text.terms(note), first);
    assertTrue(first.contains("gas"), first.toString());
    assertSame(first, Text.recurringTerms(note), "worked out once");
    assertThrows(UnsupportedOperationException.class, () -> first.add("x"));
    assertEquals(List.of(), Text.recurringTerms(null));
    assertEquals(List.of(), Text.recurringTerms(""));
  }
}
