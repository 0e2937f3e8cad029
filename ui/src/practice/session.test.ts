import type { Assignment, Verdict } from "../api/types";
import { initialSession, sessionReducer, type SessionAction, type SessionState } from "./session";

const assignment = (id: string): Assignment => ({
  assignment_id: id,
  subject: "math",
  question: { id: "q", topic: "t", prompt: "What is 6 times 7?", answer_format: "number", choices: null },
  difficulty: 3,
  student_rating: 1000,
  source: "bank",
});
const wrong: Verdict = { correct: false, completed: false, retry_allowed: true, xp_awarded: 0, feedback: "Not correct." };
const right: Verdict = { correct: true, completed: true, retry_allowed: false, xp_awarded: 19, feedback: "Correct." };
const gaveUp: Verdict = { correct: false, completed: true, retry_allowed: false, xp_awarded: 0, solution: "Answer: 2" };

const run = (state: SessionState, ...actions: SessionAction[]) => actions.reduce(sessionReducer, state);

describe("practice session", () => {
  it("keeps a wrong answer's feedback while the student retries, then counts the right one", () => {
    let s = run(initialSession(2), { type: "assigned", assignment: assignment("a1"), now: 10 }, { type: "hint", hint: "h1" });
    s = run(s, { type: "checking" }, { type: "verdict", verdict: wrong });
    expect(s.phase).toBe("answering");
    expect(s.verdict?.feedback).toBe("Not correct.");
    expect(s.attempts).toBe(1);
    expect(s.completed).toBe(0);
    expect(s.hints).toEqual(["h1"]);

    s = run(s, { type: "checking" }, { type: "verdict", verdict: right });
    expect(s).toMatchObject({ phase: "answered", completed: 1, correct: 1, xp: 19, attempts: 2 });
  });

  it("a new question clears hints and feedback; giving up completes it without a correct answer", () => {
    let s = run(
      initialSession(2),
      { type: "assigned", assignment: assignment("a1"), now: 0 },
      { type: "hint", hint: "h" },
      { type: "checking" },
      { type: "verdict", verdict: right },
      { type: "next" },
    );
    expect(s.phase).toBe("loading");
    s = sessionReducer(s, { type: "assigned", assignment: assignment("a2"), now: 5 });
    expect(s).toMatchObject({ phase: "answering", hints: [], verdict: null, attempts: 0, startedAt: 5 });
    s = run(s, { type: "checking" }, { type: "verdict", verdict: gaveUp });
    expect(s).toMatchObject({ phase: "answered", completed: 2, correct: 1 });
    expect(s.verdict?.solution).toBe("Answer: 2");
    expect(sessionReducer(s, { type: "next" }).phase).toBe("done");
  });

  it("a failed request returns to answering; actions out of turn change nothing", () => {
    const answering = sessionReducer(initialSession(1), { type: "assigned", assignment: assignment("a1"), now: 0 });
    expect(run(answering, { type: "checking" }, { type: "failed" }).phase).toBe("answering");
    expect(sessionReducer(answering, { type: "next" })).toBe(answering);
    expect(sessionReducer(answering, { type: "failed" })).toBe(answering);
  });
});
