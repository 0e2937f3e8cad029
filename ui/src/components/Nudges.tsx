import { useEffect, useId, useRef, type MouseEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { useNudgeEmail } from "../api/queries";
import type { Nudge, NudgeEmailPreference } from "../api/types";
import { Empty, ErrorNote, Loading } from "./Status";

const KIND: Record<NonNullable<Nudge["kind"]>, string> = {
  inactivity: "Time to practise",
  goal_completed: "Goal reached",
  cross_subject: "Try a related subject",
};

export function unreadNudges(nudges: Nudge[] | undefined): number {
  return (nudges ?? []).filter((n) => !n.opened_at).length;
}

const at = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : null;

/**
 * The inbox, newest first. Every nudge not yet opened is reported once through `onShown` when the
 * list shows it (the backend counts the first open); `onFollow` takes the student to its page.
 */
export function NudgeList({
  nudges,
  onShown,
  onFollow,
}: {
  nudges: Nudge[];
  onShown: (id: string) => void;
  onFollow: (nudge: Nudge) => void;
}) {
  const reported = useRef(new Set<string>());
  useEffect(() => {
    for (const n of nudges) {
      if (n.id && !n.opened_at && !reported.current.has(n.id)) {
        reported.current.add(n.id);
        onShown(n.id);
      }
    }
  }, [nudges, onShown]);

  if (nudges.length === 0) return <Empty>No reminders yet. Nudges about your goals and practice will appear here.</Empty>;
  const sorted = [...nudges].sort((a, b) => (b.created_at ?? "").localeCompare(a.created_at ?? ""));
  const follow = (e: MouseEvent<HTMLAnchorElement>, n: Nudge) => {
    // A plain click stays in the app; a new-tab click keeps the browser's own behaviour.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    onFollow(n);
  };
  return (
    <ul className="list" data-testid="nudge-list">
      {sorted.map((n) => (
        <li key={n.id} className="list-item nudge" data-testid="nudge" data-kind={n.kind} data-opened={!!n.opened_at}>
          <strong>{n.kind ? KIND[n.kind] : "Reminder"}</strong>
          {!n.opened_at && <span className="badge badge-unread">New</span>}
          <span className="nudge-message">{n.message}</span>
          <span className="muted small">
            {at(n.created_at)}
            {n.clicked_at && ` · followed ${at(n.clicked_at)}`}
          </span>
          {n.link && (
            <a href={n.link} onClick={(e) => follow(e, n)}>
              Go there<span className="sr-only">: {n.message}</span>
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * The nudge e-mail switch. Without `studentId` it is the signed-in student's own; a parent passes
 * the child's id. Turning it off stops e-mails only: in-app reminders stay.
 */
export function NudgeEmailToggle({ studentId, label }: { studentId?: string; label: string }) {
  const queryClient = useQueryClient();
  const key = ["nudges", "email", studentId ?? "me"];
  const pref = useNudgeEmail(studentId);
  const id = useId();
  const save = useMutation({
    mutationFn: (enabled: boolean) =>
      unwrap(api.PUT("/nudges/email", { body: studentId ? { student_id: studentId, enabled } : { enabled } })),
    onSuccess: (saved: NudgeEmailPreference) => queryClient.setQueryData(key, saved),
  });
  const enabled = save.isPending ? save.variables : pref.data?.enabled;
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Reminder e-mails</h2>
      {pref.isPending && <Loading />}
      {pref.error && <ErrorNote error={pref.error} retry={() => void pref.refetch()} />}
      {pref.data && (
        <label className="check" htmlFor={id}>
          <input
            id={id}
            type="checkbox"
            checked={!!enabled}
            disabled={save.isPending}
            onChange={(e) => save.mutate(e.target.checked)}
            data-testid="nudge-email"
          />{" "}
          {label}
        </label>
      )}
      <div aria-live="polite">
        {save.isSuccess && !save.isPending && (
          <p className="note note-success small" data-testid="nudge-email-saved">
            {save.data.enabled ? "Reminder e-mails are on." : "Reminder e-mails are off. Reminders still show in the app."}
          </p>
        )}
        {save.error && <ErrorNote error={save.error} />}
      </div>
    </section>
  );
}
