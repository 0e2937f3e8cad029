import { useCallback, useId, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { useNudges, useProgress } from "../api/queries";
import { useStudentStream } from "../api/stream";
import { SUBJECTS, type Nudge, type SubjectId } from "../api/types";
import { useUser } from "../auth";
import { ProgressView } from "../components/ProgressView";
import { NudgeEmailToggle, NudgeList } from "../components/Nudges";
import { ErrorNote, Loading } from "../components/Status";
import { SummaryList } from "../components/Summaries";

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
      <section className="stack" aria-labelledby="latest-summary-h">
        <div className="page-head">
          <h2 id="latest-summary-h">Latest session</h2>
          <Link to="/summaries">All summaries</Link>
        </div>
        <SummaryList studentId={user.id} latest headingLevel={3} />
      </section>
      <NewGoal studentId={user.id!} />
    </div>
  );
}

export function SummariesPage() {
  const user = useUser();
  useStudentStream(user.id);
  return (
    <div className="stack">
      <h1>Session summaries</h1>
      <SummaryList studentId={user.id} />
    </div>
  );
}

/** Where a nudge's tracked link lands: the click is recorded by following it, then the app opens the page. */
async function landing(link: string): Promise<string> {
  const response = await fetch(link, { credentials: "same-origin" });
  const url = new URL(response.url, window.location.origin);
  if (!response.ok || url.origin !== window.location.origin || !url.pathname.startsWith("/app")) {
    throw new Error(`nudge link ${response.status}`);
  }
  return url.pathname.slice("/app".length) + url.search;
}

export function NudgesPage() {
  const user = useUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const nudges = useNudges();
  const opened = useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/nudges/{nudge_id}/opened", { params: { path: { nudge_id: id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["nudges"], exact: true }),
  });
  const markShown = useCallback((id: string) => opened.mutate(id), [opened.mutate]);
  const follow = useCallback(
    (n: Nudge) => {
      landing(n.link!)
        .then((to) => {
          void queryClient.invalidateQueries({ queryKey: ["nudges"], exact: true });
          navigate(to || "/");
        })
        // The server's redirect is the source of truth: if it cannot be read, let the browser follow it.
        .catch(() => window.location.assign(n.link!));
    },
    [navigate, queryClient],
  );
  return (
    <div className="stack">
      <h1>Reminders</h1>
      {nudges.isPending && <Loading />}
      {nudges.error && <ErrorNote error={nudges.error} retry={() => void nudges.refetch()} />}
      {nudges.data && <NudgeList nudges={nudges.data} onShown={markShown} onFollow={follow} />}
      <NudgeEmailToggle label="Send me reminder e-mails" key={user.id} />
    </div>
  );
}
