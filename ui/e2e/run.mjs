// End-to-end: the real backend (built jar, fresh H2 data dir, a free port) driven through Debian's
// Chromium with playwright-core. Prints one line per check and a closing "N passed, N failed".
// E2E_CLASSPATH="target/classes:target/lib/*" runs the backend from classes instead of the jar.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createHmac, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const shots = join(root, "target", "e2e-screenshots");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const PASSWORD = "elevare-demo";
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 375, height: 812 };
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

// A port free now and below the kernel's ephemeral range: a bind(0) port can become the local end of some
// outgoing connection before the node binds it; one below that range cannot.
const LOWEST = 10000;
const EPHEMERAL_LOW = (() => {
  try {
    return Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768; // Linux's default
  }
})();

function listens(port) {
  return new Promise((res) => {
    const srv = createServer();
    srv.once("error", () => res(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => res(true)));
  });
}

async function freePort() {
  if (EPHEMERAL_LOW - LOWEST < 1000) return kernelPick(); // an unusual kernel range
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (EPHEMERAL_LOW - LOWEST));
    if (await listens(port)) return port;
  }
  throw new Error(`no free loopback port in ${LOWEST}..${EPHEMERAL_LOW}`);
}

function kernelPick() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function startBackend() {
  // Every port the node binds is a free one, so the run never collides with a `make run` beside it.
  const [port, clusterPort, managementPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), "elevare-e2e-"));
  const cp = process.env.E2E_CLASSPATH;
  const jar = join(root, "target", "elevare.jar");
  if (!cp && !existsSync(jar)) throw new Error(`no ${jar}: run \`make package\` first`);
  const args = cp ? ["-cp", cp, "ai.elevare.platform.Main"] : ["-jar", jar];
  const proc = spawn("java", ["-XX:+UseParallelGC", "-Xmx1g", ...args], {
    cwd: root,
    env: {
      ...process.env,
      ELEVARE_HTTP_PORT: String(port),
      ELEVARE_CLUSTER_PORT: String(clusterPort),
      ELEVARE_MANAGEMENT_PORT: String(managementPort),
      ELEVARE_DATA_DIR: dataDir,
      ELEVARE_DEMO_ACCOUNTS: "true",
      // a goal's nudge must arrive whatever the hour the suite runs (Chromium's zone is the machine's);
      // quiet hours themselves are tested in QuietHoursTest and NudgeFlowIT
      ELEVARE_NUDGE_QUIET_HOURS: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise((res) => {
      if (proc.exitCode !== null) return res();
      proc.once("exit", () => res());
      proc.kill("SIGTERM");
    }).then(() => rmSync(dataDir, { recursive: true, force: true }));
  const deadline = Date.now() + 120_000;
  for (;;) {
    let failure = null;
    if (proc.exitCode !== null) failure = `backend exited ${proc.exitCode}`;
    else if (Date.now() > deadline) failure = "backend not ready in 120 s";
    if (failure) {
      await stop();
      throw new Error(`${failure}:\n${log.slice(-3000)}`);
    }
    try {
      // readiness is on the management port; the public port keeps only /health
      const r = await fetch(`http://127.0.0.1:${managementPort}/ready`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, stop };
}

const results = [];
let broken = null;
async function check(name, fn) {
  if (broken) {
    results.push({ name, status: "skipped" });
    console.log(`  - ${name} (skipped: an earlier check failed)`);
    return;
  }
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, status: "passed" });
    console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, status: "failed" });
    broken = e;
    console.log(`  ✘ ${name}\n    ${String(e?.stack ?? e).split("\n").slice(0, 6).join("\n    ")}`);
  }
}

/** axe-core's WCAG 2.1 A/AA rules (labels, contrast, names, structure): no serious or critical finding. */
async function accessible(page, name) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  const found = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  assert.deepEqual(found, [], `accessibility of ${name}`);
}

/** Every main page: checked with axe, then kept as a screenshot at desktop and phone width. */
async function shot(page, name) {
  await accessible(page, name);
  await page.screenshot({ path: join(shots, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(shots, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}

async function signIn(browser, base, who) {
  const context = await browser.newContext({ viewport: DESKTOP, baseURL: base });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByLabel("Email").fill(`${who}@demo.elevare`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  return page;
}

/** The signed-in user of a page, from the tab's session storage (as the app keeps it). */
const whoIs = (page) =>
  page.evaluate(() => ({ token: sessionStorage.getItem("elevare.token"), user: JSON.parse(sessionStorage.getItem("elevare.user")) }));

/** A call to the API as the page's signed-in user: the status and the JSON body (if any). */
async function apiAs(base, page, path, init = {}) {
  const { token } = await whoIs(page);
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...(init.headers ?? {}) },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Rails' side of the webhook (docs/integrations/rails.md): HMAC-SHA256 over "<unix seconds>.<raw body>". */
async function postSession(base, session, secret = "dev-webhook-secret") {
  const body = JSON.stringify(session);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  const response = await fetch(`${base}/summaries`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Elevare-Timestamp": timestamp, "X-Elevare-Signature": `sha256=${signature}` },
    body,
  });
  return { status: response.status, body: await response.json() };
}

/** On the tutor's open student page: the goal-progress override, with its required reason. */
async function goalProgress(tutor, goal, progress, reason) {
  await tutor.getByLabel("What to change").selectOption("goal_progress");
  await tutor.getByLabel("Goal", { exact: true }).locator("option", { hasText: goal }).waitFor({ state: "attached" });
  await tutor.getByLabel("Progress (correct answers so far)").fill(String(progress));
  await tutor.getByLabel("Reason (required)").fill(reason);
  await tutor.getByRole("button", { name: "Apply override" }).click();
  await tutor.getByTestId("override-applied").first().waitFor({ state: "visible", timeout: 15_000 });
}

const nav = (page, name) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();
const visible = (locator, timeout = 15_000) => locator.first().waitFor({ state: "visible", timeout });

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM)`);
  mkdirSync(shots, { recursive: true });
  console.log("UI end-to-end (Chromium against the real backend)");
  const backend = await startBackend();
  let browser;
  let student, tutor, studentId, itemId;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"],
    });
    await check("the app is served with its security headers; sign-in refuses a wrong password in words", async () => {
      const context = await browser.newContext({ viewport: DESKTOP, baseURL: backend.base });
      const page = await context.newPage();
      const response = await page.goto("/");
      const headers = response.headers();
      assert.match(headers["content-security-policy"], /script-src 'self';.*frame-ancestors 'none'/);
      assert.equal(headers["x-content-type-options"], "nosniff");
      assert.equal(headers["referrer-policy"], "no-referrer");
      await page.getByLabel("Email").fill("student@demo.elevare");
      await page.getByLabel("Password").fill("not-the-password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await visible(page.getByText("That email and password do not match."));
      await shot(page, "signin");
      await context.close();
    });

    await check("student signs in and sees levels per subject, XP and streak", async () => {
      student = await signIn(browser, backend.base, "student");
      await visible(student.getByTestId("rating-math"));
      assert.equal(await student.locator("[data-testid^=rating-]").count(), 5);
      assert.match(await student.getByTestId("xp").innerText(), /^\d+$/);
      studentId = await student.evaluate(() => JSON.parse(sessionStorage.getItem("elevare.user")).id);
      await shot(student, "student-home");
    });

    await check("tutor sees the linked student on the dashboard, with the at-risk reason", async () => {
      tutor = await signIn(browser, backend.base, "tutor");
      const card = tutor.getByTestId("student-card").filter({ hasText: "Sam Student" });
      await visible(card);
      await visible(card.getByTestId("at-risk"));
      await visible(card.getByText("No activity yet."));
      await shot(tutor, "tutor-dashboard");
    });

    await check("tutor authors a question and assigns it with a required reason", async () => {
      await nav(tutor, "Add question");
      await tutor.getByLabel("Topic").fill("multiplication");
      await tutor.getByLabel("Question").fill("What is 6 times 7?");
      await tutor.getByLabel("Accepted answers (one per line)").fill("42");
      await visible(tutor.getByTestId("math-preview").locator(".katex"));
      await tutor.getByLabel("Hint").fill("Six sevens: 7 + 7 + 7 + 7 + 7 + 7.");
      await tutor.getByLabel("Explanation (shown after answering)").fill("6 × 7 = 42.");
      await tutor.getByRole("button", { name: "Add to the bank" }).click();
      itemId = (await tutor.getByTestId("item-id").innerText()).trim();
      assert.ok(itemId.length > 0);
      await shot(tutor, "tutor-items");

      await tutor.goto(`/app/tutor/students/${studentId}`);
      await visible(tutor.getByText("Live"));
      await tutor.getByLabel("What to change").selectOption("assignment");
      await tutor.getByLabel("Subject", { exact: true }).selectOption("math");
      await tutor.getByLabel("Question id from the bank").fill(itemId);
      await tutor.getByRole("button", { name: "Apply override" }).click();
      await visible(tutor.getByText("Say why, so the student"));
      assert.equal(await tutor.getByTestId("override-applied").count(), 0);
      await tutor.getByLabel("Reason (required)").fill("Warm-up on times tables before Thursday.");
      await tutor.getByRole("button", { name: "Apply override" }).click();
      await visible(tutor.getByTestId("override-applied"));
    });

    await check("student practises: wrong answer, retry with math preview, right answer, give up shows the solution", async () => {
      await nav(student, "Practice");
      await visible(student.getByTestId("prompt").filter({ hasText: "What is 6 times 7?" }));
      const answer = student.getByLabel("Your answer");
      await answer.fill("41");
      await visible(student.getByTestId("math-preview").locator(".katex"));
      await student.getByRole("button", { name: "Check answer" }).click();
      await visible(student.getByTestId("feedback").getByText("Not quite."));
      await answer.fill("42");
      await student.getByRole("button", { name: "Hint" }).click();
      await visible(student.getByText("Six sevens"));
      await shot(student, "student-practice-retry");
      await student.getByRole("button", { name: "Try again" }).click();
      await visible(student.getByTestId("feedback").getByText("Correct!"));
      await student.getByRole("button", { name: "Next question" }).click();
      await visible(student.getByRole("button", { name: "Give up and show solution" }));
      assert.match(await student.getByTestId("session-count").innerText(), /Question 2 of 5/);
      await student.getByRole("button", { name: "Give up and show solution" }).click();
      await visible(student.getByTestId("feedback").getByText("Worked solution"));
      assert.ok((await student.locator(".solution").innerText()).length > 0);
      await shot(student, "student-practice-solution");
    });

    await check("a tutor's override shows on the student's open page within 2 s", async () => {
      await nav(student, "Home");
      const level = student.getByTestId("rating-math").getByTestId("level");
      await visible(level);
      const target = (await level.innerText()).trim() === "9" ? "2" : "9";
      await tutor.getByLabel("What to change").selectOption("difficulty");
      await tutor.getByLabel("Subject", { exact: true }).selectOption("math");
      await tutor.getByLabel("New level (1 to 10)").fill(target);
      await tutor.getByLabel("Reason (required)").fill("Ready for harder problems.");
      await tutor.getByRole("button", { name: "Apply override" }).click();
      await visible(tutor.getByTestId("override-applied"));
      const t0 = Date.now();
      await student.waitForFunction(
        (t) => document.querySelector("[data-testid=rating-math] [data-testid=level]")?.textContent === t,
        target,
        { timeout: 2000 },
      );
      console.log(`    (student page updated ${Date.now() - t0} ms after the tutor's override was applied)`);
      await visible(tutor.getByTestId("override-history").getByText("Ready for harder problems."));
      await shot(tutor, "tutor-student");
    });

    await check("student sets a goal; the tutor's goal-progress override fills its bar on the student's page", async () => {
      await student.getByText("Set a new goal").click();
      await student.getByLabel("Goal", { exact: true }).fill("Times tables");
      await student.getByLabel("Correct answers to reach").fill("5");
      await student.getByRole("button", { name: "Add goal" }).click();
      const bar = student.getByRole("progressbar", { name: /Times tables/ });
      await visible(bar);
      assert.equal(await bar.getAttribute("aria-label"), "Times tables: 0 of 5");
      // The tutor's open page learns of the new goal from the stream, without a reload.
      await goalProgress(tutor, "Times tables", 3, "Did three in our session.");
      await visible(student.getByRole("progressbar", { name: "Times tables: 3 of 5" }), 2000);
    });

    await check("student asks: a high-confidence answer, then a low one escalated to the tutor", async () => {
      await nav(student, "Ask");
      await student.getByLabel("Your question").fill("What is the derivative of x^2?");
      await student.getByRole("button", { name: "Ask", exact: true }).click();
      const first = student.getByTestId("qa-answer").nth(0);
      await visible(first.getByTestId("confidence-badge"));
      assert.equal(await first.getAttribute("data-label"), "high");
      await student.getByLabel("Ask a follow-up").fill("Why did the Roman empire fall?");
      await student.getByRole("button", { name: "Ask", exact: true }).click();
      const second = student.getByTestId("qa-answer").nth(1);
      await visible(second.getByTestId("confidence-badge"));
      assert.equal(await second.getAttribute("data-label"), "low");
      await second.getByRole("button", { name: "Ask my tutor" }).click();
      await visible(second.getByRole("link", { name: /Sent to your tutor/ }));
      await shot(student, "student-ask");
    });

    await check("the tutor sees the escalation unread, answers in the thread, and the student reads it", async () => {
      await nav(tutor, "Messages");
      const link = tutor.getByTestId("thread-link").filter({ hasText: /Roman/ });
      await visible(link);
      await visible(tutor.getByTestId("unread"));
      await shot(tutor, "tutor-threads");
      await link.click();
      await tutor.getByLabel("Reply").fill("Good question for Thursday: history is not in the bank yet.");
      await tutor.getByRole("button", { name: "Send" }).click();
      await visible(tutor.getByTestId("message").filter({ hasText: "Good question for Thursday" }));
      await nav(student, "Messages");
      await student.getByTestId("thread-link").filter({ hasText: /Roman/ }).click();
      await visible(student.getByTestId("message").filter({ hasText: "Good question for Thursday" }));
      await shot(student, "student-thread");
    });

    await check("a signed session webhook: the student sees the ready summary (paragraphs, topics, next steps) and the latest on Home", async () => {
      const { user: tutorUser } = await whoIs(tutor);
      const transcript = readFileSync(join(root, "src/test/resources/summaries/chemistry-limiting-reactant.txt"), "utf8");
      const ended = new Date();
      const session = {
        session_id: `e2e-${randomUUID()}`,
        student_id: studentId,
        tutor_id: tutorUser.id,
        subject: "chemistry",
        transcript,
        started_at: new Date(ended.getTime() - 45 * 60_000).toISOString(),
        ended_at: ended.toISOString(),
      };
      const accepted = await postSession(backend.base, session);
      assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
      // A wrong secret changes nothing: refused before the body is read.
      assert.equal((await postSession(backend.base, { ...session, session_id: `e2e-${randomUUID()}` }, "not-the-secret")).status, 401);

      await nav(student, "Summaries");
      const card = student.locator(`[data-testid=summary-card][data-status=ready]`);
      // Pending first, then ready without a reload: the page polls while a summary is being written.
      await visible(card, 30_000);
      const api = await apiAs(backend.base, student, `/summaries/${studentId}`);
      assert.equal(api.status, 200);
      const mine = api.body.find((s) => s.summary_id === accepted.body.summary_id);
      assert.equal(mine.status, "ready");
      assert.ok(mine.key_topics.length > 0, "the summariser found topics");
      assert.deepEqual(await card.getByTestId("key-topics").locator("li").allInnerTexts(), mine.key_topics);
      assert.ok((await card.getByTestId("narrative").locator("p").count()) >= 1);
      assert.equal(await card.getByTestId("narrative").locator("li").count(), 0);
      if (mine.next_steps.length > 0) {
        assert.deepEqual(await card.getByTestId("next-steps").locator("li").allInnerTexts(), mine.next_steps);
      }
      await shot(student, "student-summaries");
      await nav(student, "Home");
      await visible(student.getByTestId("summary-card").getByText(mine.key_topics[0], { exact: true }));
      await visible(student.getByRole("heading", { name: "Chemistry session" }));
      // The linked tutor reads it on the student's page.
      await tutor.goto(`/app/tutor/students/${studentId}`);
      await visible(tutor.locator("[data-testid=summary-card][data-status=ready]").getByText(mine.key_topics[0], { exact: true }));
    });

    await check("a second student is refused another student's summaries (403), and the app says so in words", async () => {
      const other = await signIn(browser, backend.base, "student2");
      const refused = await apiAs(backend.base, other, `/summaries/${studentId}`);
      assert.equal(refused.status, 403);
      // Their own Summaries page shows their own (none), nothing of the other student's.
      await nav(other, "Summaries");
      await visible(other.getByText(/No session summaries yet/));
      assert.equal(await other.getByTestId("summary-card").count(), 0);
      // A parent not linked to this second student opens their page: refused by the API, told plainly.
      const { user: otherUser } = await whoIs(other);
      const parent = await signIn(browser, backend.base, "parent");
      await parent.goto(`/app/children/${otherUser.id}`);
      await visible(parent.getByTestId("summaries-refused"));
      assert.match(await parent.getByTestId("summaries-refused").innerText(), /do not have access to this student's session summaries/);
      assert.equal(await parent.getByTestId("summary-card").count(), 0);
      await other.context().close();
      await parent.context().close();
    });

    await check("student's reminders: the inbox (empty or rendered, each marked opened) and the e-mail switch round trip", async () => {
      // The pages nudges link to (the backend's NudgeTarget): practice in a subject, and the goals.
      await student.goto("/app/practice?subject=chemistry");
      await visible(student.getByTestId("prompt"));
      assert.equal(await student.getByLabel("Subject").inputValue(), "chemistry");
      await student.goto("/app/goals");
      await visible(student.getByRole("progressbar", { name: /Times tables/ }));
      await student.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Reminders/ }).click();
      await visible(student.getByRole("heading", { name: "Reminders" }));
      const listed = await apiAs(backend.base, student, "/nudges");
      assert.equal(listed.status, 200);
      if (listed.body.length === 0) {
        await visible(student.getByText(/No reminders yet/));
        assert.equal(await student.getByTestId("nudges-unread").count(), 0);
      } else {
        await visible(student.getByTestId("nudge"));
        assert.equal(await student.getByTestId("nudge").count(), listed.body.length);
        // Shown means opened: the server has every one as opened, and the unread count is gone.
        await student.waitForFunction(() => !document.querySelector("[data-testid=nudges-unread]"), null, { timeout: 10_000 });
        assert.ok((await apiAs(backend.base, student, "/nudges")).body.every((n) => n.opened_at));
      }
      const box = student.getByLabel("Send me reminder e-mails");
      await visible(box);
      const before = await box.isChecked();
      assert.equal((await apiAs(backend.base, student, "/nudges/email")).body.enabled, before);
      await box.press("Space");
      await visible(student.getByTestId("nudge-email-saved"));
      assert.equal((await apiAs(backend.base, student, "/nudges/email")).body.enabled, !before);
      await student.reload();
      await visible(student.getByLabel("Send me reminder e-mails"));
      assert.equal(await student.getByLabel("Send me reminder e-mails").isChecked(), !before);
      await student.getByLabel("Send me reminder e-mails").click();
      await visible(student.getByTestId("nudge-email-saved"));
      assert.equal((await apiAs(backend.base, student, "/nudges/email")).body.enabled, before);
    });

    await check("a goal reached: its reminder shows unread, is marked opened when shown, and its link opens in the app", async () => {
      // The tutor's override completes the goal (3 of 5 so far); the student's actor nudges at once.
      await goalProgress(tutor, "Times tables", 5, "Finished the set in our session.");
      let nudges = [];
      const deadline = Date.now() + 20_000;
      while (!nudges.some((n) => n.kind === "goal_completed") && Date.now() < deadline) {
        nudges = (await apiAs(backend.base, student, "/nudges")).body;
        if (!nudges.some((n) => n.kind === "goal_completed")) await student.waitForTimeout(250);
      }
      const nudge = nudges.find((n) => n.kind === "goal_completed");
      assert.ok(nudge, `a goal_completed nudge within 20 s, got ${JSON.stringify(nudges)}`);
      assert.equal(nudge.opened_at, null);

      await student.goto("/app/home");
      await visible(student.getByTestId("nudges-unread"));
      await student.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Reminders/ }).click();
      const item = student.getByTestId("nudge").filter({ hasText: nudge.message });
      await visible(item);
      assert.equal(await item.getAttribute("data-kind"), "goal_completed");
      await student.waitForFunction(() => !document.querySelector("[data-testid=nudges-unread]"), null, { timeout: 10_000 });
      const seen = (await apiAs(backend.base, student, "/nudges")).body.find((n) => n.id === nudge.id);
      assert.ok(seen.opened_at, "marked opened when shown");
      await shot(student, "student-reminders");

      await item.getByRole("link", { name: /^Go there/ }).click();
      await student.waitForURL((url) => !url.pathname.startsWith("/app/nudges"), { timeout: 10_000 });
      const landed = new URL(student.url());
      assert.ok(landed.pathname.startsWith("/app/"), `stayed in the app: ${landed}`);
      const subject = landed.searchParams.get("subject");
      if (subject) assert.equal(await student.getByLabel("Subject").inputValue(), subject);
      const clicked = (await apiAs(backend.base, student, "/nudges")).body.find((n) => n.id === nudge.id);
      assert.ok(clicked.clicked_at, "the click went through the tracked link");
    });

    await check("parent sees the child read-only; the tutor page's URL is refused; an expired token asks to sign in again", async () => {
      const parent = await signIn(browser, backend.base, "parent");
      const card = parent.getByTestId("student-card").filter({ hasText: "Sam Student" });
      await visible(card);
      await card.getByRole("link", { name: "Sam Student" }).click();
      await visible(parent.getByTestId("rating-math"));
      assert.equal(await parent.getByRole("button", { name: "Apply override" }).count(), 0);
      // The child's session summary, read-only; and the child's reminder e-mails switched off and on again.
      await visible(parent.locator("[data-testid=summary-card][data-status=ready]").getByTestId("key-topics"));
      const box = parent.getByLabel("Send Sam Student reminder e-mails");
      await visible(box);
      const before = await box.isChecked();
      await box.click();
      await visible(parent.getByTestId("nudge-email-saved"));
      const pref = await apiAs(backend.base, parent, `/nudges/email?student_id=${studentId}`);
      assert.deepEqual(pref, { status: 200, body: { student_id: studentId, enabled: !before } });
      await box.click();
      await visible(parent.getByTestId("nudge-email-saved").getByText(before ? /are on/ : /are off/));
      await shot(parent, "parent-child");
      await parent.goto(`/app/tutor/students/${studentId}`);
      await visible(parent.getByTestId("refused"));
      assert.equal(await parent.getByRole("button", { name: "Apply override" }).count(), 0);
      // A token the server no longer accepts sends the user back to sign in, with a message.
      await parent.evaluate(() => sessionStorage.setItem("elevare.token", "expired"));
      await parent.goto("/app/parent");
      await visible(parent.getByText("Your session has expired. Please sign in again."));
      await visible(parent.getByRole("button", { name: "Sign in" }));
      await parent.context().close();
    });

    await check("admin analytics render charts with the run's data", async () => {
      const admin = await signIn(browser, backend.base, "admin");
      await visible(admin.getByRole("heading", { name: "Platform analytics" }));
      await admin.waitForFunction(() => document.querySelectorAll("[data-testid=chart] svg.recharts-surface").length >= 6, null, {
        timeout: 10_000,
      });
      // The bars exist only when the analytics carry the answers and overrides made above.
      await visible(admin.locator(".recharts-bar-rectangle"));
      await shot(admin, "admin-analytics");
      await nav(admin, "Users");
      await visible(admin.getByRole("heading", { name: "Create a user" }));
      await shot(admin, "admin-users");
      await admin.context().close();
    });

    await check("a generated item: the student reports it from practice, sees the review queue, and a tutor approves it", async () => {
      // A student whose chemistry bank at their level runs dry by giving up is served generated variations.
      const learner = await signIn(browser, backend.base, "student2");
      let generated = null;
      let bankItem = null;
      let bankPrompt = null;
      for (let i = 0; i < 80 && !generated; i++) {
        const a = await apiAs(backend.base, learner, "/practice/assign?subject=chemistry");
        if (a.status === 429) throw new Error(`rate-limited after ${i} questions`);
        assert.equal(a.status, 200, JSON.stringify(a.body));
        if (a.body.source === "ai") generated = a.body;
        else {
          if (!a.body.question.id.startsWith("g-")) {
            bankItem = a.body.question.id;
            bankPrompt = a.body.question.prompt;
          }
          const done = await apiAs(backend.base, learner, "/practice/complete", {
            method: "POST",
            body: JSON.stringify({ assignment_id: a.body.assignment_id, give_up: true }),
          });
          assert.equal(done.status, 200, JSON.stringify(done.body));
        }
      }
      assert.ok(generated, "a generated chemistry item within 80 questions");
      console.log(`    (generated item ${generated.question.id} served)`);
      // A bank item the student was given can be reported too: it is out of service until a tutor decides.
      const reported = await apiAs(backend.base, learner, `/items/${bankItem}/flag`, {
        method: "POST",
        body: JSON.stringify({ reason: "The answer key looks wrong." }),
      });
      assert.equal(reported.status, 201, JSON.stringify(reported.body));

      await learner.goto("/app/practice?subject=chemistry");
      await visible(learner.getByTestId("prompt").filter({ hasText: generated.question.prompt.slice(0, 40) }));
      assert.match(await learner.getByTestId("source").innerText(), /generated/);
      await learner.getByRole("button", { name: "Report a problem with this question" }).click();
      await learner.getByLabel("What is wrong with it?").fill("The numbers in the question do not match the answer.");
      await learner.getByRole("button", { name: "Send report" }).click();
      await visible(learner.getByTestId("flag-done"));
      await shot(learner, "student-practice-report");

      await nav(learner, "Home");
      const reviews = learner.getByRole("region", { name: "Questions to review" });
      await visible(reviews.getByRole("listitem"));
      const progress = await apiAs(backend.base, learner, `/progress/${(await whoIs(learner)).user.id}`);
      assert.ok(progress.body.reviews.length > 0, "given-up items come back for review");
      assert.equal(await reviews.getByRole("listitem").count(), progress.body.reviews.length);
      await visible(reviews.getByText(/Chemistry/));
      await shot(learner, "student-home-reviews");

      await nav(tutor, "Items to review");
      const card = tutor.getByTestId("review-item").filter({ hasText: generated.question.prompt.slice(0, 40) });
      await visible(card);
      await visible(card.getByTestId("flagged"));
      await visible(card.getByText("The numbers in the question do not match the answer."));
      await shot(tutor, "tutor-review");
      await card.getByLabel("Note (optional)").fill("Checked: the numbers match.");
      await card.getByRole("button", { name: "Approve into the bank" }).click();
      await visible(card.getByText("Approved: it is in the question bank now."));
      const bankCard = tutor.getByTestId("review-item").filter({ hasText: bankPrompt.slice(0, 40) });
      await visible(bankCard.getByText(/from the question bank/));
      await visible(bankCard.getByText("The answer key looks wrong."));
      await bankCard.getByRole("button", { name: "Keep it (clear the report)" }).click();
      await visible(bankCard.getByText("Kept: it is served to students again."));
      const queue = await apiAs(backend.base, tutor, "/items/review?limit=200");
      assert.ok(!queue.body.items.some((i) => i.id === generated.question.id), "approved items leave the queue");
      assert.ok(!queue.body.items.some((i) => i.id === bankItem), "kept bank items leave the queue");
      await learner.context().close();
    });

    await check("authoring a roots question: a bad answer shows the 400's message at the field, a good one is added", async () => {
      await nav(tutor, "Add question");
      await tutor.getByLabel("Topic").fill("quadratics");
      await tutor.getByLabel("Answer format").selectOption("roots");
      await tutor.getByLabel("Question").fill("Solve x^2 + x - 6 = 0.");
      await tutor.getByLabel("Accepted answers (one per line)").fill("two and minus three");
      await tutor.getByLabel("Hint").fill("Factor it.");
      await tutor.getByLabel("Explanation (shown after answering)").fill("(x + 3)(x - 2) = 0, so x = 2 or x = -3.");
      await tutor.getByRole("button", { name: "Add to the bank" }).click();
      await visible(tutor.getByTestId("error-answers"));
      assert.equal(await tutor.getByLabel("Accepted answers (one per line)").getAttribute("aria-invalid"), "true");
      await tutor.getByLabel("Accepted answers (one per line)").fill("x = 2, x = -3");
      await tutor.getByRole("button", { name: "Add to the bank" }).click();
      await visible(tutor.getByTestId("item-id"));
      assert.equal(await tutor.getByTestId("error-answers").count(), 0);
    });

    await check("admin changes a user's role, disables them, and removes a tutor link", async () => {
      const admin = await signIn(browser, backend.base, "admin");
      await nav(admin, "Users");
      const email = `e2e-${randomUUID().slice(0, 8)}@demo.elevare`;
      await admin.getByLabel("Email").fill(email);
      await admin.getByLabel("Name").fill("Robin Removed");
      await admin.getByRole("button", { name: "Create user" }).click();
      const created = admin.getByText(`Created ${email}`);
      await visible(created);
      const userId = (await created.locator("code").innerText()).trim();
      const tutorId = (await whoIs(tutor)).user.id;
      const linkForm = admin.locator("form").filter({ has: admin.getByRole("heading", { name: "Link a tutor or parent to a student" }) });
      await linkForm.getByLabel("Tutor or parent user id").fill(tutorId);
      await linkForm.getByLabel("Student user id").fill(userId);
      await linkForm.getByRole("button", { name: "Link" }).click();
      await visible(linkForm.getByText("Linked."));

      const change = admin.locator("form").filter({ has: admin.getByRole("heading", { name: "Change a user" }) });
      await change.getByLabel("User id").fill(userId);
      await change.getByLabel("Sign-in").selectOption("disable");
      await change.getByRole("button", { name: "Save changes" }).click();
      await visible(change.getByTestId("user-changed").getByText(`${email} is now a student, disabled.`));
      await change.getByLabel("Sign-in").selectOption("enable");
      await change.getByLabel("New role").selectOption("parent");
      await change.getByRole("button", { name: "Save changes" }).click();
      await visible(change.getByTestId("user-changed").getByText(`${email} is now a parent, able to sign in.`));
      // Refusals in words: an admin may not change themself.
      await change.getByLabel("User id").fill((await whoIs(admin)).user.id);
      await change.getByRole("button", { name: "Save changes" }).click();
      await visible(change.getByRole("alert"));

      const remove = admin.locator("form").filter({ has: admin.getByRole("heading", { name: "Remove a tutor or parent link" }) });
      await remove.getByLabel("Tutor or parent user id").fill(tutorId);
      await remove.getByLabel("Student user id").fill(studentId);
      await remove.getByRole("button", { name: "Remove link" }).click();
      await visible(remove.getByTestId("link-removed"));
      assert.equal((await apiAs(backend.base, tutor, `/progress/${studentId}`)).status, 403, "the tutor lost access at once");
      await remove.getByRole("button", { name: "Remove link" }).click();
      await visible(remove.getByRole("alert"));
      await shot(admin, "admin-users-manage");
      await admin.context().close();
    });

    await check("sign out ends the session on the server: the old token is refused", async () => {
      const { token } = await whoIs(student);
      await student.getByRole("button", { name: "Sign out" }).click();
      await visible(student.getByText("You have signed out."));
      await visible(student.getByRole("button", { name: "Sign in" }));
      assert.equal((await whoIs(student)).token, null);
      const after = await fetch(`${backend.base}/me`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(after.status, 401);
      await shot(student, "signed-out");
    });
  } finally {
    await browser?.close();
    await backend.stop();
  }

  if (process.env.UPDATE_SCREENSHOTS) {
    cpSync(shots, join(root, "docs", "screenshots"), { recursive: true });
    console.log("  screenshots copied to docs/screenshots/");
  }
  const count = (s) => results.filter((r) => r.status === s).length;
  console.log(`  screenshots: ${shots}`);
  console.log(`${count("passed")} passed, ${count("failed")} failed${count("skipped") ? `, ${count("skipped")} skipped` : ""}`);
  process.exitCode = count("failed") > 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log("0 passed, 1 failed");
  process.exitCode = 1;
});
