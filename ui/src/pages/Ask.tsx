import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { SUBJECTS, type QaAnswer, type SubjectId } from "../api/types";
import { ConfidenceBadge } from "../components/ConfidenceBadge";
import { ErrorNote } from "../components/Status";
import { useUser } from "../auth";

interface Turn {
  question: string;
  answer: QaAnswer;
}

/** What a student sees for one answer: the whole answer, a caveat, or only an overview and the tutor. */
export function AnswerCard({ turn }: { turn: Turn }) {
  const queryClient = useQueryClient();
  const a = turn.answer;
  const label = a.confidence?.label ?? "low";
  const escalate = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/qa/{interaction_id}/escalate", { params: { path: { interaction_id: a.interaction_id! } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["threads"] }),
  });
  return (
    <article className="card answer" data-testid="qa-answer" data-label={label}>
      <header className="answer-head">
        <ConfidenceBadge label={label} score={a.confidence?.score} />
        {a.follow_up && <span className="muted small">follow-up</span>}
      </header>
      {label === "low" ? (
        <>
          <p className="answer-text">{a.overview ?? a.answer}</p>
          <p className="note note-warning">
            I am not sure enough to give a full answer. Your tutor can help with this one.
          </p>
        </>
      ) : (
        <>
          <p className="answer-text">{a.answer}</p>
          {label === "medium" && (
            <p className="note note-info" data-testid="disclaimer">
              This answer may not be completely right. Check it with your tutor if anything looks off.
            </p>
          )}
        </>
      )}
      {(label === "low" || a.escalation?.suggested) && (
        <div className="actions">
          {escalate.data?.thread_id ? (
            <Link to={`/threads/${escalate.data.thread_id}`} className="btn btn-secondary">
              Sent to your tutor: open the thread
            </Link>
          ) : (
            <button
              type="button"
              className={label === "low" ? "btn" : "btn btn-secondary"}
              onClick={() => escalate.mutate()}
              disabled={escalate.isPending}
            >
              Ask my tutor
            </button>
          )}
        </div>
      )}
      {escalate.error && <ErrorNote error={escalate.error} />}
    </article>
  );
}

/** The conversation survives moving between pages of the app (this tab only, like the token). */
function useConversation(userId: string) {
  const key = `elevare.qa.${userId}`;
  const [turns, setTurns] = useState<Turn[]>(() => JSON.parse(sessionStorage.getItem(key) ?? "[]") as Turn[]);
  useEffect(() => sessionStorage.setItem(key, JSON.stringify(turns.slice(-20))), [key, turns]);
  return [turns, setTurns] as const;
}

export function AskPage() {
  const user = useUser();
  const [turns, setTurns] = useConversation(user.id!);
  const [question, setQuestion] = useState("");
  const [subject, setSubject] = useState<SubjectId | "">("");
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const qId = useId();

  const ask = useMutation({
    mutationFn: (q: string) =>
      unwrap(api.POST("/qa/query", { body: { question: q, ...(subject ? { subject } : {}) } })),
    onSuccess: (answer, q) => {
      setTurns((t) => [...t, { question: q, answer }]);
      setQuestion("");
      inputRef.current?.focus();
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = question.trim();
    if (q) ask.mutate(q);
  };

  return (
    <div className="stack">
      <h1>Ask a question</h1>
      <p className="muted">
        Follow-ups continue the same conversation (“and what if it were 15?”). Every answer says how sure it is.
      </p>
      <ol className="chat" aria-label="Conversation" aria-live="polite">
        {turns.map((t) => (
          <li key={t.answer.interaction_id}>
            <p className="bubble bubble-me">
              <span className="sr-only">You asked: </span>
              {t.question}
            </p>
            <AnswerCard turn={t} />
          </li>
        ))}
      </ol>
      {ask.error && <ErrorNote error={ask.error} />}
      <form onSubmit={submit} className="card stack">
        <div className="field">
          <label htmlFor={qId}>{turns.length ? "Ask a follow-up" : "Your question"}</label>
          <textarea
            id={qId}
            ref={inputRef}
            rows={3}
            maxLength={2000}
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit(e);
            }}
          />
        </div>
        <div className="toolbar">
          <label>
            Subject (optional)
            <select value={subject} onChange={(e) => setSubject(e.target.value as SubjectId | "")}>
              <option value="">Any</option>
              {SUBJECTS.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn" disabled={!question.trim() || ask.isPending}>
            {ask.isPending ? "Thinking…" : "Ask"}
          </button>
        </div>
      </form>
    </div>
  );
}
