import { useCallback, useEffect, useId, useReducer, useRef, useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router-dom";
import { api, unwrap } from "../api/client";
import { SUBJECTS, subjectName, type SubjectId } from "../api/types";
import { useUser } from "../auth";
import { FlagItem, canFlag, sourceText } from "../components/FlagItem";
import { MathPreview } from "../components/MathPreview";
import { ErrorNote, Loading } from "../components/Status";
import { initialSession, sessionReducer } from "../practice/session";

const LENGTHS = [3, 5, 10];

export function PracticePage() {
  const user = useUser();
  const queryClient = useQueryClient();
  // A nudge's link names the subject to practise (/app/practice?subject=physics).
  const [params] = useSearchParams();
  const [subject, setSubject] = useState<SubjectId>(() => {
    const asked = params.get("subject");
    return SUBJECTS.find((s) => s.id === asked)?.id ?? "math";
  });
  const [length, setLength] = useState(5);
  const [state, dispatch] = useReducer(sessionReducer, 5, initialSession);
  const [answer, setAnswer] = useState("");
  const [error, setError] = useState<unknown>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const answerRef = useRef<HTMLInputElement>(null);
  const answerId = useId();
  const previewId = useId();

  const assign = useCallback(async () => {
    setError(null);
    try {
      const assignment = await unwrap(api.GET("/practice/assign", { params: { query: { subject } } }));
      setAnswer("");
      dispatch({ type: "assigned", assignment, now: performance.now() });
    } catch (e) {
      setError(e);
    }
  }, [subject]);

  // A new subject or session length starts a new session.
  useEffect(() => {
    dispatch({ type: "start", total: length });
  }, [subject, length]);

  useEffect(() => {
    if (state.phase === "loading") void assign();
  }, [state.phase, assign]);

  useEffect(() => {
    if (state.phase === "answered") nextRef.current?.focus();
    if (state.phase === "answering") answerRef.current?.focus();
  }, [state.phase, state.assignment]);

  const a = state.assignment;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["student", user.id] });

  const complete = async (body: { answer?: string; give_up?: boolean }) => {
    if (!a?.assignment_id) return;
    setError(null);
    dispatch({ type: "checking" });
    try {
      const verdict = await unwrap(
        api.POST("/practice/complete", {
          body: {
            assignment_id: a.assignment_id,
            hints_used: state.hints.length,
            time_ms: Math.max(0, Math.round(performance.now() - state.startedAt)),
            ...body,
          },
        }),
      );
      dispatch({ type: "verdict", verdict });
      void refresh();
    } catch (e) {
      dispatch({ type: "failed" });
      setError(e);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (answer.trim()) void complete({ answer: answer.trim() });
  };

  const hint = async () => {
    if (!a?.assignment_id) return;
    setError(null);
    try {
      const h = await unwrap(api.POST("/practice/hint", { body: { assignment_id: a.assignment_id } }));
      dispatch({ type: "hint", hint: h.hint ?? "" });
    } catch (e) {
      setError(e);
    }
  };

  const v = state.verdict;
  const answering = state.phase === "answering" || state.phase === "checking";
  const format = a?.question?.answer_format;
  const shown = Math.min(state.completed + (state.phase === "answered" || state.phase === "done" ? 0 : 1), state.total);

  return (
    <div className="stack">
      <h1>Practice</h1>
      <div className="toolbar">
        <label>
          Subject
          <select value={subject} onChange={(e) => setSubject(e.target.value as SubjectId)}>
            {SUBJECTS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Questions per session
          <select value={length} onChange={(e) => setLength(Number(e.target.value))}>
            {LENGTHS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>

      <div className="session-progress">
        <span data-testid="session-count">
          {state.phase === "done" ? `Session complete` : `Question ${shown} of ${state.total}`}
        </span>
        <progress max={state.total} value={state.completed} aria-label={`${state.completed} of ${state.total} questions done`} />
      </div>

      {error != null && <ErrorNote error={error} retry={state.phase === "loading" ? () => void assign() : undefined} />}

      {state.phase === "loading" && !error && <Loading what="Finding your next question" />}

      {state.phase === "done" && (
        <section className="card" aria-labelledby="done-h">
          <h2 id="done-h">Well done!</h2>
          <p data-testid="session-summary">
            You answered {state.correct} of {state.total} correctly and earned {state.xp} XP in {subjectName(subject)}.
          </p>
          <button type="button" className="btn" onClick={() => dispatch({ type: "start", total: length })}>
            Start a new session
          </button>
        </section>
      )}

      {a && state.phase !== "loading" && state.phase !== "done" && (
        <section className="card question" aria-labelledby="q-h">
          <p className="muted small">
            {subjectName(a.subject)} · {a.question?.topic?.replace(/-/g, " ")} · level {a.difficulty}
          </p>
          {sourceText(a.source) && (
            <p className="small source" data-testid="source">
              {sourceText(a.source)}
            </p>
          )}
          <h2 id="q-h" className="prompt" data-testid="prompt">
            {a.question?.prompt}
          </h2>

          <form onSubmit={submit} className="stack">
            {format === "choice" ? (
              <fieldset disabled={!answering}>
                <legend>Choose one answer</legend>
                {(a.question?.choices ?? []).map((c) => (
                  <label key={c} className="choice">
                    <input type="radio" name="choice" value={c} checked={answer === c} onChange={() => setAnswer(c)} />
                    {c}
                  </label>
                ))}
              </fieldset>
            ) : (
              <div className="field">
                <label htmlFor={answerId}>Your answer</label>
                <input
                  id={answerId}
                  ref={answerRef}
                  value={answer}
                  onChange={(e) => setAnswer(e.target.value)}
                  disabled={!answering}
                  autoComplete="off"
                  spellCheck={format === "text"}
                  aria-describedby={format !== "text" ? previewId : undefined}
                  placeholder={format === "expression" ? "e.g. 2*x^2 + sqrt(x)" : format === "number" ? "e.g. -38 or 3/4" : ""}
                />
                {format !== "text" && <MathPreview input={answer} id={previewId} />}
              </div>
            )}
            {answering && (
              <div className="actions">
                <button type="submit" className="btn" disabled={!answer.trim() || state.phase === "checking"}>
                  {state.attempts > 0 ? "Try again" : "Check answer"}
                </button>
                <button type="button" className="btn btn-secondary" onClick={() => void hint()} disabled={state.phase === "checking"}>
                  {state.hints.length ? "Another hint" : "Hint"}
                </button>
                <button type="button" className="btn btn-ghost" onClick={() => void complete({ give_up: true })} disabled={state.phase === "checking"}>
                  Give up and show solution
                </button>
              </div>
            )}
          </form>

          {state.hints.length > 0 && (
            <div className="hints" aria-live="polite">
              <h3>Hints</h3>
              <ol>
                {state.hints.map((h, i) => (
                  <li key={i}>{h}</li>
                ))}
              </ol>
            </div>
          )}

          <div aria-live="polite" data-testid="feedback">
            {v && (
              <div className={`note ${v.correct ? "note-success" : v.completed ? "note-info" : "note-warning"}`}>
                <p>
                  <strong>{v.correct ? "Correct!" : v.completed ? "Worked solution" : "Not quite."}</strong> {!v.solution && v.feedback}
                </p>
                {v.correct && (
                  <p className="small">
                    +{v.xp_awarded} XP · rating {Math.round(v.rating_before ?? 0)} → {Math.round(v.rating_after ?? 0)} · streak{" "}
                    {v.streak_days} days
                  </p>
                )}
                {v.solution && <pre className="solution">{v.solution}</pre>}
              </div>
            )}
          </div>

          {canFlag(a) && a.question?.id && <FlagItem key={a.question.id} itemId={a.question.id} />}

          {state.phase === "answered" && (
            <button type="button" className="btn" ref={nextRef} onClick={() => dispatch({ type: "next" })}>
              {state.completed >= state.total ? "See session results" : "Next question"}
            </button>
          )}
        </section>
      )}
    </div>
  );
}
