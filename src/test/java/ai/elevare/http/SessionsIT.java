package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.platform.App;
import ai.elevare.testing.TestApp;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sessions and roles on one node: logout and the token cut-off, an admin changing a role,
 * disabling a user and removing a link, each with its refusals; the AI quota and the weights;
 * no-store on token answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionsIT {
  private TestApp app;
  private String admin;

  @BeforeAll
  void start() throws Exception {
    app = new TestApp(Map.of("elevare.ai.provider", "local", "elevare.ai.daily-quota", 2));
    admin = app.login("admin@demo.elevare");
  }

  @AfterAll
  void stop() {
    app.close();
  }

  private String newUser(String role) throws Exception {
    String email = role + "-" + java.util.UUID.randomUUID() + "@example.com";
    TestApp.Reply r = app.post("/admin/users", admin,
        Map.of("email", email, "name", "N", "role", role, "password", "a-long-password"));
    assertEquals(201, r.status(), r.raw().body());
    return email;
  }

  private String login(String email) throws Exception {
    TestApp.Reply r = app.post("/auth/login", null, Map.of("email", email, "password", "a-long-password"));
    assertEquals(200, r.status(), r.raw().body());
    return r.body().get("access_token").asText();
  }

  private TestApp.Reply patch(String path, String token, Object body) throws Exception {
    return app.call("PATCH", path, token, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body));
  }

  private static void assertProblem(TestApp.Reply r, int status) {
    assertEquals(status, r.status(), r.raw().body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
  }

  @Test
  void tokenAnswersAreNeverCached() throws Exception {
    TestApp.Reply r = app.post("/auth/login", null, Map.of("email", "student2@demo.elevare", "password", App.DEMO_PASSWORD));
    assertEquals(200, r.status());
    assertEquals("no-store", r.header("Cache-Control"));
  }

  @Test
  void logoutRefusesEveryTokenIssuedBefore() throws Exception {
    String email = newUser("student");
    String first = login(email);
    String second = login(email);
    assertEquals(200, app.get("/me", first).status());
    assertEquals(204, app.post("/auth/logout", first, "").status());
    assertProblem(app.get("/me", first), 401);
    assertProblem(app.get("/me", second), 401); // logout ends every session of the user
    assertProblem(app.post("/auth/logout", first, ""), 401);
    String fresh = login(email);
    assertEquals(200, app.get("/me", fresh).status(), "a sign-in after the logout works at once");
    assertEquals(200, app.get("/me", admin).status(), "others are untouched");
  }

  @Test
  void aDisabledUserCannotSignInAndTheirTokensAreRefused() throws Exception {
    String email = newUser("tutor");
    String token = login(email);
    String id = app.userId(token);
    TestApp.Reply r = patch("/admin/users/" + id, admin, Map.of("disabled", true));
    assertEquals(200, r.status(), r.raw().body());
    assertTrue(r.body().get("disabled").asBoolean());
    assertProblem(app.get("/me", token), 401);
    TestApp.Reply refused = app.post("/auth/login", null, Map.of("email", email, "password", "a-long-password"));
    assertProblem(refused, 403);
    assertProblem(app.post("/auth/login", null, Map.of("email", email, "password", "wrong-password")), 401);
    // Enabled again: a new sign-in works, the old token stays refused.
    assertEquals(200, patch("/admin/users/" + id, admin, Map.of("disabled", false)).status());
    String again = login(email);
    assertEquals(200, app.get("/me", again).status());
    assertProblem(app.get("/me", token), 401);
  }

  @Test
  void anAdminChangesARole() throws Exception {
    String email = newUser("tutor");
    String token = login(email);
    String id = app.userId(token);
    assertEquals("tutor", app.get("/me", token).body().get("role").asText());
    TestApp.Reply r = patch("/admin/users/" + id, admin, Map.of("role", "parent"));
    assertEquals(200, r.status(), r.raw().body());
    assertEquals("parent", r.body().get("role").asText());
    assertFalse(r.body().get("disabled").asBoolean());
    // The same token now carries the new role: roles are read from the directory, not the token.
    assertEquals("parent", app.get("/me", token).body().get("role").asText());
  }

  @Test
  void changingUsersIsRefusedWhenItShouldBe() throws Exception {
    String email = newUser("student");
    String student = login(email);
    String id = app.userId(student);
    String adminId = app.userId(admin);
    assertProblem(patch("/admin/users/" + id, student, Map.of("role", "admin")), 403);
    assertEquals("student", app.get("/me", student).body().get("role").asText());
    assertProblem(patch("/admin/users/not-a-uuid", admin, Map.of("role", "tutor")), 400);
    assertProblem(patch("/admin/users/" + java.util.UUID.randomUUID(), admin, Map.of("role", "tutor")), 404);
    assertProblem(patch("/admin/users/" + id, admin, Map.of("role", "overlord")), 400);
    assertProblem(patch("/admin/users/" + id, admin, Map.of("disabled", "yes")), 400);
    assertProblem(patch("/admin/users/" + id, admin, Map.of()), 400);
    assertProblem(patch("/admin/users/" + adminId, admin, Map.of("disabled", true)), 409);
    assertProblem(patch("/admin/users/" + adminId, admin, Map.of("role", "student")), 409);
    assertEquals(200, app.get("/me", admin).status());
    assertEquals("student", app.get("/me", student).body().get("role").asText(), "nothing changed");
  }

  @Test
  void removingALinkEndsATutorsAccess() throws Exception {
    String tutorEmail = newUser("tutor");
    String tutor = login(tutorEmail);
    String tutorId = app.userId(tutor);
    String studentToken = login(newUser("student"));
    String studentId = app.userId(studentToken);
    assertEquals(201, app.post("/admin/links", admin,
        Map.of("kind", "tutor", "from_user_id", tutorId, "student_id", studentId)).status());
    assertEquals(200, app.get("/progress/" + studentId, tutor).status());
    String link = "/admin/links/tutor/" + tutorId + "/" + studentId;
    assertProblem(app.call("DELETE", link, tutor, null), 403);
    assertProblem(app.call("DELETE", link, studentToken, null), 403);
    assertProblem(app.call("DELETE", "/admin/links/friend/" + tutorId + "/" + studentId, admin, null), 400);
    assertProblem(app.call("DELETE", "/admin/links/tutor/x/" + studentId, admin, null), 400);
    assertProblem(app.call("DELETE", "/admin/links/parent/" + tutorId + "/" + studentId, admin, null), 404);
    assertEquals(200, app.get("/progress/" + studentId, tutor).status(), "refusals changed nothing");
    assertEquals(204, app.call("DELETE", link, admin, null).status());
    assertProblem(app.get("/progress/" + studentId, tutor), 403);
    assertProblem(app.call("DELETE", link, admin, null), 404);
  }

  @Test
  void aQuestionCostsMoreThanAReadAndTheDayHasAQuota() throws Exception {
    String student = login(newUser("student"));
    long before = Long.parseLong(app.get("/me", student).header("RateLimit-Remaining"));
    long afterRead = Long.parseLong(app.get("/me", student).header("RateLimit-Remaining"));
    TestApp.Reply q1 = app.post("/qa/query", student, Map.of("question", "What is 2+2?"));
    assertEquals(200, q1.status(), q1.raw().body());
    long afterQuestion = Long.parseLong(q1.header("RateLimit-Remaining"));
    assertEquals(1, before - afterRead);
    assertEquals(5, afterRead - afterQuestion, "a question costs 5 tokens");
    assertEquals(200, app.post("/qa/query", student, Map.of("question", "What is 3+3?")).status());
    TestApp.Reply over = app.post("/qa/query", student, Map.of("question", "What is 4+4?"));
    assertProblem(over, 429);
    assertTrue(over.body().get("detail").asText().contains("resets at"), over.raw().body());
    long retryAfter = Long.parseLong(over.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 86_400, "Retry-After " + retryAfter);
    // An invalid question is refused before the quota is charged; reads go on.
    assertProblem(app.post("/qa/query", student, Map.of("question", "")), 400);
    assertEquals(200, app.get("/me", student).status());
    // Another student's quota is their own.
    assertEquals(200, app.post("/qa/query", login(newUser("student")), Map.of("question", "What is 2+2?")).status());
  }
}
