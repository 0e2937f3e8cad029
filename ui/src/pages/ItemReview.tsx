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
  flagged: "Out of service until reviewed",
  active: "In service",
  retired: "Retired",
};

/** A bank item (kind "bank") is cleared or retired; a generated one is approved into the bank or rejected. */
const isBank = (i: GeneratedItem) => i.kind === "bank";

const decided = (i: GeneratedItem) =>
  isBank(i) ? i.status === "active" || i.status === "retired" : i.status === "approved" || i.status === "rejected";

type Verdict = "approve" | "reject" | "clear" | "retire";

const PATHS = {
  approve: "/items/review/{id}/approve",
  reject: "/items/review/{id}/reject",
  clear: "/items/review/{id}/clear",
  retire: "/items/review/{id}/retire",
} as const;

function outcome(i: GeneratedItem): string {
  switch (i.status) {
    case "approved":
      return "Approved: it is in the question bank now.";
    case "rejected":
      return "Rejected: it will not be served again.";
    case "active":
      return "Kept: it is served to students again.";
    default:
      return "Retired: it will not be served again.";
  }
}

export function useReviewQueue(subject: string) {
  return useQuery({
    queryKey: ["items", "review", subject],
    queryFn: () => unwrap(api.GET("/items/review", { params: { query: subject ? { subject } : {} } })),
  });
}

/**
 * One item with its answers and flags, and the decision (with an optional note): approve / reject for a
 * generated item, keep / retire for a reported bank item.
 */
export function ReviewCard({ item }: { item: GeneratedItem }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const decide = useMutation({
    mutationFn: (verdict: Verdict) =>
      unwrap(
        api.POST(PATHS[verdict], { params: { path: { id: item.id ?? "" } }, body: note.trim() ? { note: note.trim() } : {} }),
      ),
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
        {isBank(item) ? "from the question bank" : item.origin === "openai" ? "written by the AI" : "a variation of a bank question"} ·{" "}
        {STATUS[item.status ?? ""] ?? item.status}
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
          {outcome(done)}
        </p>
      ) : (
        <div className="stack">
          <div className="field">
            <label htmlFor={`${id}-note`}>Note (optional)</label>
            <input id={`${id}-note`} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
          </div>
          {isBank(item) ? (
            <div className="actions">
              <button type="button" className="btn" disabled={decide.isPending} onClick={() => decide.mutate("clear")}>
                Keep it (clear the report)
              </button>
              <button type="button" className="btn btn-secondary" disabled={decide.isPending} onClick={() => decide.mutate("retire")}>
                Retire it
              </button>
            </div>
          ) : (
            <div className="actions">
              <button type="button" className="btn" disabled={decide.isPending} onClick={() => decide.mutate("approve")}>
                Approve into the bank
              </button>
              <button type="button" className="btn btn-secondary" disabled={decide.isPending} onClick={() => decide.mutate("reject")}>
                Reject
              </button>
            </div>
          )}
        </div>
      )}
      <div aria-live="polite">{decide.error != null && <ErrorNote error={decide.error} />}</div>
    </li>
  );
}

/** Tutors' and admins' queue: generated practice items and reported bank questions, reported ones first. */
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
        Questions the generator wrote for students, and bank questions students reported. Approving a generated
        question adds it to the question bank; rejecting one stops it being served. A reported bank question is out of
        service until you keep it or retire it. Questions students reported come first.
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
        <Empty>Nothing to review: no generated or reported questions are waiting.</Empty>
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
