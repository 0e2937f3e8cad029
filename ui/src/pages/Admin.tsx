import { useId, useState, type FormEvent, type ReactNode } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { api, unwrap, type Role } from "../api/client";
import { subjectName } from "../api/types";
import { useUser } from "../auth";
import { ErrorNote, Loading } from "../components/Status";
import { ChangeUserForm, LinkFields, NO_LINK, RemoveLinkForm, type Link } from "../components/UserAdmin";

const BLUE = "#1d4ed8";
const COLORS = { high: "#166534", medium: "#a16207", low: "#b91c1c" };

function Chart({ title, summary, children }: { title: string; summary: string; children: ReactNode }) {
  return (
    <figure className="card chart" data-testid="chart">
      <figcaption>
        <h2>{title}</h2>
      </figcaption>
      {/* The drawing is for the eye; screen readers get the same figures as one sentence. */}
      <p className="sr-only">{summary}</p>
      <div aria-hidden="true" style={{ width: "100%", height: 240 }}>
        <ResponsiveContainer>{children as React.ReactElement}</ResponsiveContainer>
      </div>
    </figure>
  );
}

function useDays() {
  const [days, setDays] = useState(28);
  const id = useId();
  const picker = (
    <label htmlFor={id}>
      Period{" "}
      <select id={id} value={days} onChange={(e) => setDays(Number(e.target.value))}>
        <option value={7}>last 7 days</option>
        <option value={28}>last 28 days</option>
        <option value={90}>last 90 days</option>
      </select>
    </label>
  );
  return { days, picker };
}

export function AnalyticsPage() {
  const user = useUser();
  const admin = user.role === "admin";
  const { days, picker } = useDays();
  const platform = useQuery({
    queryKey: ["analytics", "admin", days],
    enabled: admin,
    queryFn: () => unwrap(api.GET("/admin/analytics", { params: { query: { days } } })),
  });
  const overridesQ = useQuery({
    queryKey: ["analytics", "overrides", days],
    enabled: !admin,
    queryFn: () => unwrap(api.GET("/overrides/analytics", { params: { query: { days } } })),
  });
  const overrides = admin ? platform.data?.overrides : overridesQ.data;
  const q = admin ? platform : overridesQ;
  const a = platform.data;
  const qa = a?.qa;
  const confidence = qa
    ? (["high", "medium", "low"] as const).map((k) => ({ name: k, value: qa[k] ?? 0 }))
    : [];

  return (
    <div className="stack">
      <div className="page-head">
        <h1>{admin ? "Platform analytics" : "Your overrides"}</h1>
        {picker}
      </div>
      {q.isPending && <Loading />}
      {q.error && <ErrorNote error={q.error} retry={() => void q.refetch()} />}
      {a && (
        <section className="stats">
          <div className="stat">
            <span className="stat-value">{a.active_students?.total ?? 0}</span>
            <span className="stat-label">active students</span>
          </div>
          <div className="stat">
            <span className="stat-value">{a.practice?.answers ?? 0}</span>
            <span className="stat-label">answers</span>
          </div>
          <div className="stat">
            <span className="stat-value">{Math.round((a.practice?.accuracy ?? 0) * 100)}%</span>
            <span className="stat-label">correct</span>
          </div>
          <div className="stat">
            <span className="stat-value">{qa?.interactions ?? 0}</span>
            <span className="stat-label">questions asked</span>
          </div>
          <div className="stat">
            <span className="stat-value">{a.goals_completed ?? 0}</span>
            <span className="stat-label">goals completed</span>
          </div>
        </section>
      )}
      <div className="two-col">
        {a && (
          <Chart title="Active students per day" summary={`${a.active_students?.total ?? 0} students active in the period`}>
            <LineChart data={a.active_students?.by_day ?? []}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Line isAnimationActive={false} type="monotone" dataKey="students" stroke={BLUE} strokeWidth={2} dot={false} name="students" />
            </LineChart>
          </Chart>
        )}
        {a && (
          <Chart
            title="Accuracy by subject"
            summary={(a.practice?.by_subject ?? []).map((s) => `${subjectName(s.subject)} ${Math.round((s.accuracy ?? 0) * 100)}%`).join(", ") || "no answers yet"}
          >
            <BarChart data={(a.practice?.by_subject ?? []).map((s) => ({ ...s, name: subjectName(s.subject), pct: Math.round((s.accuracy ?? 0) * 100) }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" />
              <YAxis unit="%" domain={[0, 100]} />
              <Tooltip />
              <Bar isAnimationActive={false} dataKey="pct" fill={BLUE} name="correct %" />
            </BarChart>
          </Chart>
        )}
        {a && (
          <Chart title="Q&A confidence" summary={confidence.map((c) => `${c.name} ${c.value}`).join(", ")}>
            <PieChart>
              <Pie isAnimationActive={false} rootTabIndex={-1} data={confidence.filter((c) => c.value > 0)} dataKey="value" nameKey="name" outerRadius={70} label={({ name, value }) => `${name}: ${value}`}>
                {confidence.filter((c) => c.value > 0).map((c) => (
                  <Cell key={c.name} fill={COLORS[c.name]} />
                ))}
              </Pie>
              <Legend />
              <Tooltip />
            </PieChart>
          </Chart>
        )}
        {overrides && (
          <Chart title="Overrides by kind" summary={(overrides.by_kind ?? []).map((k) => `${k.key} ${k.count}`).join(", ") || "no overrides"}>
            <BarChart data={overrides.by_kind ?? []}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="key" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Bar isAnimationActive={false} dataKey="count" fill="#7c3aed" name="overrides" />
            </BarChart>
          </Chart>
        )}
        {overrides && (
          <Chart title="Overrides by tutor" summary={(overrides.by_tutor ?? []).map((k) => `${k.name ?? k.id} ${k.count}`).join(", ") || "no overrides"}>
            <BarChart data={(overrides.by_tutor ?? []).map((t) => ({ ...t, name: t.name ?? t.id }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Bar isAnimationActive={false} dataKey="count" fill="#0f766e" name="overrides" />
            </BarChart>
          </Chart>
        )}
        {overrides && (
          <Chart title="Overrides per day" summary={`${overrides.total ?? 0} overrides in the period`}>
            <BarChart data={overrides.by_day ?? []}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Bar isAnimationActive={false} dataKey="count" fill="#7c3aed" name="overrides" />
            </BarChart>
          </Chart>
        )}
      </div>
    </div>
  );
}

const ROLES: Role[] = ["student", "tutor", "parent", "admin"];

export function UsersPage() {
  const id = useId();
  const [u, setU] = useState({ email: "", name: "", role: "student" as Role, password: "" });
  const [l, setL] = useState<Link>(NO_LINK);
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/admin/users", { body: { email: u.email.trim(), name: u.name.trim(), role: u.role, ...(u.password ? { password: u.password } : {}) } })),
  });
  const link = useMutation({
    mutationFn: () => unwrap(api.POST("/admin/links", { body: { kind: l.kind, from_user_id: l.from_user_id.trim(), student_id: l.student_id.trim() } })),
  });
  const submitUser = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const submitLink = (e: FormEvent) => {
    e.preventDefault();
    link.mutate();
  };
  return (
    <div className="stack">
      <h1>Users and links</h1>
      <form className="card form-grid" onSubmit={submitUser} aria-labelledby={`${id}-uh`}>
        <h2 id={`${id}-uh`} className="field-wide">
          Create a user
        </h2>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input id={`${id}-email`} type="email" value={u.email} onChange={(e) => setU({ ...u, email: e.target.value })} required />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} value={u.name} onChange={(e) => setU({ ...u, name: e.target.value })} required />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={u.role} onChange={(e) => setU({ ...u, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-pw`}>Password (at least 10 characters, optional)</label>
          <input id={`${id}-pw`} type="password" autoComplete="new-password" value={u.password} onChange={(e) => setU({ ...u, password: e.target.value })} />
        </div>
        <div className="field-wide">
          <button className="btn" type="submit" disabled={create.isPending}>
            Create user
          </button>
        </div>
        <div className="field-wide" aria-live="polite">
          {create.data && (
            <p className="note note-success">
              Created {create.data.email}: id <code>{create.data.id}</code>
            </p>
          )}
          {create.error && <ErrorNote error={create.error} />}
        </div>
      </form>
      <form className="card form-grid" onSubmit={submitLink} aria-labelledby={`${id}-lh`}>
        <h2 id={`${id}-lh`} className="field-wide">
          Link a tutor or parent to a student
        </h2>
        <LinkFields link={l} onChange={setL} kindLabel="Link as" />
        <div className="field-wide">
          <button className="btn" type="submit" disabled={link.isPending}>
            Link
          </button>
        </div>
        <div className="field-wide" aria-live="polite">
          {link.isSuccess && <p className="note note-success">Linked.</p>}
          {link.error && <ErrorNote error={link.error} />}
        </div>
      </form>
      <ChangeUserForm />
      <RemoveLinkForm />
    </div>
  );
}
