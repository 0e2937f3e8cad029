package ai.elevare.ai;

import ai.elevare.text.MathText;
import ai.elevare.text.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local provider's summaries: picks the sentences of a transcript that share the most frequent
 * content words with the rest of it (a TF centrality score, lightly favouring earlier sentences)
 * and returns them in their original order as one paragraph. No sentence is invented.
 */
public final class ExtractiveSummarizer {

  private ExtractiveSummarizer() {}

  public static String summarize(String transcript, int maxSentences) {
    List<String> sentences = new ArrayList<>();
    for (String s : Text.sentences(transcript)) {
      // speaker labels ("Tutor:") carry no content
      String clean = s.replaceFirst("^[A-Za-z ]{1,20}:\\s+", "").strip();
      if (Text.terms(clean).size() >= 3) {
        sentences.add(clean);
      }
    }
    if (sentences.isEmpty()) {
      return "";
    }
    Map<String, Integer> freq = new HashMap<>();
    for (String s : sentences) {
      for (String t : new HashSet<>(Text.terms(s))) {
        freq.merge(t, 1, Integer::sum);
      }
    }
    double[] score = new double[sentences.size()];
    for (int i = 0; i < sentences.size(); i++) {
      Set<String> terms = new HashSet<>(Text.terms(sentences.get(i)));
      double sum = 0;
      for (String t : terms) {
        sum += freq.get(t) - 1; // words only this sentence uses say nothing about the whole
      }
      score[i] = sum / Math.sqrt(terms.size()) * (1.0 - 0.2 * i / sentences.size());
    }
    int k = Math.min(maxSentences, sentences.size());
    boolean[] pick = new boolean[sentences.size()];
    for (int n = 0; n < k; n++) {
      int best = -1;
      for (int i = 0; i < score.length; i++) {
        if (!pick[i] && (best < 0 || score[i] > score[best])) {
          best = i;
        }
      }
      pick[best] = true;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < sentences.size(); i++) {
      if (pick[i]) {
        String s = sentences.get(i);
        out.append(out.length() == 0 ? "" : " ").append(s);
        if (!s.endsWith(".") && !s.endsWith("!") && !s.endsWith("?")) {
          out.append('.');
        }
      }
    }
    return out.toString();
  }
}
