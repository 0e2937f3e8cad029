package ai.elevare.ai;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The study glossary: per subject, concepts written for secondary-school students, in
 * {@code ai/glossary/<subject>.tsv} on the classpath. One entry a line, {@code term<TAB>kind<TAB>text}
 * where kind is definition, comparison or cause, and text a short, precise statement plus one
 * explanatory sentence or example; lines starting with # are comments. The local provider answers
 * from these entries beside the bank's explanations, so questions the bank never explains ("Why does
 * ice float on water?") still get an answer without an AI key. The local practice writer asks the
 * definitions as multiple-choice items ({@code practice.generated.GlossaryItems}, with each entry's
 * topic and level in {@code ai/glossary/practice-levels.tsv}).
 */
public final class Glossary {

  static final String FOLDER = "ai/glossary/";

  private Glossary() {}

  /** The entries of every subject in {@code subjects} that has a glossary file. */
  public static List<KnowledgeDoc> load(Collection<String> subjects) {
    List<KnowledgeDoc> out = new ArrayList<>();
    for (String subject : subjects) {
      out.addAll(load(subject));
    }
    return out;
  }

  /** One subject's entries; none when it has no glossary file. */
  public static List<KnowledgeDoc> load(String subject) {
    String resource = FOLDER + subject + ".tsv";
    String tsv;
    try (InputStream in = Glossary.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return List.of();
      }
      tsv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<KnowledgeDoc> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : tsv.split("\n")) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length != 3 || f[0].isBlank() || f[2].isBlank()) {
        throw new IllegalStateException(resource + ":" + lineNo + ": want term, kind and text");
      }
      KnowledgeDoc.Kind kind = KnowledgeDoc.Kind.valueOf(f[1].strip().toUpperCase(Locale.ROOT));
      if (!kind.glossary()) {
        throw new IllegalStateException(resource + ":" + lineNo + ": unknown kind " + f[1]);
      }
      out.add(
          new KnowledgeDoc(
              "glossary-" + subject + "-" + out.size(), subject, f[0].strip(), f[2].strip(), kind));
    }
    return List.copyOf(out);
  }
}
