import { useId, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { useParentDashboard, useProgress, useTutorDashboard, type StudentProgress } from "../api/queries";
import { useStudentStream, type StreamStatus } from "../api/stream";
import { SUBJECTS, subjectName, type OverrideKind, type SubjectId } from "../api/types";
import { useUser } from "../auth";
import { ConfidenceBadge } from "../components/ConfidenceBadge";
import { ProgressView } from "../components/ProgressView";
import { NudgeEmailToggle } from "../components/Nudges";
import { Empty, ErrorNote, Loading } from "../components/Status";
import { SummaryList } from "../components/Summaries";

const KINDS: { id: OverrideKind; label: string; value: string }[] = [
  { id: "rating", label: "Rating", value: "New rating (400 to 2000)" },
  { id: "difficulty", label: "Difficulty level", value: "New level (1 to 10)" },
  { id: "assignment", label: "Next assignment", value: "Question id from the bank" },
  { id: "goal_progress", label: "Goal progress", value: "Progress (correct answers so far)" },
];

function OverrideForm({ progress }: { progress: StudentProgress }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<OverrideKind>("difficulty");
  const [subject, setSubject] = useState<SubjectId>("math");
  const [value, setValue] = useState("");
  const [goalId, setGoalId] = useState("");
  const [reason, setReason] = useState("");
  const [openThread, setOpenThread] = useState(false);
  const [touched, setTouched] = useState(false);
  const ids = { kind: useId(), subject: useId(), value: useId(), goal: useId(), reason: useId(), reasonErr: useId() };
  const goals = progress.goals.filter((g) => g.status === "active");
  const meta = KINDS.find((k) => k.id === kind)!;

  const apply = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/overrides", {
          body: {
            student_id: progress.student_id!,
            kind,
            value: kind === "assignment" ? value.trim() : Number(value),
            reason: reason.trim(),
            ...(kind === "goal_progress" ? { goal_id: goalId || goals[0]?.id } : { subject }),
            open_thread: openThread,
          },
        }),
      ),
    onSuccess: () => {
      setValue("");
      setReason("");
      setTouched(false);
      void queryClient.invalidateQueries({ queryKey: ["student", progress.student_id] });
    },
  });

  const reasonMissing = !reason.trim();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (reasonMissing || !value.trim()) return;
    apply.mutate();
  };

  return (
    <section className="card" aria-labelledby="ov-h">
      <h2 id="ov-h">Override</h2>
      <p className="muted small">Your change is applied at once and the student sees it live. A reason is required.</p>
      <form onSubmit={submit} className="form-grid" noValidate>
        <div className="field">
          <label htmlFor={ids.kind}>What to change</label>
          <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as OverrideKind)}>
            {KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        {kind === "goal_progress" ? (
          <div className="field">
            <label htmlFor={ids.goal}>Goal</label>
            <select id={ids.goal} value={goalId} onChange={(e) => setGoalId(e.target.value)} disabled={!goals.length}>
              {goals.length === 0 && <option value="">No active goals</option>}
              {goals.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.title} ({g.progress}/{g.target})
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field">
            <label htmlFor={ids.subject}>Subject</label>
            <select id={ids.subject} value={subject} onChange={(e) => setSubject(e.target.value as SubjectId)}>
              {SUBJECTS.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.value}>{meta.value}</label>
          <input
            id={ids.value}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            inputMode={kind === "assignment" ? "text" : "numeric"}
            required
            aria-invalid={touched && !value.trim()}
          />
        </div>
        <div className="field field-wide">
          <label htmlFor={ids.reason}>Reason (required)</label>
          <textarea
            id={ids.reason}
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            aria-invalid={touched && reasonMissing}
            aria-describedby={touched && reasonMissing ? ids.reasonErr : undefined}
          />
          {touched && reasonMissing && (
            <span id={ids.reasonErr} className="field-error">
              Say why, so the student and other tutors understand the change.
            </span>
          )}
        </div>
        <label className="check field-wide">
          <input type="checkbox" checked={openThread} onChange={(e) => setOpenThread(e.target.checked)} /> Also message the
          student with the reason
        </label>
        <div className="field-wide">
          <button type="submit" className="btn" disabled={apply.isPending}>
            Apply override
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {apply.isSuccess && (
          <p className="note note-success" data-testid="override-applied">
            Applied: {apply.data.kind} {apply.data.before ?? "—"} → {apply.data.after}
          </p>
        )}
        {apply.error && <ErrorNote error={apply.error} />}
      </div>
    </section>
  );
}

function LiveBadge({ status, last }: { status: StreamStatus; last: string | null }) {
  return (
    <p className="live small" aria-live="polite">
      <span className={`dot dot-${status}`} aria-hidden="true" />
      {status === "live" ? "Live" : status === "connecting" ? "Connecting…" : "Reconnecting…"}
      {last && <span className="muted" data-testid="last-event"> · last change: {last}</span>}
    </p>
  );
}

function History({ progress }: { progress: StudentProgress }) {
  return (
    <div className="two-col">
      <section className="card" aria-labelledby="flags-h">
        <h2 id="flags-h">Flagged answers</h2>
        {progress.flags.length === 0 ? (
          <Empty>No flagged Q&A answers.</Empty>
        ) : (
          <ul className="list">
            {progress.flags.slice(0, 8).map((f) => (
              <li key={f.interaction_id} className="list-item">
                <ConfidenceBadge label={f.label} score={f.confidence} />
                <span>{f.question}</span>
                {f.thread_id && <Link to={`/threads/${f.thread_id}`}>thread</Link>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="ovh-h">
        <h2 id="ovh-h">Overrides</h2>
        {progress.overrides.length === 0 ? (
          <Empty>No overrides yet.</Empty>
        ) : (
          <ul className="list" data-testid="override-history">
            {progress.overrides.slice(0, 8).map((o) => (
              <li key={o.override_id} className="list-item">
                <strong>{o.kind.replace("_", " ")}</strong> {subjectName(o.subject)}: {o.before ?? "—"} → {o.after}
                <span className="muted small">“{o.reason}”</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** The student's name from the viewer's dashboard (already cached when they came from it). */
function useStudentName(studentId: string | undefined): string | undefined {
  const role = useUser().role;
  const tutor = useTutorDashboard(role === "tutor");
  const parent = useParentDashboard(role === "parent");
  const cards = role === "tutor" ? tutor.data?.students : role === "parent" ? parent.data?.children : undefined;
  return cards?.find((c) => c.student_id === studentId)?.name;
}

/** A student seen by a tutor or admin (with the override controls) or by a parent (read-only). */
export function StudentDetail({ controls }: { controls: boolean }) {
  const { studentId } = useParams();
  const progress = useProgress(studentId);
  const name = useStudentName(studentId);
  const role = useUser().role;
  const [last, setLast] = useState<string | null>(null);
  const status = useStudentStream(studentId, (kind) => setLast(`${kind} at ${new Date().toLocaleTimeString()}`));
  return (
    <div className="stack">
      <p>
        <Link to="/">← Back</Link>
      </p>
      <div className="page-head">
        <h1>{name ?? "Student progress"}</h1>
        <LiveBadge status={status} last={last} />
      </div>
      {progress.isPending && <Loading />}
      {progress.error && <ErrorNote error={progress.error} retry={() => void progress.refetch()} />}
      {progress.data && (
        <>
          <ProgressView progress={progress.data} />
          {controls && <OverrideForm progress={progress.data} />}
          {controls && <History progress={progress.data} />}
        </>
      )}
      <section className="stack" aria-labelledby="summaries-h">
        <h2 id="summaries-h">Session summaries</h2>
        <SummaryList studentId={studentId} headingLevel={3} />
      </section>
      {role === "parent" && (
        <NudgeEmailToggle studentId={studentId} label={`Send ${name ?? "my child"} reminder e-mails`} key={studentId} />
      )}
    </div>
  );
}
