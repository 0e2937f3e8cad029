package ai.elevare.practice.generated;

import ai.elevare.ai.Glossary;
import ai.elevare.ai.KnowledgeDoc;
import ai.elevare.practice.BankItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local writer's second source: new multiple-choice items written from the study glossary
 * ({@link Glossary}), so subjects with few calculations (biology, English) get more than rewordings.
 * The writer grades them itself because it chose the options: the right one is the glossary's own
 * pairing of a term and its definition, the three others are other terms of the subject.
 *
 * <p>A definition entry is asked only when its first sentence has the shape "(A|An|The) term is|are
 * clue", so the clue can stand alone, and the clue names neither the term nor another of its names.
 * Two directions: "Which term means: clue?" with terms as options, and "What does term mean?" with
 * clues as options. Each entry's topic and level come from {@value #RESOURCE}.
 */
public final class GlossaryItems {
  static final String RESOURCE = "ai/glossary/practice-levels.tsv";

  /** The end of a sentence: a full stop (or one closing a quotation) and a space. */
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?]|[.!?][\"”])\\s+");

  /** "(A|An|The) subject[, or other name,] is|are clue". */
  private static final Pattern COPULA =
      Pattern.compile("^(?:(?:A|An|The)\\s+)?(.+?)(?:,\\s*or\\s+[^,]+,)?\\s+(?:is|are)\\s+(.+)$");

  private static final Map<String, Options> SUBJECTS = new ConcurrentHashMap<>();

  private GlossaryItems() {}

  /** Which way an item asks: the term from its meaning, or the meaning of the term. */
  enum Direction {
    TERM,
    MEANING
  }

  /**
   * A glossary definition that can be asked.
   *
   * @param option the term as an option shows it
   * @param names the option and the term's other names: none may appear in its clue
   * @param clue the definition without the term, from the entry's first sentence
   * @param entry the whole glossary entry: the item's explanation
   */
  record Concept(
      String subject, String term, String option, List<String> names, String clue, String entry, String topic,
      int level) {

    /**
     * One names the other in its definition ("an enzyme is a protein…"), or one's name contains the
     * other's (equation, linear equation): either could pass for the other, so neither is the
     * other's wrong option.
     */
    boolean entangled(Concept other) {
      for (String n : other.names) if (mentions(clue, n) || names.stream().anyMatch(m -> mentions(m, n) || mentions(n, m))) return true;
      return names.stream().anyMatch(n -> mentions(other.clue, n));
    }
  }

  /** An item and how it was made, for tests. */
  record Written(BankItem item, Concept concept, Direction direction, List<Concept> distractors) {}

  /**
   * A subject's concepts and, by the index of each, the others that may be its wrong options: of the
   * same topic, and of other topics. Worked out once per subject.
   */
  private record Options(List<Concept> concepts, List<List<Concept>> sameTopic, List<List<Concept>> otherTopics) {
    static Options of(List<Concept> concepts) {
      List<List<Concept>> same = new ArrayList<>();
      List<List<Concept>> other = new ArrayList<>();
      for (Concept c : concepts) {
        List<Concept> s = new ArrayList<>();
        List<Concept> o = new ArrayList<>();
        for (Concept x : concepts) {
          if (x == c || x.entangled(c)) continue;
          (x.topic().equals(c.topic()) ? s : o).add(x);
        }
        same.add(List.copyOf(s));
        other.add(List.copyOf(o));
      }
      return new Options(concepts, List.copyOf(same), List.copyOf(other));
    }
  }

  /** The subject's glossary definitions that can be asked, by term. */
  static List<Concept> concepts(String subject) {
    return options(subject).concepts();
  }

  private static Options options(String subject) {
    return SUBJECTS.computeIfAbsent(subject, s -> Options.of(read(s)));
  }

  /**
   * Every item the subject's glossary gives at {@code difficulty}, in an order and with options
   * fixed by {@code seed}. The prompts do not depend on the seed, so the duplicate filter lets each
   * question through once, whatever options it had.
   */
  public static List<BankItem> items(String subject, int difficulty, long seed) {
    return written(subject, difficulty, seed).stream().map(Written::item).toList();
  }

  static List<Written> written(String subject, int difficulty, long seed) {
    Options all = options(subject);
    List<Written> out = new ArrayList<>();
    for (int i = 0; i < all.concepts().size(); i++) {
      for (Direction d : Direction.values()) {
        if (difficulty(all, i, d) != difficulty) continue;
        write(all, i, d, new Random(seed * 1_000_003L + i * 2L + d.ordinal())).ifPresent(out::add);
      }
    }
    Collections.shuffle(out, new Random(seed));
    return out;
  }

  /**
   * The entry's level, one more for reading four definitions instead of four terms, and one more
   * when all three wrong options come from the entry's own topic (they are closer to the right one).
   */
  private static int difficulty(Options all, int i, Direction d) {
    int close = all.sameTopic().get(i).size() >= 3 ? 1 : 0;
    return Math.min(10, all.concepts().get(i).level() + (d == Direction.MEANING ? 1 : 0) + close);
  }

  private static Optional<Written> write(Options all, int i, Direction d, Random random) {
    Concept c = all.concepts().get(i);
    List<Concept> same = new ArrayList<>(all.sameTopic().get(i));
    List<Concept> others = new ArrayList<>(all.otherTopics().get(i));
    Collections.shuffle(same, random);
    Collections.shuffle(others, random);
    List<Concept> pool = new ArrayList<>(same);
    pool.addAll(others);
    List<Concept> wrong = new ArrayList<>(3);
    Set<String> shown = new LinkedHashSet<>();
    shown.add(GeneratedItem.fold(shownAs(c, d)));
    for (Concept o : pool) {
      if (wrong.size() == 3) break;
      if (shown.add(GeneratedItem.fold(shownAs(o, d)))) wrong.add(o);
    }
    if (wrong.size() < 3) return Optional.empty();
    List<String> choices = new ArrayList<>(4);
    choices.add(shownAs(c, d));
    for (Concept o : wrong) choices.add(shownAs(o, d));
    Collections.shuffle(choices, random);
    String subject = c.subject().equals("english") ? "an English" : "a " + c.subject();
    // The hint opens the explanation, so the hint ladder's "key idea" (the explanation's first
    // sentence) does not give the definition away before the student answers.
    String hint =
        d == Direction.TERM
            ? "Each option is " + subject + " term; only one has this meaning."
            : "Each option defines " + subject + " term; only one defines " + c.option() + ".";
    String prompt = d == Direction.TERM ? "Which term means: " + c.clue() + "?" : "What does \"" + c.option() + "\" mean?";
    BankItem item =
        new BankItem(
            null, c.subject(), c.topic(), prompt, "choice", List.copyOf(choices), List.of(shownAs(c, d)), hint,
            hint + " " + c.entry(), d == Direction.TERM ? 20_000 : 30_000, difficulty(all, i, d));
    return Optional.of(new Written(item, c, d, List.copyOf(wrong)));
  }

  private static String shownAs(Concept c, Direction d) {
    return d == Direction.TERM ? c.option() : capitalized(c.clue());
  }

  /** The clue of an entry whose first sentence defines one of {@code names}; empty otherwise. */
  static Optional<String> clue(String text, List<String> names) {
    Matcher end = SENTENCE_END.matcher(text);
    String first = (end.find() ? text.substring(0, end.start()) : text).strip();
    if (first.endsWith(".")) first = first.substring(0, first.length() - 1);
    else if (first.endsWith(".\"")) first = first.substring(0, first.length() - 2) + "\"";
    Matcher m = COPULA.matcher(first);
    if (!m.matches()) return Optional.empty();
    String subject = m.group(1).toLowerCase(Locale.ROOT);
    boolean defined =
        names.stream()
            .map(n -> n.toLowerCase(Locale.ROOT))
            .anyMatch(n -> subject.equals(n) || subject.equals(n + "s") || subject.equals(n + "es"));
    if (!defined) return Optional.empty();
    String whole = m.group(2).strip();
    // "Density is mass per unit volume: density = mass ÷ volume": the part before the formula.
    int cut = names.stream().anyMatch(n -> mentions(whole, n)) ? firstOf(whole, ":", ";", " (") : whole.length();
    if (cut < 0) return Optional.empty();
    String clue = whole.substring(0, cut).strip();
    if (clue.length() < 12 || names.stream().anyMatch(n -> mentions(clue, n))) return Optional.empty();
    return Optional.of(clue);
  }

  /** True when {@code name} (or its plural, or its adjective: frictional) occurs in {@code text} as whole words, case aside. */
  static boolean mentions(String text, String name) {
    Pattern p = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(name) + "(?:s|es|al)?(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    return p.matcher(text).find();
  }

  private static int firstOf(String s, String... marks) {
    int best = -1;
    for (String mark : marks) {
      int i = s.indexOf(mark);
      if (i >= 0 && (best < 0 || i < best)) best = i;
    }
    return best;
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  private static List<Concept> read(String subject) {
    Map<String, KnowledgeDoc> entries = new HashMap<>();
    for (KnowledgeDoc d : Glossary.load(subject)) entries.put(d.topic(), d);
    List<Concept> out = new ArrayList<>();
    for (String[] f : rows()) {
      if (!f[0].equals(subject)) continue;
      KnowledgeDoc d = entries.get(f[1]);
      if (d == null) throw new IllegalStateException(RESOURCE + ": " + subject + " has no glossary entry " + f[1]);
      if (d.kind() != KnowledgeDoc.Kind.DEFINITION) continue;
      List<String> names = f.length > 4 && !f[4].isBlank() ? List.of(f[4].strip().split("\\s+/\\s+")) : List.of(f[1]);
      int level = Integer.parseInt(f[3].strip());
      if (level < 1 || level > 10) throw new IllegalStateException(RESOURCE + ": level " + level + " of " + f[1]);
      Optional<String> written = f.length > 5 ? Optional.of(f[5].strip()) : Optional.empty();
      written.or(() -> clue(d.text(), names))
          .filter(clue -> names.stream().noneMatch(n -> mentions(clue, n)))
          .ifPresent(clue -> out.add(new Concept(subject, f[1], names.get(0), names, clue, d.text(), f[2].strip(), level)));
    }
    out.sort(Comparator.comparing(Concept::term));
    return List.copyOf(out);
  }

  /** The rows of {@value #RESOURCE}: subject, term, topic, level and, optionally, names and a clue. */
  static List<String[]> rows() {
    String tsv;
    try (InputStream in = GlossaryItems.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) return List.of();
      tsv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String[]> out = new ArrayList<>();
    for (String line : tsv.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split("\t");
      if (f.length < 4 || f.length > 6) throw new IllegalStateException(RESOURCE + ": want subject, term, topic, level[, names[, clue]]: " + line);
      out.add(f);
    }
    return out;
  }
}
