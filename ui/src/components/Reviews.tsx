import type { Progress } from "../api/types";
import { subjectName } from "../api/types";
import { Empty } from "./Status";

export type ReviewItem = NonNullable<Progress["reviews"]>[number];

const topicName = (t: string | undefined) => t?.replace(/-/g, " ") ?? "";

/** "due now", or when it comes back in words the student reads at a glance. */
export function dueText(r: ReviewItem, now: number = Date.now()): string {
  if (r.due || !r.due_at) return "Due now";
  const at = new Date(r.due_at);
  // Calendar days in the reader's zone: 06:00 tomorrow is "tomorrow" even when it is 12 hours away.
  const midnight = (t: number) => new Date(t).setHours(0, 0, 0, 0);
  const days = Math.round((midnight(at.getTime()) - midnight(now)) / 86_400_000);
  const when = at.toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  if (days <= 0) return `Due today, ${at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}`;
  if (days === 1) return `Due tomorrow (${when})`;
  return `Due in ${days} days (${when})`;
}

/** The spaced-review queue (earliest first): questions missed or slow come back in practice when due. */
export function ReviewList({ reviews }: { reviews: ReviewItem[] }) {
  const dueNow = reviews.filter((r) => r.due).length;
  return (
    <section aria-labelledby="reviews-h" data-testid="reviews">
      <h2 id="reviews-h">Questions to review</h2>
      {reviews.length === 0 ? (
        <Empty>Nothing to review. Questions you miss or find hard come back here at the right time.</Empty>
      ) : (
        <>
          <p className="small" data-testid="reviews-due">
            {dueNow === 0
              ? "None due now. Practice brings each one back when it is due."
              : `${dueNow} due now: practice that subject and they come first.`}
          </p>
          <ul className="reviews">
            {reviews.map((r) => (
              <li key={`${r.item_id}-${r.due_at}`} className={`review${r.due ? " review-due" : ""}`}>
                <span>
                  <strong>{subjectName(r.subject)}</strong> · {topicName(r.topic)}
                  {(r.lapses ?? 0) > 0 && <span className="muted small"> · missed {r.lapses} {r.lapses === 1 ? "time" : "times"}</span>}
                </span>
                <span className={r.due ? "badge badge-unread" : "muted small"}>
                  {r.due_at ? <time dateTime={r.due_at}>{dueText(r)}</time> : dueText(r)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
