package ai.elevare.http;

import static org.junit.Assert.*;

import ai.elevare.account.User;
import ai.elevare.practice.Question;
import ai.elevare.qa.Confidence;
import ai.elevare.qa.QaResult;
import ai.elevare.student.StudentCommand;
import ai.elevare.student.StudentEntity;
import ai.elevare.student.StudentReply;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.testkit.javadsl.TestEntityRef;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.JUnitRouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.junit.AfterClass;
import org.junit.Test;

/**
 * The practice and Q&A routes alone, over test entity refs: each route parses, asks the student's
 * entity once and renders, and a bad request or a wrong role never reaches the entity.
 */
public class StudentRoutesTest extends JUnitRouteTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final User STUDENT = new User(UUID.randomUUID().toString(), "s@x", "S", "student", "Europe/Paris");
  private static final User TUTOR = new User(UUID.randomUUID().toString(), "t@x", "T", "tutor", "UTC");
  private static final Question Q =
      new Question("item-1", "math", "algebra", "Solve x + 1 = 2.", "number", "number", null, List.of("1"),
          List.of("Subtract 1."), "x = 1", null, 20_000, 2);

  private final List<StudentCommand> received = new CopyOnWriteArrayList<>();

  @AfterClass
  public static void stopKit() {
    kit.shutdownTestKit();
  }

  /** A student entity that answers from a script and remembers what it was asked. */
  private ActorRef<StudentCommand> entity() {
    return kit.spawn(
        Behaviors.receive(StudentCommand.class)
            .onMessage(StudentCommand.class, c -> {
              received.add(c);
              if (c instanceof StudentCommand.RequestAssignment r) {
                r.replyTo().tell(new StudentReply.AssignmentView(UUID.randomUUID().toString(), r.subject(), Q, 2, 1012.34, "bank"));
              } else if (c instanceof StudentCommand.Complete r) {
                r.replyTo().tell(r.answer().equals("1")
                    ? new StudentReply.CompleteResult(true, 0.9, 1000, 1010.26, 4, 18, 3, true, false, "Correct.", null)
                    : new StudentReply.Rejected(StudentReply.Reason.CONFLICT, "This assignment is already completed."));
              } else if (c instanceof StudentCommand.AskQuestion r) {
                r.replyTo().tell(new StudentReply.Answered("i-1", new QaResult(
                    "Use the power rule.", "Use the power rule.",
                    new Confidence(0.9, Confidence.Label.HIGH, new Confidence.Factors(0.9, 0.9, 0.9, 0.9)),
                    false, false, false, "local", false, "math")));
              } else if (c instanceof StudentCommand.Escalate r) {
                r.replyTo().tell(new StudentReply.Escalated("thread-9"));
              }
              return Behaviors.same();
            })
            .build());
  }

  private TestRoute as(User user) {
    ActorRef<StudentCommand> ref = entity();
    StudentGateway students =
        new StudentGateway(id -> TestEntityRef.of(StudentEntity.ENTITY_KEY, id, ref), Duration.ofSeconds(3));
    ApiSupport.ApiContext ctx = new ApiSupport.ApiContext(null, new RateLimiter(1000, 1000), Runnable::run);
    Route routes = concat(new PracticeRoutes(ctx, students).route(), new QaRoutes(ctx, students, unlimited()).route());
    return testRoute(
        handleExceptions(
            HttpApi.exceptions(),
            () -> handleRejections(
                HttpApi.rejections(),
                () -> mapRequest(r -> r.addAttribute(ApiSupport.USER, user), () -> routes))));
  }

  private static AccountLimits unlimited() {
    return new AccountLimits(
        new AccountLimits.Settings(1000, Duration.ofMinutes(1), 1000), SharedBuckets.inMemory(), java.time.Clock.systemUTC());
  }

  private static HttpRequest post(String path, Object body) {
    return HttpRequest.POST(path).withEntity(ContentTypes.APPLICATION_JSON, Json.write(body));
  }

  private static JsonNode json(String s) throws Exception {
    return Json.MAPPER.readTree(s);
  }

  @Test
  public void assignAsksTheSignedInStudentsEntityOnce() throws Exception {
    var r = as(STUDENT).run(HttpRequest.GET("/practice/assign?subject=math")).assertStatusCode(200);
    JsonNode body = json(r.entityString());
    assertEquals("math", body.get("subject").asText());
    assertEquals(1012.3, body.get("student_rating").asDouble(), 1e-9);
    assertEquals("Solve x + 1 = 2.", body.get("question").get("prompt").asText());
    assertFalse("answers never leave the server", r.entityString().contains("\"answers\""));
    assertEquals(1, received.size());
  }

  @Test
  public void refusalsNeverReachTheEntity() throws Exception {
    TestRoute student = as(STUDENT);
    var unknown = student.run(HttpRequest.GET("/practice/assign?subject=astrology")).assertStatusCode(400);
    assertEquals("application/problem+json", unknown.contentTypeString().split(";")[0]);
    assertEquals("subject", json(unknown.entityString()).get("errors").get(0).get("field").asText());
    var missing = student.run(post("/practice/complete", Map.of("assignment_id", UUID.randomUUID().toString())));
    missing.assertStatusCode(400);
    assertTrue(missing.entityString().contains("answer"));
    student.run(HttpRequest.POST("/practice/complete").withEntity(ContentTypes.TEXT_PLAIN_UTF8, "{}")).assertStatusCode(415);
    as(TUTOR).run(HttpRequest.GET("/practice/assign?subject=math")).assertStatusCode(403);
    as(TUTOR).run(post("/qa/query", Map.of("question", "why?"))).assertStatusCode(403);
    assertEquals(List.of(), received);
  }

  @Test
  public void completeCarriesTheStudentsTimeZoneAndMapsRefusals() throws Exception {
    TestRoute student = as(STUDENT);
    String id = UUID.randomUUID().toString();
    var ok = student.run(post("/practice/complete", Map.of("assignment_id", id, "answer", "1", "time_ms", 12000)));
    ok.assertStatusCode(200);
    assertEquals(3, json(ok.entityString()).get("streak_days").asInt());
    StudentCommand.Complete sent = (StudentCommand.Complete) received.get(0);
    assertEquals("Europe/Paris", sent.zone());
    assertEquals(12000, sent.timeMs());
    student.run(post("/practice/complete", Map.of("assignment_id", id, "answer", "2", "time_ms", 1000)))
        .assertStatusCode(409);
  }

  @Test
  public void questionsAndEscalationsAreOneAskEach() throws Exception {
    TestRoute student = as(STUDENT);
    var answer = student.run(post("/qa/query", Map.of("question", "How do I differentiate x^3?", "subject", "math")));
    answer.assertStatusCode(200);
    assertEquals("high", json(answer.entityString()).get("confidence").get("label").asText());
    var escalated = student.run(HttpRequest.POST("/qa/" + UUID.randomUUID() + "/escalate"));
    escalated.assertStatusCode(201);
    assertEquals("thread-9", json(escalated.entityString()).get("thread_id").asText());
    student.run(HttpRequest.POST("/qa/not-a-uuid/escalate")).assertStatusCode(400);
    assertEquals(2, received.size());
  }
}
