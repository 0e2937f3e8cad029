package ai.elevare.practice.generated;

import ai.elevare.ai.AiAnswer;
import ai.elevare.ai.AiFailure;
import ai.elevare.ai.AiGateway;
import ai.elevare.ai.LocalGateway;
import ai.elevare.ai.AiTask;
import ai.elevare.ai.QaPrompt;
import ai.elevare.practice.AnswerChecker;
import ai.elevare.practice.BankItem;
import ai.elevare.practice.ItemCatalog;
import ai.elevare.practice.generated.GenerationJson.Batch;
import ai.elevare.practice.generated.GenerationJson.Candidate;
import ai.elevare.practice.math.MathAnswerChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The two practice writers behind the AI gateway, so that {@code AiCall} owns the deadline, retries,
 * circuit breaker and fallback: the remote model with structured output and a blind second pass,
 * and the local writer (variations of bank items, items from the study glossary). Both answer with a
 * {@link GenerationJson} batch.
 */
public final class ItemWriters {
  private ItemWriters() {}

  static final String SYSTEM =
      """
You write one practice question for a school student. Reply with one JSON object with exactly \
these keys: "topic" (a short topic name), "prompt" (the question, self-contained, units and any \
rounding stated), "answer_format" ("number" for a numeric answer, "choice" for multiple choice, \
"text" for a one- or two-word answer, "expression" for algebra), "choices" (3 to 5 options for \
choice, else an empty list), "answer" (the one correct answer; for choice, the exact text of the \
right option; for number, a plain decimal without units), "accepted_forms" (other ways of writing \
the same answer, may be empty), "hint" (a nudge that does not give the answer away), \
"explanation" (the worked reasoning, two to four sentences), "difficulty" (1 to 10, as asked). \
The question must have exactly one correct answer, be new (not a rewording of the example) and be \
factually right.\
""";

  static final String BLIND_SYSTEM =
      """
Answer the student's practice question. Reply with one JSON object {"answer": "..."}: for a \
numeric question a plain decimal without units, for a multiple-choice question the exact text of \
the option you pick, otherwise a word or two.\
""";

  /** What a writer is asked for: a subject and level, with a bank item as the example of style. */
  public record Request(String subject, int difficulty, BankItem example, long seed, int count) {}

  static String user(Request r) {
    BankItem e = r.example();
    return "Subject: " + r.subject() + "\nDifficulty: " + r.difficulty()
        + " of 10 (1 early secondary, 10 hard first-year university)\n"
        + (e == null ? "" : "Topic: " + e.topic() + "\nExample of the level and style (do not copy it):\n" + e.prompt());
  }

  static String blindUser(BankItem i) {
    StringBuilder s = new StringBuilder(i.prompt());
    if (i.answerFormat().equals("choice")) {
      s.append("\nOptions:");
      for (String c : i.choices()) s.append("\n- ").append(c);
    }
    return s.toString();
  }

  /**
   * The remote model: an item in structured output, the CAS reading its math answers, the duplicate
   * filter, then the blind pass, whose answer must be graded correct by the same checker students get.
   */
  public static final class Remote implements AiGateway {
    private final AiGateway model;
    private final GeneratedItemStore store;
    private final AnswerChecker checker;
    private final MathAnswerChecker math;
    private final Request request;

    public Remote(AiGateway model, GeneratedItemStore store, AnswerChecker checker, MathAnswerChecker math, Request request) {
      this.model = model;
      this.store = store;
      this.checker = checker;
      this.math = math;
      this.request = request;
    }

    @Override
    public CompletionStage<String> complete(AiTask task, String system, String user, Duration timeout) {
      long start = System.nanoTime();
      return model
          .completeJson(task, system, user, "practice_item", GenerationJson.itemSchema(), timeout)
          .thenCompose(
              text -> {
                BankItem item;
                try {
                  item = GenerationJson.parseItem(text, request.subject(), 60_000);
                } catch (IllegalArgumentException e) {
                  throw new AiFailure(AiFailure.Kind.MALFORMED, "unusable item: " + e.getMessage());
                }
                Optional<String> refused = casRefusal(item);
                if (refused.isPresent()) return done(List.of(), "CAS: " + refused.get());
                if (store.duplicate(item)) return done(List.of(), "duplicate of an existing item");
                Duration left = timeout.minusNanos(System.nanoTime() - start);
                return model
                    .completeJson(task, BLIND_SYSTEM, blindUser(item), "blind_answer", GenerationJson.blindSchema(), left)
                    .thenCompose(blind -> checker.check(item.toQuestion(), GenerationJson.parseBlind(blind)))
                    .handle(
                        (check, err) -> {
                          if (err != null) {
                            // No self-check: the item waits for a tutor instead of reaching students.
                            return GenerationJson.write(new Batch(List.of(new Candidate(item, "openai", null, false)), List.of()));
                          }
                          if (!check.correct()) {
                            return GenerationJson.write(new Batch(List.of(), List.of("blind pass disagreed with the answer")));
                          }
                          return GenerationJson.write(new Batch(List.of(new Candidate(item, "openai", null, true)), List.of()));
                        });
              });
    }

    private Optional<String> casRefusal(BankItem item) {
      if (!item.answerFormat().equals("number") && !item.answerFormat().equals("expression")) return Optional.empty();
      for (String a : item.answers()) {
        Optional<String> err = math.validateAnswer(item.answerFormat(), a);
        if (err.isPresent()) return Optional.of("\"" + a + "\": " + err.get());
      }
      return Optional.empty();
    }

    private static CompletionStage<String> done(List<Candidate> items, String discarded) {
      return CompletableFuture.completedFuture(GenerationJson.write(new Batch(items, List.of(discarded))));
    }

    @Override
    public CompletionStage<AiAnswer> answer(QaPrompt prompt, Duration timeout) {
      return model.answer(prompt, timeout);
    }

    @Override
    public String providerName() {
      return model.providerName();
    }
  }

  /**
   * The local writer, on the executor given: variations of the bank items at the level (see {@link
   * LocalVariations}) mixed with items from the study glossary (see {@link GlossaryItems}).
   */
  public static final class Local extends LocalGateway {
    private final ItemCatalog catalog;
    private final GeneratedItemStore store;
    private final Request request;

    public Local(ItemCatalog catalog, GeneratedItemStore store, Executor executor, Request request) {
      super(executor, "practice items only");
      this.catalog = catalog;
      this.store = store;
      this.request = request;
    }

    @Override
    protected String compute() {
      return GenerationJson.write(batch(catalog, store, request));
    }
  }

  /**
   * Up to {@code count} new items at the level, taken in turn from the two local sources so neither
   * crowds out the other: variations of the level's bank items (rotating over them) and items
   * written from the study glossary ({@link GlossaryItems}). The seed decides which source opens.
   */
  static Batch batch(ItemCatalog catalog, GeneratedItemStore store, Request r) {
    List<BankItem> level =
        catalog.inService().stream()
            .filter(i -> i.subject().equals(r.subject()) && i.difficulty() == r.difficulty())
            .sorted(Comparator.comparing(BankItem::id))
            .toList();
    Iterator<Candidate> variations = variations(level, r);
    Iterator<Candidate> glossary =
        GlossaryItems.items(r.subject(), r.difficulty(), r.seed()).stream()
            .map(i -> new Candidate(i, "local", null, true))
            .iterator();
    List<Candidate> out = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    boolean glossaryTurn = Math.floorMod(r.seed(), 2) == 1;
    while (out.size() < r.count() && (variations.hasNext() || glossary.hasNext())) {
      Iterator<Candidate> from = (glossaryTurn && glossary.hasNext()) || !variations.hasNext() ? glossary : variations;
      glossaryTurn = !glossaryTurn;
      while (from.hasNext()) {
        Candidate c = from.next();
        if (store.duplicate(c.item()) || !taken.add(GeneratedItem.fingerprint(c.item()))) continue;
        out.add(c);
        break;
      }
    }
    return new Batch(out, List.of());
  }

  /** Variations of the level's bank items, made one at a time as they are asked for. */
  private static Iterator<Candidate> variations(List<BankItem> level, Request r) {
    return new Iterator<>() {
      private final int tries = level.size() * 4;
      private int k;
      private Candidate next;

      @Override
      public boolean hasNext() {
        while (next == null && k < tries) {
          BankItem source = level.get((int) Math.floorMod(r.seed() + k, (long) level.size()));
          Optional<BankItem> v = LocalVariations.vary(source, r.seed() * 31 + k);
          k++;
          if (v.isPresent()) next = new Candidate(v.get(), "local", source.id(), true);
        }
        return next != null;
      }

      @Override
      public Candidate next() {
        if (!hasNext()) throw new NoSuchElementException();
        Candidate c = next;
        next = null;
        return c;
      }
    };
  }
}
