import { useEffect, useId } from "react";
import { ApiError } from "../api/client";
import { isWriting, useProgress, useSummaries } from "../api/queries";
import { subjectName, type SessionSummary } from "../api/types";
import { Empty, ErrorNote, Loading } from "./Status";

/** The narrative is prose with blank lines between paragraphs: shown as paragraphs, never as bullets. */
export function paragraphs(narrative: string | null | undefined): string[] {
  return (narrative ?? "")
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, " ").trim())
    .filter((p) => p.length > 0);
}

function when(s: SessionSummary): string {
  const at = s.ended_at ?? s.started_at ?? s.created_at;
  return at ? new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "";
}

function StatusNote({ summary }: { summary: SessionSummary }) {
  if (isWriting(summary)) {
    return (
      <p className="note note-info" role="status" data-testid="summary-status" data-status={summary.status}>
        This summary is being written. It appears here by itself in a few seconds.
        {summary.failure_reason && <span className="small"> (Retrying after: {summary.failure_reason})</span>}
      </p>
    );
  }
  if (summary.status === "failed") {
    return (
      <p className="note note-error" data-testid="summary-status" data-status="failed">
        We could not write this summary.{summary.failure_reason ? ` Reason: ${summary.failure_reason}` : ""}
      </p>
    );
  }
  return null;
}

/** One tutoring session: the narrative as paragraphs, key topics as chips, next steps as a list, its status. */
export function SummaryCard({ summary, headingLevel = 2 }: { summary: SessionSummary; headingLevel?: 2 | 3 }) {
  const headingId = useId();
  const Heading = `h${headingLevel}` as const;
  const Sub = `h${headingLevel + 1}` as "h3" | "h4";
  const topics = summary.key_topics ?? [];
  const steps = summary.next_steps ?? [];
  const ready = summary.status === "ready";
  return (
    <article className="card summary" aria-labelledby={headingId} data-testid="summary-card" data-status={summary.status}>
      <div className="page-head">
        <Heading id={headingId}>{subjectName(summary.subject)} session</Heading>
        <span className="muted small">{when(summary)}</span>
      </div>
      <StatusNote summary={summary} />
      {ready && (
        <>
          <div className="narrative" data-testid="narrative">
            {paragraphs(summary.narrative).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </div>
          {topics.length > 0 && (
            <>
              <Sub className="small-head">Key topics</Sub>
              <ul className="chips" aria-label="Key topics" data-testid="key-topics">
                {topics.map((t) => (
                  <li key={t} className="chip">
                    {t}
                  </li>
                ))}
              </ul>
            </>
          )}
          {steps.length > 0 && (
            <>
              <Sub className="small-head">Next steps</Sub>
              <ol className="steps" data-testid="next-steps">
                {steps.map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </article>
  );
}

/** Words for a refused or failed read: a parent or tutor who is not linked is told so plainly. */
function SummariesError({ error, retry }: { error: unknown; retry: () => void }) {
  if (error instanceof ApiError && error.status === 403) {
    return (
      <div className="note note-error" role="alert" data-testid="summaries-refused">
        <span>You do not have access to this student's session summaries.</span>
      </div>
    );
  }
  return <ErrorNote error={error} retry={retry} />;
}

/**
 * The student's actor learns of a ready summary (and the stream says `summary`) about when the read
 * model behind GET /summaries is written, in either order. While the actor's list (in progress) names
 * a summary the read model does not have as ready yet, read it again shortly.
 */
function useCatchUp(studentId: string | undefined, summaries: ReturnType<typeof useSummaries>) {
  const progress = useProgress(studentId);
  const known = (progress.data?.summaries ?? []) as { summary_id?: string }[];
  const behind = known.some(
    (n) => !summaries.data?.some((s) => s.summary_id === n.summary_id && s.status === "ready"),
  );
  const { refetch, dataUpdatedAt } = summaries;
  useEffect(() => {
    if (!behind) return;
    const timer = setTimeout(() => void refetch(), 1500);
    return () => clearTimeout(timer);
  }, [behind, dataUpdatedAt, refetch]);
}

/**
 * A student's summaries for whoever may read them (the student, a linked tutor or parent, an admin);
 * `latest` shows only the newest one (the student's home page).
 */
export function SummaryList({
  studentId,
  latest = false,
  headingLevel = 2,
}: {
  studentId: string | undefined;
  latest?: boolean;
  headingLevel?: 2 | 3;
}) {
  const summaries = useSummaries(studentId);
  useCatchUp(studentId, summaries);
  const shown = latest ? (summaries.data ?? []).slice(0, 1) : summaries.data ?? [];
  return (
    <div className="stack" aria-busy={summaries.isFetching}>
      {summaries.isPending && summaries.fetchStatus !== "idle" && <Loading what="Loading summaries" />}
      {summaries.error && <SummariesError error={summaries.error} retry={() => void summaries.refetch()} />}
      {summaries.data && shown.length === 0 && (
        <Empty>No session summaries yet. After a tutoring session, its summary appears here.</Empty>
      )}
      {shown.map((s) => (
        <SummaryCard key={s.summary_id} summary={s} headingLevel={headingLevel} />
      ))}
    </div>
  );
}
