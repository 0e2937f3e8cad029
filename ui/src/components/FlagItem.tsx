import { useId, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type { Assignment } from "../api/types";
import { ErrorNote } from "./Status";

type Source = NonNullable<Assignment["source"]>;

const SOURCES: Record<Source, string> = {
  tutor: "Chosen for you by your tutor",
  review: "A question to review: it comes back because it was hard last time",
  topics: "About a topic from your recent tutoring session",
  math: "A fresh math problem made for your level",
  bank: "From the question bank, near your level",
  ai: "A new question written for you (generated, not yet checked by a tutor)",
};

/** Why this question was asked, in words; nothing for a source the app does not know. */
export function sourceText(source: string | null | undefined): string | null {
  return source && source in SOURCES ? SOURCES[source as Source] : null;
}

/**
 * Every stored item can be reported: bank items (whatever the source that chose them) and generated
 * ones. A fresh CAS problem ("math:…" id) is made on the spot, not stored: there is nothing to take out
 * of service (the API says 404), so it has no report button.
 */
export function canFlag(a: Pick<Assignment, "question"> | null | undefined): boolean {
  const id = a?.question?.id;
  return !!id && !id.startsWith("math:");
}

/** "Report a problem with this question": the reason goes to tutors, and the item stops being served. */
export function FlagItem({ itemId }: { itemId: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const flag = useMutation({
    mutationFn: () => unwrap(api.POST("/items/{id}/flag", { params: { path: { id: itemId } }, body: { reason: reason.trim() } })),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) flag.mutate();
  };
  if (flag.isSuccess) {
    return (
      <p className="note note-success" role="status" data-testid="flag-done">
        Thank you. A tutor will check this question; you will not get it again until then.
      </p>
    );
  }
  return (
    <div className="flag">
      {!open ? (
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setOpen(true)} aria-expanded={false}>
          Report a problem with this question
        </button>
      ) : (
        <form onSubmit={submit} className="stack" aria-labelledby={`${id}-h`}>
          <h3 id={`${id}-h`}>Report a problem with this question</h3>
          <div className="field">
            <label htmlFor={`${id}-reason`}>What is wrong with it?</label>
            <textarea
              id={`${id}-reason`}
              rows={2}
              maxLength={1000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="e.g. the answer marked correct is wrong"
              required
              autoFocus
            />
          </div>
          <div className="actions">
            <button type="submit" className="btn btn-small" disabled={!reason.trim() || flag.isPending}>
              Send report
            </button>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
          <div aria-live="polite">{flag.error != null && <ErrorNote error={flag.error} />}</div>
        </form>
      )}
    </div>
  );
}
