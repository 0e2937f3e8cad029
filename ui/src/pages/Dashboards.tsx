import { Link } from "react-router-dom";
import { useParentDashboard, useTutorDashboard } from "../api/queries";
import { subjectName, type StudentCard } from "../api/types";
import { Trend } from "../components/ProgressView";
import { Empty, ErrorNote, Loading } from "../components/Status";

function Card({ s, to }: { s: StudentCard; to: string }) {
  return (
    <li className={`card student-card${s.at_risk ? " at-risk" : ""}`} data-testid="student-card">
      <div className="page-head">
        <h2>
          <Link to={to}>{s.name}</Link>
        </h2>
        {s.at_risk && (
          <span className="badge badge-low" data-testid="at-risk">
            <span aria-hidden="true">⚠</span> At risk
          </span>
        )}
      </div>
      {s.at_risk && (s.at_risk_reasons?.length ?? 0) > 0 && (
        <ul className="reasons">
          {s.at_risk_reasons!.map((r, i) => (
            <li key={i}>{r.message}</li>
          ))}
        </ul>
      )}
      <p className="small">
        {s.xp ?? 0} XP · {s.streak_days ?? 0}-day streak · {Math.round((s.accuracy ?? 0) * 100)}% correct of {s.answers ?? 0} ·{" "}
        {s.active_days ?? 0} active days
      </p>
      {(s.ratings?.length ?? 0) > 0 && (
        <ul className="chips">
          {s.ratings!.map((r) => (
            <li key={r.subject} className="chip">
              {subjectName(r.subject)} level {r.difficulty} <Trend change={r.trend} />
            </li>
          ))}
        </ul>
      )}
      {(s.flags_count ?? 0) > 0 && <p className="small">{s.flags_count} flagged Q&A answers</p>}
      <p className="small muted">
        Last active: {s.last_activity_at ? new Date(s.last_activity_at).toLocaleString() : "never"}
      </p>
    </li>
  );
}

export function TutorHome() {
  const dash = useTutorDashboard();
  const students = dash.data?.students ?? [];
  return (
    <div className="stack">
      <h1>Your students</h1>
      {dash.isPending && <Loading />}
      {dash.error && <ErrorNote error={dash.error} retry={() => void dash.refetch()} />}
      {dash.data && students.length === 0 && <Empty>No students are linked to you yet.</Empty>}
      <ul className="grid grid-wide">
        {[...students]
          .sort((a, b) => Number(!!b.at_risk) - Number(!!a.at_risk))
          .map((s) => (
            <Card key={s.student_id} s={s} to={`/tutor/students/${s.student_id}`} />
          ))}
      </ul>
    </div>
  );
}

export function ParentHome() {
  const dash = useParentDashboard();
  const children = dash.data?.children ?? [];
  return (
    <div className="stack">
      <h1>Your children</h1>
      {dash.isPending && <Loading />}
      {dash.error && <ErrorNote error={dash.error} retry={() => void dash.refetch()} />}
      {dash.data && children.length === 0 && <Empty>No children are linked to your account yet.</Empty>}
      <ul className="grid grid-wide">
        {children.map((s) => (
          <Card key={s.student_id} s={s} to={`/children/${s.student_id}`} />
        ))}
      </ul>
    </div>
  );
}
