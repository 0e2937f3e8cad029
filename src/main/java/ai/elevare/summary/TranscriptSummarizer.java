package ai.elevare.summary;

import ai.elevare.text.Text;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local provider's session summaries, by extraction: nothing is invented, every claim is a
 * quoted sentence of the transcript or a count of something in it.
 *
 * <ul>
 *   <li>Speakers: "Tutor:", "Student:", "Ms. Rivera (tutor):", timestamps, WebVTT voice tags; roles
 *       from the label, else the speaker who talks most is the tutor. Unlabelled lines continue the
 *       turn before them. Fillers ("um", "you know") and stage notes ("[inaudible]") are dropped.
 *   <li>Topics: words weighed against a background list of everyday English (a word of everyday
 *       talk names no topic), raised when the subject's item bank uses them; repeated phrases of
 *       such words are candidates, a longer phrase replaces a word it contains. When the words
 *       cluster on one of the bank's topics, that topic leads the list (practice can follow it).
 *   <li>Narrative: what was planned and covered (the tutor's most central sentences, chosen for
 *       coverage, not repetition), how the student got on (their own words of difficulty and of
 *       understanding, the tutor's confirmations, their questions), and what comes next, written
 *       as paragraphs of prose.
 *   <li>Next steps: the tutor's instructions in the closing part of the session ("for next time",
 *       "practice", "try", "homework"), turned into imperatives.
 * </ul>
 */
public final class TranscriptSummarizer {

  enum Role {
    TUTOR,
    STUDENT,
    OTHER
  }

  private record Turn(Role role, String speaker, StringBuilder text) {}

  private record Sentence(int turn, Role role, String text, List<String> words) {}

  private static final Set<String> COMMON = loadCommon();

  private static final Pattern TIMESTAMP =
      Pattern.compile("^\\s*[\\[(]?\\d{1,2}:\\d{2}(?::\\d{2})?(?:[.,]\\d+)?[\\])]?\\s*[-–—]?\\s*");
  private static final Pattern VTT_CUE = Pattern.compile("^\\s*(?:\\d+|WEBVTT.*|[\\d:.,]+\\s*-->.*)\\s*$");
  private static final Pattern VOICE = Pattern.compile("^\\s*<v\\s+([^>]+)>\\s*(.*?)(?:</v>)?\\s*$");
  private static final Pattern LABEL = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9 .'’()\\-]{0,40}?)\\s*:\\s+(.*)$");
  /** Otter and Zoom exports: the speaker and a time on a line of their own, the words below. */
  private static final Pattern SPEAKER_LINE =
      Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9 .'’()\\-]{0,40}?)\\s+\\(?\\d{1,2}:\\d{2}(?::\\d{2})?\\)?\\s*$");
  private static final Pattern TUTOR_LABEL =
      anyOf("tutor|teacher|instructor|coach|mentor");
  private static final Pattern STUDENT_LABEL =
      anyOf("student|learner|pupil");
  private static final Pattern NOISE =
      Pattern.compile(
          "\\[[^\\]]{0,40}\\]|\\((?:laughs?|inaudible|crosstalk|pause|silence)[^)]{0,20}\\)"
              + "|\\b(?:u+m+|u+h+|e+r+m+|hm+|mm+|mhm)\\b[,.]?|\\b(?:you know|i mean),?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern LEAD =
      Pattern.compile(
          "^(?:(?:so|okay|ok|alright|all right|right|well|and|now|yeah|yes|oh|great|good|cool|perfect|then)\\b[,.!]?\\s+)+",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern WORD = Pattern.compile("[a-z][a-z'’-]*[a-z]|[a-z]");
  private static final Pattern AGENDA =
      anyOf("today|this session|going to|we'll|we will|want to|plan|work on|look at|start with|focus on|pick up");
  private static final Pattern STRUGGLE =
      anyOf("confus\\w*|don'?t get|don'?t understand|not sure|stuck|mix(?:ed)? up|hard|tricky|difficult|forgot|forget|no idea|lost me|why do");
  private static final Pattern UNDERSTOOD =
      anyOf("i see|makes sense|got it|get it now|i understand|clicked|that'?s easier|oh okay|i can do");
  private static final Pattern PRAISE =
      anyOf("exactly|perfect|great job|well done|nice work|nice job|that'?s right|that'?s correct|correct|nailed it|good job|spot on|you got it");
  private static final Pattern INSTRUCTION =
      anyOf("for next time|next time|next session|next week|before (?:our |the )?next|homework|practi[cs]e|try|work on|review|go over|make sure|don'?t forget|remember to|i want you to|i'?d like you to|read|finish|complete|redo|look over|study|write");
  private static final Pattern INSTRUCTION_LEAD =
      Pattern.compile(
          "^(?:(?:so|okay|ok|alright|all right|and|now|then|also|well|right|oh|one more thing)\\b[,.]?\\s+"
              + "|(?:for next time|before (?:our |the )?next (?:time|week|session|lesson)|for (?:the )?homework|over the weekend|this week|tonight|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\\b[,:]?\\s+"
              + "|what i(?:'d| would)? (?:want|like) you to do is\\s+|i(?:'d| would)? (?:want|like) you to\\s+|can you\\s+|could you\\s+|you should\\s+|you need to\\s+|you'?re going to\\s+|your homework is to\\s+|please\\s+)+",
          Pattern.CASE_INSENSITIVE);
  private static final Set<String> IMPERATIVE_VERBS =
      Set.of(
          "do", "try", "practice", "practise", "review", "read", "write", "finish", "complete", "redo",
          "work", "go", "look", "study", "make", "watch", "memorize", "memorise", "learn", "check",
          "bring", "solve", "balance", "draw", "answer", "prepare", "revise", "note", "keep", "spend",
          "use", "think", "start", "fill", "label", "plot", "graph", "compare", "highlight",
          "underline", "summarize", "summarise", "outline", "rewrite", "find", "calculate", "convert",
          "list", "pick", "choose", "send", "email", "ask", "take", "reread", "re-read", "skim",
          "annotate", "time", "factor", "expand", "simplify", "identify", "explain", "sketch", "copy",
          "jot", "set", "plan", "mark", "test", "quiz", "revisit", "attempt", "show");

  /** Case-insensitive: any of the {@code |}-separated alternatives as whole words. */
  private static Pattern anyOf(String alternatives) {
    return Pattern.compile("\\b(" + alternatives + ")\\b", Pattern.CASE_INSENSITIVE);
  }

  private static final int MAX_TOPICS = 5;
  private static final int MAX_STEPS = 5;

  private final DomainVocabulary vocabulary;

  public TranscriptSummarizer(DomainVocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  /**
   * The summary of {@code transcript}; {@link IllegalArgumentException} when it holds too little
   * to summarise (fewer than three sentences of substance).
   */
  public SummaryContent summarize(String subject, String transcript) {
    if (!substantial(transcript)) {
      throw new IllegalArgumentException("the transcript is too short to summarise");
    }
    List<Turn> turns = turns(transcript == null ? "" : transcript);
    List<Sentence> sentences = new ArrayList<>();
    for (int i = 0; i < turns.size(); i++) {
      for (String s : Text.sentences(turns.get(i).text().toString())) {
        String clean = clean(s);
        List<String> words = words(clean);
        if (!words.isEmpty()) sentences.add(new Sentence(i, turns.get(i).role(), clean, words));
      }
    }
    Map<String, Double> salience = salience(subject, sentences);
    List<String> topics = topics(subject, sentences, salience);
    List<String> steps = nextSteps(sentences, turns.size());
    String narrative = narrative(subject, sentences, turns.size(), salience, topics, steps);
    return new SummaryContent(narrative, topics, steps);
  }

  /** Whether a transcript holds enough to summarise: three sentences of four words or more. */
  public static boolean substantial(String transcript) {
    int n = 0;
    for (Turn t : turns(transcript == null ? "" : transcript)) {
      for (String s : Text.sentences(t.text().toString())) {
        if (words(clean(s)).size() >= 4 && ++n >= 3) return true;
      }
    }
    return false;
  }

  // ---- speakers -------------------------------------------------------------------------------

  private static List<Turn> turns(String transcript) {
    List<String[]> labelled = new ArrayList<>(); // {label or null, text}
    Map<String, Integer> labelCounts = new HashMap<>();
    String[] lines = transcript.replace("\r", "").split("\n");
    // "See you at 4:30" alone on a line is talk; a heading recurs, or names a role
    Map<String, Integer> headings = new HashMap<>();
    for (String raw : lines) {
      Matcher h = SPEAKER_LINE.matcher(raw);
      if (h.matches()) headings.merge(h.group(1).strip().toLowerCase(Locale.ROOT), 1, Integer::sum);
    }
    String heading = null; // the speaker of an Otter-style block
    for (String raw : lines) {
      if (raw.isBlank() || VTT_CUE.matcher(raw).matches()) continue;
      Matcher h = SPEAKER_LINE.matcher(raw);
      if (h.matches()
          && (headings.get(h.group(1).strip().toLowerCase(Locale.ROOT)) >= 2
              || TUTOR_LABEL.matcher(h.group(1)).find()
              || STUDENT_LABEL.matcher(h.group(1)).find())) {
        heading = h.group(1).strip();
        labelCounts.merge(heading.toLowerCase(Locale.ROOT), 2, Integer::sum);
        continue;
      }
      if (heading != null) {
        labelled.add(new String[] {heading, raw.strip()});
        heading = null;
        continue;
      }
      String line = TIMESTAMP.matcher(raw).replaceFirst("");
      Matcher v = VOICE.matcher(line);
      Matcher m = LABEL.matcher(line);
      if (v.matches()) {
        labelled.add(new String[] {v.group(1).strip(), v.group(2)});
        labelCounts.merge(v.group(1).strip().toLowerCase(Locale.ROOT), 2, Integer::sum);
      } else if (m.matches()) {
        labelled.add(new String[] {m.group(1).strip(), m.group(2)});
        labelCounts.merge(m.group(1).strip().toLowerCase(Locale.ROOT), 1, Integer::sum);
      } else {
        labelled.add(new String[] {null, line.strip()});
      }
    }
    // "Note: ..." or "Example: ..." once is text, not a speaker
    List<Turn> turns = new ArrayList<>();
    Map<String, Integer> words = new HashMap<>();
    for (String[] l : labelled) {
      String label = l[0];
      boolean speaker =
          label != null
              && (labelCounts.get(label.toLowerCase(Locale.ROOT)) >= 2
                  || TUTOR_LABEL.matcher(label).find()
                  || STUDENT_LABEL.matcher(label).find());
      String text = speaker ? l[1] : (label == null ? l[1] : label + ": " + l[1]);
      if (speaker) {
        turns.add(new Turn(null, label, new StringBuilder(text)));
      } else if (turns.isEmpty()) {
        turns.add(new Turn(null, "", new StringBuilder(text)));
      } else {
        turns.get(turns.size() - 1).text().append(' ').append(text);
      }
      String who = turns.get(turns.size() - 1).speaker();
      words.merge(who, text.split("\\s+").length, Integer::sum);
    }
    Map<String, Role> roles = roles(words);
    List<Turn> out = new ArrayList<>();
    for (Turn t : turns) {
      out.add(new Turn(roles.getOrDefault(t.speaker(), Role.OTHER), t.speaker(), t.text()));
    }
    return out;
  }

  /** From the labels; otherwise the one who talks most tutors and the next one is the student. */
  private static Map<String, Role> roles(Map<String, Integer> wordsBySpeaker) {
    Map<String, Role> roles = new HashMap<>();
    for (String s : wordsBySpeaker.keySet()) {
      if (s.isEmpty()) continue;
      if (TUTOR_LABEL.matcher(s).find()) roles.put(s, Role.TUTOR);
      else if (STUDENT_LABEL.matcher(s).find()) roles.put(s, Role.STUDENT);
    }
    List<String> unknown =
        wordsBySpeaker.keySet().stream()
            .filter(s -> !s.isEmpty() && !roles.containsKey(s))
            .sorted(Comparator.comparing((String s) -> -wordsBySpeaker.get(s)))
            .toList();
    boolean hasTutor = roles.containsValue(Role.TUTOR);
    boolean hasStudent = roles.containsValue(Role.STUDENT);
    for (String s : unknown) {
      if (!hasTutor) {
        roles.put(s, Role.TUTOR);
        hasTutor = true;
      } else if (!hasStudent) {
        roles.put(s, Role.STUDENT);
        hasStudent = true;
      }
    }
    return roles;
  }

  private static String clean(String sentence) {
    String s = NOISE.matcher(sentence).replaceAll("");
    s = s.replaceAll("\\b(\\w+)(?:\\s*[-,]?\\s+\\1\\b)+", "$1"); // "the the", "I- I"
    s = s.replaceAll("\\s+([,.!?;:])", "$1").replaceAll("^[,.;:\\s]+", "").replaceAll("\\s{2,}", " ").strip();
    return s;
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(s.toLowerCase(Locale.ROOT).replace('’', '\''));
    while (m.find()) out.add(m.group());
    return out;
  }

  // ---- topics ---------------------------------------------------------------------------------

  /** How much a word can name a topic: nothing for everyday words, more for the bank's words. */
  private double weight(String subject, String word) {
    if (word.length() < 3 || COMMON.contains(word) || Text.STOP_WORDS.contains(word)) return 0;
    String stem = Text.stem(word);
    if (COMMON.contains(stem)) return 0.1;
    return vocabulary.knows(subject, stem) ? 1.6 : 1.0;
  }

  /** Per stem: its weight times how often the tutor (fully) and the student (less) used it. */
  private Map<String, Double> salience(String subject, List<Sentence> sentences) {
    Map<String, Double> out = new HashMap<>();
    for (Sentence s : sentences) {
      double roleFactor = s.role() == Role.STUDENT ? 0.8 : 1.0;
      for (String w : s.words()) {
        double weight = weight(subject, w);
        if (weight > 0) out.merge(Text.stem(w), weight * roleFactor, Double::sum);
      }
    }
    return out;
  }

  private record Phrase(String key, String surface, int count, double score) {}

  private List<String> topics(String subject, List<Sentence> sentences, Map<String, Double> salience) {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Map<String, Integer>> surfaces = new HashMap<>();
    for (Sentence s : sentences) {
      for (String chunk : s.text().toLowerCase(Locale.ROOT).replace('’', '\'').split("[,;:()\"“”.!?]")) {
        List<String> run = new ArrayList<>();
        for (String w : words(chunk)) {
          if (weight(subject, w) >= 0.5) {
            run.add(w);
          } else {
            count(run, counts, surfaces);
            run = new ArrayList<>();
          }
        }
        count(run, counts, surfaces);
      }
    }
    List<Phrase> phrases = new ArrayList<>();
    for (var e : counts.entrySet()) {
      String[] stems = e.getKey().split(" ");
      int n = e.getValue();
      boolean domain = stems.length == 1 && vocabulary.knows(subject, stems[0]);
      if (n < 2 && !(domain && n >= 1)) continue;
      double sum = 0;
      for (String st : stems) sum += salience.getOrDefault(st, 0.0);
      // a phrase said again and again is a topic; its words' weight says how specific it is
      double score = Math.sqrt(n) * sum / stems.length * (1 + 0.7 * (stems.length - 1));
      String surface =
          surfaces.get(e.getKey()).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
      phrases.add(new Phrase(e.getKey(), surface, n, score));
    }
    phrases.sort(Comparator.comparingDouble(Phrase::score).reversed());
    List<Phrase> chosen = new ArrayList<>();
    for (Phrase p : phrases) {
      if (chosen.size() >= MAX_TOPICS) break;
      Set<String> stems = Set.of(p.key().split(" "));
      Phrase contained = null;
      boolean overlaps = false;
      for (Phrase c : chosen) {
        Set<String> cs = Set.of(c.key().split(" "));
        if (stems.containsAll(cs) && stems.size() > cs.size() && p.count() >= 2) contained = c;
        else if (cs.stream().anyMatch(stems::contains)) overlaps = true;
      }
      if (contained != null && !overlaps) {
        chosen.set(chosen.indexOf(contained), p); // "limiting reactant" over "reactant"
      } else if (contained == null && !overlaps) {
        chosen.add(p);
      }
    }
    List<String> out = new ArrayList<>();
    bankTopic(subject, salience).ifPresent(out::add);
    for (Phrase p : chosen) {
      if (out.size() >= MAX_TOPICS) break;
      if (out.stream().noneMatch(o -> o.equalsIgnoreCase(p.surface()))) out.add(p.surface());
    }
    return out;
  }

  private static void count(List<String> run, Map<String, Integer> counts, Map<String, Map<String, Integer>> surfaces) {
    for (int len = 1; len <= 3; len++) {
      for (int i = 0; i + len <= run.size(); i++) {
        List<String> words = run.subList(i, i + len);
        String key = String.join(" ", words.stream().map(Text::stem).toList());
        counts.merge(key, 1, Integer::sum);
        surfaces.computeIfAbsent(key, k -> new HashMap<>()).merge(String.join(" ", words), 1, Integer::sum);
      }
    }
  }

  /** The bank topic the session's words cluster on, when one clearly leads. */
  private java.util.Optional<String> bankTopic(String subject, Map<String, Double> salience) {
    Map<String, Set<String>> topics = vocabulary.topics(subject);
    if (topics.size() < 2) return java.util.Optional.empty();
    Map<String, Integer> spread = new HashMap<>();
    topics.values().forEach(ts -> ts.forEach(t -> spread.merge(t, 1, Integer::sum)));
    String best = null;
    double bestScore = 0;
    double second = 0;
    for (var t : topics.entrySet()) {
      double score = 0;
      for (String stem : t.getValue()) {
        // a stem every topic uses tells them apart no better than "the"
        score += salience.getOrDefault(stem, 0.0) * Math.log((double) topics.size() / spread.get(stem));
      }
      for (String nameStem : Text.terms(t.getKey())) {
        score += 3 * salience.getOrDefault(nameStem, 0.0);
      }
      if (score > bestScore) {
        second = bestScore;
        bestScore = score;
        best = t.getKey();
      } else if (score > second) {
        second = score;
      }
    }
    return best != null && bestScore >= 8 && bestScore >= 1.4 * second
        ? java.util.Optional.of(best)
        : java.util.Optional.empty();
  }

  // ---- next steps -----------------------------------------------------------------------------

  private static final Pattern CLOSING =
      anyOf("out of time|at time|wrap (?:it )?up|for next time|homework|before (?:our |the )?next|that's it for today|end of (?:the|our) session|see you");
  private static final Pattern TUTOR_PLAN =
      Pattern.compile("^(?:next time |then )?(?:we'll|we will|i'll|i will|we're going to|let's)\\b", Pattern.CASE_INSENSITIVE);

  /**
   * Where the session's closing starts: the tutor's first "we're out of time", "for next time",
   * "homework" in the last half; else the last fifth. Instructions before it are classwork.
   */
  private static int closingTurn(List<Sentence> sentences, int turnCount) {
    for (Sentence s : sentences) {
      if (s.role() != Role.STUDENT && s.turn() >= turnCount / 2 && CLOSING.matcher(s.text()).find()) {
        return s.turn();
      }
    }
    return (int) Math.floor(turnCount * 0.8);
  }

  private static List<String> nextSteps(List<Sentence> sentences, int turnCount) {
    int closing = closingTurn(sentences, turnCount);
    Set<String> out = new LinkedHashSet<>();
    Set<String> seenStems = new HashSet<>();
    for (Sentence s : sentences) {
      if (out.size() >= MAX_STEPS) break;
      if (s.role() == Role.STUDENT || s.words().size() < 4) continue;
      boolean late = s.turn() >= closing;
      String lower = s.text().toLowerCase(Locale.ROOT);
      boolean explicit = lower.contains("next time") || lower.contains("homework") || lower.contains("before next")
          || lower.contains("before our next") || lower.contains("for next");
      if (!(explicit || late) || !INSTRUCTION.matcher(s.text()).find()) continue;
      if (s.text().endsWith("?") && !explicit) continue;
      String bare = LEAD.matcher(s.text()).replaceFirst("");
      if (TUTOR_PLAN.matcher(bare).find() || TUTOR_PLAN.matcher(lower.replaceFirst("^(?:for )?next time,?\\s*", "")).find()) {
        continue; // what the tutor will do, not the student
      }
      if (lower.matches(".*\\b(we|i) (did|tried|practiced|reviewed|went over|worked on)\\b.*")) continue; // a recap
      String step = imperative(s.text());
      if (step == null || !(startsWithVerb(step) || explicit)) continue;
      Set<String> stems = new HashSet<>(Text.terms(step));
      long shared = stems.stream().filter(seenStems::contains).count();
      if (!stems.isEmpty() && shared >= 0.8 * stems.size()) continue; // says a step again
      seenStems.addAll(stems);
      out.add(step);
    }
    return List.copyOf(out);
  }

  /** "So for next time, I want you to try problems 4 to 10." becomes "Try problems 4 to 10." */
  static String imperative(String sentence) {
    String s = sentence.strip();
    String before;
    do {
      before = s;
      s = INSTRUCTION_LEAD.matcher(s).replaceFirst("").strip();
    } while (!s.equals(before));
    s = s.replaceAll("[?!]+$", ".").replaceFirst("^,\\s*", "");
    if (s.split("\\s+").length < 3) return null;
    String first = s.split("[\\s,]+")[0].toLowerCase(Locale.ROOT);
    if (!IMPERATIVE_VERBS.contains(first)) {
      // "Your homework is problems 4 to 10" stays a full sentence, only tidied
      s = LEAD.matcher(sentence.strip()).replaceFirst("");
    }
    s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return SummaryJson.endSentence(s.replaceAll("[,;:]$", ""));
  }

  private static boolean startsWithVerb(String step) {
    return IMPERATIVE_VERBS.contains(step.split("[\\s,]+")[0].toLowerCase(Locale.ROOT));
  }

  // ---- narrative ------------------------------------------------------------------------------

  private String narrative(
      String subject, List<Sentence> sentences, int turnCount, Map<String, Double> salience,
      List<String> topics, List<String> steps) {
    List<String> paragraphs = new ArrayList<>();
    boolean labelled = sentences.stream().anyMatch(s -> s.role() == Role.TUTOR);

    StringBuilder p1 = new StringBuilder();
    p1.append("In this ").append(subjectName(subject)).append(" session the student and their tutor worked on ")
        .append(joinAnd(topics.stream().limit(3).toList())).append('.');
    Sentence agenda =
        best(sentences, salience, s -> s.role() != Role.STUDENT && s.turn() <= Math.max(2, turnCount / 4)
            && AGENDA.matcher(s.text()).find() && !s.text().endsWith("?"), List.of());
    if (agenda != null) {
      p1.append(" The tutor set out the plan at the start: ").append(quote(agenda.text()));
    }
    paragraphs.add(p1.toString());

    List<Sentence> picked = new ArrayList<>();
    if (agenda != null) picked.add(agenda);
    List<Sentence> explanations = new ArrayList<>();
    int closing = closingTurn(sentences, turnCount);
    for (int i = 0; i < 3; i++) {
      Sentence s =
          best(sentences, salience, x -> (labelled ? x.role() == Role.TUTOR : true) && x.turn() < closing
              && !x.text().endsWith("?") && x.words().size() >= 7 && x.words().size() <= 45, picked);
      if (s == null) break;
      picked.add(s);
      explanations.add(s);
    }
    explanations.sort(Comparator.comparingInt(Sentence::turn));
    if (!explanations.isEmpty()) {
      String[] intro =
          labelled
              ? new String[] {"The tutor explained: ", "Building on that, the tutor pointed out: ", "The tutor also stressed: "}
              : new String[] {"The session covered this: ", "It went on: ", "And later: "};
      StringBuilder p2 = new StringBuilder();
      for (int i = 0; i < explanations.size(); i++) {
        if (i > 0) p2.append(' ');
        p2.append(intro[i]).append(quote(explanations.get(i).text()));
      }
      paragraphs.add(p2.toString());
    }

    if (labelled) {
      StringBuilder p3 = new StringBuilder();
      Sentence struggle =
          best(sentences, salience, s -> s.role() == Role.STUDENT && STRUGGLE.matcher(s.text()).find(), picked);
      if (struggle != null) {
        picked.add(struggle);
        p3.append("The student found part of this difficult and said so: ").append(quote(struggle.text()));
      }
      Sentence understood =
          best(sentences, salience, s -> s.role() == Role.STUDENT && UNDERSTOOD.matcher(s.text()).find()
              && s.words().size() >= 4 && (struggle == null || s.turn() > struggle.turn()), picked);
      if (understood != null) {
        append(p3, (struggle != null ? "It came together later, when the student said: " : "The student said: ")
            + quote(understood.text()));
      }
      long praise = sentences.stream().filter(s -> s.role() == Role.TUTOR && PRAISE.matcher(s.text()).find()).count();
      if (praise > 0) {
        append(p3, "The tutor confirmed the student's answers " + (praise == 1 ? "once" : praise == 2 ? "twice" : "several times") + " along the way.");
      }
      long questions = sentences.stream().filter(s -> s.role() == Role.STUDENT && s.text().endsWith("?") && s.words().size() >= 3).count();
      if (questions >= 2) {
        append(p3, "The student asked " + questions + " questions of their own.");
      }
      if (p3.length() == 0) {
        p3.append("The student worked through the material with the tutor's guidance.");
      }
      paragraphs.add(p3.toString());
    }

    List<String> doable = steps.stream().filter(TranscriptSummarizer::startsWithVerb).toList();
    StringBuilder p4 = new StringBuilder();
    if (!doable.isEmpty()) {
      p4.append("Before the next session, the student should ").append(asClause(doable.get(0))).append('.');
      if (doable.size() > 1) {
        p4.append(" They should also ")
            .append(joinAnd(doable.subList(1, doable.size()).stream().map(TranscriptSummarizer::asClause).toList()))
            .append('.');
      }
    }
    for (String other : steps) {
      if (!doable.contains(other)) append(p4, "The tutor also set this: " + quote(other));
    }
    if (p4.length() == 0) {
      p4.append("No homework was set; a short review of ").append(topics.isEmpty() ? "the session" : topics.get(0))
          .append(" before the next session would keep it fresh.");
    }
    paragraphs.add(p4.toString());
    return String.join("\n\n", paragraphs);
  }

  /** The most central sentence passing {@code filter} that repeats little of {@code picked}. */
  private static Sentence best(
      List<Sentence> sentences, Map<String, Double> salience,
      java.util.function.Predicate<Sentence> filter, List<Sentence> picked) {
    Set<String> covered = new HashSet<>();
    for (Sentence p : picked) for (String w : p.words()) covered.add(Text.stem(w));
    Sentence best = null;
    double bestScore = 0;
    for (Sentence s : sentences) {
      if (picked.contains(s) || !filter.test(s)) continue;
      Set<String> stems = new LinkedHashSet<>();
      for (String w : s.words()) stems.add(Text.stem(w));
      double sum = 0;
      for (String st : stems) {
        double v = salience.getOrDefault(st, 0.0);
        sum += covered.contains(st) ? v * 0.3 : v; // new ground counts more than what was said
      }
      double score = (sum + 0.01) / Math.sqrt(s.words().size());
      if (best == null || score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    return best;
  }

  private static String quote(String sentence) {
    String s = LEAD.matcher(sentence).replaceFirst("");
    if (s.isEmpty()) s = sentence;
    String[] words = s.split("\\s+");
    if (words.length > 40) s = String.join(" ", java.util.Arrays.copyOf(words, 40)) + " …";
    s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return "“" + SummaryJson.endSentence(s) + "”";
  }

  /** "Check your answers." as a clause about the student: "check their answers". */
  private static String asClause(String step) {
    String s = step.endsWith(".") ? step.substring(0, step.length() - 1) : step;
    s = Character.toLowerCase(s.charAt(0)) + s.substring(1);
    return s.replaceAll("\\byou're\\b", "they're")
        .replaceAll("\\byourself\\b", "themselves")
        .replaceAll("\\byour\\b", "their")
        .replaceAll("\\byou\\b", "they");
  }

  private static void append(StringBuilder b, String sentence) {
    if (b.length() > 0) b.append(' ');
    b.append(sentence);
  }

  static String joinAnd(List<String> items) {
    if (items.isEmpty()) return "the material of the day";
    if (items.size() == 1) return items.get(0);
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  private static String subjectName(String subject) {
    return subject.equals("english") ? "English" : subject;
  }

  private static Set<String> loadCommon() {
    InputStream in = TranscriptSummarizer.class.getResourceAsStream("common-english.txt");
    if (in == null) throw new IllegalStateException("common-english.txt is missing from the classpath");
    Set<String> out = new HashSet<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String w = line.strip();
        if (!w.isEmpty() && !w.startsWith("#")) out.add(w);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(out);
  }
}
