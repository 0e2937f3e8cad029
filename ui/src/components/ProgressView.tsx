import type { StudentProgress } from "../api/queries";
import { subjectName, type Goal, type Rating } from "../api/types";
import { ReviewList } from "./Reviews";
import { Empty } from "./Status";

export function Trend({ change }: { change: number | undefined }) {
  const c = change ?? 0;
  if (Math.abs(c) < 0.05) return <span className="trend trend-flat">steady</span>;
  const up = c > 0;
  return (
    <span className={`trend ${up ? "trend-up" : "trend-down"}`}>
      <span aria-hidden="true">{up ? "▲" : "▼"}</span> {up ? "up" : "down"} {Math.abs(c).toFixed(1)}
    </span>
  );
}

function RatingCard({ r }: { r: Rating }) {
  const level = r.difficulty ?? 1;
  return (
    <li className="card rating-card" data-testid={`rating-${r.subject}`}>
      <h3>{subjectName(r.subject)}</h3>
      <p className="level">
        Level <strong data-testid="level">{level}</strong>
        <span className="muted"> of 10</span>
      </p>
      <div className="level-bar" aria-hidden="true">
        <span style={{ width: `${level * 10}%` }} />
      </div>
      <p className="small">
        Rating {Math.round(r.rating ?? 0)} · <Trend change={r.last_change} />
      </p>
      <p className="small muted">{r.attempts ?? 0} answers</p>
    </li>
  );
}

export function GoalBar({ goal }: { goal: Goal }) {
  const target = goal.target ?? 1;
  const progress = Math.min(goal.progress ?? 0, target);
  return (
    <li className="goal">
      <div className="goal-head">
        <span>
          <strong>{goal.title}</strong> <span className="muted">· {subjectName(goal.subject)}</span>
        </span>
        <span>
          {progress} / {target}
          {goal.status === "completed" && <span className="badge badge-high"> Completed</span>}
        </span>
      </div>
      <progress max={target} value={progress} aria-label={`${goal.title}: ${progress} of ${target}`} />
    </li>
  );
}

/** Ratings as levels with their trend, goals, XP and streak: the same view for every role. */
export function ProgressView({ progress }: { progress: StudentProgress }) {
  const goals = progress.goals.filter((g) => g.status !== "archived");
  return (
    <div className="stack">
      <section aria-labelledby="stats-h" className="stats">
        <h2 id="stats-h" className="sr-only">
          XP and streak
        </h2>
        <div className="stat">
          <span className="stat-value" data-testid="xp">
            {progress.xp ?? 0}
          </span>
          <span className="stat-label">XP</span>
        </div>
        <div className="stat">
          <span className="stat-value" data-testid="streak">
            {progress.streak_days ?? 0}
          </span>
          <span className="stat-label">day streak</span>
        </div>
      </section>
      <section aria-labelledby="ratings-h">
        <h2 id="ratings-h">Levels by subject</h2>
        <ul className="grid">
          {(progress.ratings ?? []).map((r) => (
            <RatingCard key={r.subject} r={r} />
          ))}
        </ul>
      </section>
      <ReviewList reviews={progress.reviews ?? []} />
      <section aria-labelledby="goals-h">
        <h2 id="goals-h">Goals</h2>
        {goals.length === 0 ? (
          <Empty>No goals yet.</Empty>
        ) : (
          <ul className="goals">
            {goals.map((g) => (
              <GoalBar key={g.id} goal={g} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
