import type { Assignment, Verdict } from "../api/types";

/**
 * A practice session of `total` questions, as a pure reducer so the flow (retry after a wrong
 * answer, give up, next question, the end) is tested without a server.
 */
export type Phase = "loading" | "answering" | "checking" | "answered" | "done";

export interface SessionState {
  phase: Phase;
  total: number;
  assignment: Assignment | null;
  hints: string[];
  /** The last verdict on the current question: a wrong one stays visible while the student retries. */
  verdict: Verdict | null;
  attempts: number;
  startedAt: number;
  completed: number;
  correct: number;
  xp: number;
}

export type SessionAction =
  | { type: "start"; total: number }
  | { type: "assigned"; assignment: Assignment; now: number }
  | { type: "hint"; hint: string }
  | { type: "checking" }
  | { type: "failed" }
  | { type: "verdict"; verdict: Verdict }
  | { type: "next" };

export function initialSession(total: number): SessionState {
  return {
    phase: "loading",
    total,
    assignment: null,
    hints: [],
    verdict: null,
    attempts: 0,
    startedAt: 0,
    completed: 0,
    correct: 0,
    xp: 0,
  };
}

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case "start":
      return initialSession(action.total);
    case "assigned":
      return { ...state, phase: "answering", assignment: action.assignment, hints: [], verdict: null, attempts: 0, startedAt: action.now };
    case "hint":
      return { ...state, hints: [...state.hints, action.hint] };
    case "checking":
      return state.phase === "answering" ? { ...state, phase: "checking" } : state;
    case "failed":
      return state.phase === "checking" ? { ...state, phase: "answering" } : state;
    case "verdict": {
      const v = action.verdict;
      const attempts = state.attempts + 1;
      if (!v.completed) return { ...state, phase: "answering", verdict: v, attempts };
      return {
        ...state,
        phase: "answered",
        verdict: v,
        attempts,
        completed: state.completed + 1,
        correct: state.correct + (v.correct ? 1 : 0),
        xp: state.xp + (v.xp_awarded ?? 0),
      };
    }
    case "next":
      if (state.phase !== "answered") return state;
      return state.completed >= state.total ? { ...state, phase: "done" } : { ...state, phase: "loading", verdict: null };
  }
}
