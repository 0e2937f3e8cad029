import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { useProgress } from "../api/queries";
import { useStudentStream } from "../api/stream";
import { SUBJECTS, type SubjectId } from "../api/types";
import { useUser } from "../auth";
import { ProgressView } from "../components/ProgressView";
import { ErrorNote, Loading } from "../components/Status";

function NewGoal({ studentId }: { studentId: string }) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [subject, setSubject] = useState<SubjectId>("math");
  const [target, setTarget] = useState(10);
  const ids = { title: useId(), subject: useId(), target: useId() };
  const add = useMutation({
    mutationFn: () => unwrap(api.POST("/goals", { body: { student_id: studentId, subject, title: title.trim(), target } })),
    onSuccess: () => {
      setTitle("");
      void queryClient.invalidateQueries({ queryKey: ["student", studentId] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (title.trim()) add.mutate();
  };
  return (
    <details className="card">
      <summary>Set a new goal</summary>
      <form onSubmit={submit} className="form-grid">
        <div className="field">
          <label htmlFor={ids.title}>Goal</label>
          <input id={ids.title} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Master fractions" required />
        </div>
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
        <div className="field">
          <label htmlFor={ids.target}>Correct answers to reach</label>
          <input id={ids.target} type="number" min={1} max={1000} value={target} onChange={(e) => setTarget(Number(e.target.value))} />
        </div>
        <div>
          <button className="btn" type="submit" disabled={add.isPending || !title.trim()}>
            Add goal
          </button>
        </div>
        {add.error && <ErrorNote error={add.error} />}
      </form>
    </details>
  );
}

export function StudentHome() {
  const user = useUser();
  const progress = useProgress(user.id);
  // The student's own page follows the stream too, so a tutor's change shows without a reload.
  useStudentStream(user.id);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Hi, {user.name?.split(" ")[0]}</h1>
        <div className="actions">
          <Link className="btn" to="/practice">
            Practise now
          </Link>
          <Link className="btn btn-secondary" to="/ask">
            Ask a question
          </Link>
        </div>
      </div>
      {progress.isPending && <Loading />}
      {progress.error && <ErrorNote error={progress.error} retry={() => void progress.refetch()} />}
      {progress.data && <ProgressView progress={progress.data} />}
      <NewGoal studentId={user.id!} />
    </div>
  );
}

export function SummariesPage() {
  const user = useUser();
  const progress = useProgress(user.id);
  const summaries = progress.data?.summaries ?? [];
  return (
    <div className="stack">
      <h1>Session summaries</h1>
      {progress.isPending && <Loading />}
      {progress.error && <ErrorNote error={progress.error} />}
      {progress.data && summaries.length === 0 && (
        <p className="empty">No session summaries yet. After a tutoring session, its summary appears here.</p>
      )}
    </div>
  );
}

export function NudgesPage() {
  return (
    <div className="stack">
      <h1>Reminders</h1>
      <p className="empty">No reminders yet. Nudges about your goals and practice will appear here.</p>
    </div>
  );
}
