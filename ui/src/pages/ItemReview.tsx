import { useId, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../api/client";
import { SUBJECTS, subjectName } from "../api/types";
import { Empty, ErrorNote, Loading } from "../components/Status";

export type GeneratedItem = Schemas["GeneratedItem"];

const STATUS: Record<string, string> = {
  verified: "Checked by the computer algebra system",
  pending: "Not checked automatically",
  approved: "Approved",
  rejected: "Rejected",
};

const decided = (i: GeneratedItem) => i.status === "approved" || i.status === "rejected";

export function useReviewQueue(subject: string) {
  return useQuery({
    queryKey: ["items", "review", subject],
    queryFn: () => unwrap(api.GET("/items/review", { params: { query: subject ? { subject } : {} } })),
  });
}

/** One generated item with its answers, flags and the approve / reject decision (with an optional note). */
export function ReviewCard({ item }: { item: GeneratedItem }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const decide = useMutation({
    mutationFn: (verdict: "approve" | "reject") => {
      const path = verdict === "approve" ? "/items/review/{id}/approve" : "/items/review/{id}/reject";
      return unwrap(
        api.POST(path, { params: { path: { id: item.id ?? "" } }, body: note.trim() ? { note: note.trim() } : {} }),
      );
    },
    // The decided item stays in the list with its outcome (not refetched away under the reviewer's eyes).
    onSuccess: (reviewed) =>
      queryClient.setQueriesData<{ items?: GeneratedItem[] }>({ queryKey: ["items", "review"] }, (old) =>
        old && { ...old, items: old.items?.map((i) => (i.id === reviewed.id ? reviewed : i)) },
      ),
  });
  const flags = item.flags ?? [];
  const done = decided(item) ? item : decide.data;
  return (
    <li className="card review-item" data-testid="review-item">
      <p className="muted small">
        {subjectName(item.subject)} · {item.topic?.replace(/-/g, " ")} · level {item.difficulty} ·{" "}
        {item.origin === "openai" ? "written by the AI" : "a variation of a bank question"} · {STATUS[item.status ?? ""] ?? item.status}
      </p>
      <h2 id={`${id}-h`} className="prompt">
        {item.flagged && (
          <span className="badge badge-unread" data-testid="flagged">
            Reported
          </span>
        )}{" "}
        {item.prompt}
      </h2>
      {(item.choices ?? []).length > 0 && (
        <p className="small">
          Choices: {(item.choices ?? []).join(" · ")}
        </p>
      )}
      <p className="answers">
        Accepted answers ({item.answer_format}): <strong>{(item.answers ?? []).join(" · ")}</strong>
      </p>
      <details>
        <summary>Hint and explanation</summary>
        <p className="small">Hint: {item.hint}</p>
        <p className="small">Explanation: {item.explanation}</p>
      </details>
      {flags.length > 0 && (
        <div className="note note-warning">
          <p>
            <strong>Reported by {flags.length === 1 ? "a student" : `${flags.length} students`}:</strong>
          </p>
          <ul>
            {flags.map((f, i) => (
              <li key={i}>
                “{f.reason}”{" "}
                {f.created_at && (
                  <time className="muted small" dateTime={f.created_at}>
                    {new Date(f.created_at).toLocaleString()}
                  </time>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {done ? (
        <p className="note note-success" role="status">
          {done.status === "approved" ? "Approved: it is in the question bank now." : "Rejected: it will not be served again."}
        </p>
      ) : (
        <div className="stack">
          <div className="field">
            <label htmlFor={`${id}-note`}>Note (optional)</label>
            <input id={`${id}-note`} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="actions">
            <button type="button" className="btn" disabled={decide.isPending} onClick={() => decide.mutate("approve")}>
              Approve into the bank
            </button>
            <button type="button" className="btn btn-secondary" disabled={decide.isPending} onClick={() => decide.mutate("reject")}>
              Reject
            </button>
          </div>
        </div>
      )}
      <div aria-live="polite">{decide.error != null && <ErrorNote error={decide.error} />}</div>
    </li>
  );
}

/** Tutors' and admins' queue of generated practice items, reported ones first. */
const PAGE = 10;

export function ItemReviewPage() {
  const [subject, setSubject] = useState("");
  // A few at a time: the queue holds up to 50, each a full card to read before deciding.
  const [shown, setShown] = useState(PAGE);
  const queue = useReviewQueue(subject);
  const items = queue.data?.items ?? [];
  const waiting = items.filter((i) => !decided(i));
  return (
    <div className="stack">
      <h1>Items to review</h1>
      <p className="muted">
        Questions the generator wrote for students. Approving one adds it to the question bank; rejecting one stops it
        being served. Questions students reported come first.
      </p>
      <div className="toolbar">
        <label>
          Subject
          <select value={subject} onChange={(e) => {
              setSubject(e.target.value);
              setShown(PAGE);
            }}
          >
            <option value="">All subjects</option>
            {SUBJECTS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {queue.isPending ? (
        <Loading what="Loading the questions to review" />
      ) : queue.error ? (
        <ErrorNote error={queue.error} retry={() => void queue.refetch()} />
      ) : items.length === 0 ? (
        <Empty>Nothing to review: no generated questions are waiting.</Empty>
      ) : (
        <>
          <p className="small" data-testid="review-count">
            {waiting.length} {waiting.length === 1 ? "question" : "questions"} waiting, {waiting.filter((i) => i.flagged).length} reported
          </p>
          <ul className="reviews">
            {items.slice(0, shown).map((item) => (
              <ReviewCard key={item.id} item={item} />
            ))}
          </ul>
          {items.length > shown && (
            <button type="button" className="btn btn-secondary" onClick={() => setShown((n) => n + PAGE)}>
              Show {Math.min(PAGE, items.length - shown)} more (of {items.length - shown} not shown)
            </button>
          )}
        </>
      )}
    </div>
  );
}
