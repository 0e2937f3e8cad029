package ai.elevare.http;

import ai.elevare.account.User;
import ai.elevare.http.auth.Access;
import ai.elevare.practice.BankItem;
import ai.elevare.practice.ItemFlags;
import ai.elevare.practice.Subjects;
import ai.elevare.practice.generated.GeneratedItem;
import ai.elevare.practice.generated.GeneratedItemStore;
import ai.elevare.student.StudentCommand.GetProgress;
import ai.elevare.student.StudentReply.ProgressView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Review of practice items: tutors and admins list the queue ({@code GET /items/review}), approve a
 * generated item into the bank or reject it, and clear or retire a flagged bank item; a student flags
 * an item they were served, generated or from the bank ({@code POST /items/{id}/flag}), which takes it
 * out of service until reviewed.
 */
public final class ItemReviewRoutes extends ApiSupport {
  private static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private final GeneratedItemStore store;
  private final ItemFlags bank;
  private final StudentGateway students;

  public ItemReviewRoutes(ApiContext ctx, GeneratedItemStore store, ItemFlags bank, StudentGateway students) {
    super(ctx);
    this.store = store;
    this.bank = bank;
    this.students = students;
  }

  /** Which review an item id belongs to. The bank wins: an approved generated item lives there under its id. */
  private enum Kind { BANK, GENERATED }

  public record FlagJson(String studentId, String reason, Instant createdAt) {}

  /** One queue entry: {@code kind} "generated" (review: approve/reject) or "bank" (a flagged bank item: clear/retire). */
  public record ReviewItemJson(
      String id, String kind, String subject, String topic, String prompt, String answerFormat, List<String> choices,
      List<String> answers, String hint, String explanation, int difficulty, String origin, String sourceItemId,
      String status, boolean flagged, String bankItemId, List<FlagJson> flags, Instant createdAt) {}

  public record QueueJson(List<ReviewItemJson> items) {}

  public record FlaggedJson(String itemId, boolean flagged) {}

  public Route route() {
    Route review =
        concat(
            pathEnd(() -> get(() -> user(u -> parameterOptional("subject", s -> parameterOptional("limit", l -> queue(u, s, l)))))),
            pathPrefix(
                PathMatchers.segment(),
                id ->
                    concat(
                        path("approve", () -> post(() -> user(u -> optionalNote(note -> decide(u, id, true, note))))),
                        path("reject", () -> post(() -> user(u -> optionalNote(note -> decide(u, id, false, note))))),
                        path("clear", () -> post(() -> user(u -> optionalNote(note -> review(u, id, true, note))))),
                        path("retire", () -> post(() -> user(u -> optionalNote(note -> review(u, id, false, note))))))));
    Route items =
        concat(
            pathPrefix("review", () -> review),
            pathPrefix(PathMatchers.segment(), id -> path("flag", () -> post(() -> user(u -> jsonBody(f -> flag(u, id, f)))))));
    return pathPrefix("items", () -> items);
  }

  private Route queue(User user, Optional<String> subject, Optional<String> limit) {
    Access.requireRole(user, "tutor", "admin");
    String s = subject.orElse(null);
    if (s != null && !Subjects.isKnown(s)) throw ApiException.badRequest("subject", "unknown subject; one of " + Subjects.ALL);
    int n = 50;
    if (limit.isPresent()) {
      try {
        n = Integer.parseInt(limit.get());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > 200) throw ApiException.badRequest("limit", "must be a whole number from 1 to 200");
    }
    int max = n;
    return jsonAsync(offload(() -> new QueueJson(merged(store.reviewQueue(s, max), bank.queue(s, max), max))));
  }

  /** Flagged items first (bank and generated, oldest first), then generated items waiting for review. */
  private static List<ReviewItemJson> merged(List<GeneratedItemStore.Review> generated, List<ItemFlags.Entry> flagged, int max) {
    List<ReviewItemJson> all = new ArrayList<>(generated.size() + flagged.size());
    generated.forEach(r -> all.add(toJson(r)));
    flagged.forEach(e -> all.add(toJson(e)));
    all.sort(Comparator.comparing((ReviewItemJson j) -> !j.flagged()).thenComparing(ReviewItemJson::createdAt));
    return all.size() > max ? all.subList(0, max) : all;
  }

  /** Approve and reject take an optional JSON body {"note"}; an empty body is fine. */
  private Route optionalNote(Function<String, Route> inner) {
    return extractRequest(
        req -> {
          boolean empty = req.entity().isKnownEmpty() || req.entity().getContentLengthOption().orElse(-1L) == 0L;
          if (empty) return inner.apply(null);
          return jsonBody(
              f -> {
                String note = f.string("note", false, 1000);
                f.validate();
                return inner.apply(note);
              });
        });
  }

  private Route decide(User user, String id, boolean approve, String note) {
    Access.requireRole(user, "tutor", "admin");
    String itemId = itemId(id);
    return onSuccess(
        offload(() -> approve ? store.approve(itemId, user.id(), note) : store.reject(itemId, user.id(), note)),
        outcome -> json(toJson(reviewed(outcome))));
  }

  /** Clear (keep, back in service) or retire a bank item. */
  private Route review(User user, String id, boolean keep, String note) {
    Access.requireRole(user, "tutor", "admin");
    String itemId = itemId(id, "No such bank item.");
    return onSuccess(
        offload(() -> keep ? bank.clear(itemId, user.id(), note) : bank.retire(itemId, user.id(), note)),
        outcome -> json(toJson(reviewedBank(outcome))));
  }

  private Route flag(User user, String id, Fields f) {
    Access.requireRole(user, "student");
    String itemId = itemId(id, "No such item.");
    String reason = f.string("reason", true, 1000);
    f.validate();
    CompletionStage<String> flagged =
        offload(() -> kind(itemId))
            .thenCompose(
                kind ->
                    students
                        // no zone: a check of what was served must not store one (a refused flag changes nothing)
                        .<ProgressView>ask(user.id(), r -> new GetProgress(null, r))
                        .thenApply(
                            view -> {
                              if (!served(view, itemId)) {
                                throw ApiException.forbidden("You can flag only an item you were given.");
                              }
                              return kind;
                            }))
            .thenCompose(
                kind ->
                    offload(
                        () ->
                            kind == Kind.BANK
                                ? reviewedBank(bank.flag(itemId, user.id(), reason)).item().id()
                                : reviewed(store.flag(itemId, user.id(), reason)).id()));
    return onSuccess(flagged, flaggedId -> json(StatusCodes.CREATED, new FlaggedJson(flaggedId, true)));
  }

  /** Unknown items are 404 before anything else is asked: the student's actor is not bothered for them. */
  private Kind kind(String itemId) {
    if (bank.exists(itemId)) return Kind.BANK;
    if (store.exists(itemId)) return Kind.GENERATED;
    throw ApiException.notFound("No such item.");
  }

  /** Open now, or among the answers the student's actor keeps (the last 20). */
  private static boolean served(ProgressView v, String itemId) {
    return v.openAssignments().stream().anyMatch(o -> itemId.equals(o.itemId()))
        || v.recentPractice().stream().anyMatch(p -> itemId.equals(p.itemId()));
  }

  private static GeneratedItem reviewed(GeneratedItemStore.Outcome outcome) {
    if (outcome instanceof GeneratedItemStore.Done d) return d.item();
    if (outcome instanceof GeneratedItemStore.Conflict c) throw ApiException.conflict(c.detail());
    throw ApiException.notFound("No such generated item.");
  }

  private static ItemFlags.Entry reviewedBank(ItemFlags.Outcome outcome) {
    if (outcome instanceof ItemFlags.Done d) return d.entry();
    if (outcome instanceof ItemFlags.Conflict c) throw ApiException.conflict(c.detail());
    throw ApiException.notFound("No such bank item.");
  }

  private static String itemId(String id) {
    return itemId(id, "No such generated item.");
  }

  private static String itemId(String id, String missing) {
    if (!ITEM_ID.matcher(id).matches()) throw ApiException.notFound(missing);
    return id;
  }

  static ReviewItemJson toJson(ItemFlags.Entry e) {
    BankItem i = e.item();
    return new ReviewItemJson(
        i.id(), "bank", i.subject(), i.topic(), i.prompt(), i.answerFormat(), i.choices(), i.answers(), i.hint(),
        i.explanation(), i.difficulty(), "bank", null, e.status(), e.flagged(), i.id(),
        e.flags().stream().map(x -> new FlagJson(x.studentId(), x.reason(), x.at())).toList(), e.createdAt());
  }

  static ReviewItemJson toJson(GeneratedItem g) {
    return toJson(new GeneratedItemStore.Review(g, List.of()));
  }

  static ReviewItemJson toJson(GeneratedItemStore.Review r) {
    GeneratedItem g = r.item();
    BankItem i = g.item();
    return new ReviewItemJson(
        g.id(), "generated", i.subject(), i.topic(), i.prompt(), i.answerFormat(), i.choices(), i.answers(), i.hint(),
        i.explanation(), i.difficulty(), g.origin(), g.sourceItemId(), g.status(), g.flagged(), g.bankItemId(),
        r.flags().stream().map(x -> new FlagJson(x.studentId(), x.reason(), x.at())).toList(), g.createdAt());
  }

}
