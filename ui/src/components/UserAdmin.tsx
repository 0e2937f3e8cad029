import { useId, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { api, unwrap, type Role } from "../api/client";
import { ErrorNote } from "./Status";

const ROLES: Role[] = ["student", "tutor", "parent", "admin"];
type Access = "" | "disable" | "enable";

/** PATCH /admin/users/{id}: a new role and/or disabling or re-enabling; the server refuses an admin changing themself. */
export function ChangeUserForm() {
  const id = useId();
  const [userId, setUserId] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const [access, setAccess] = useState<Access>("");
  const change = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/admin/users/{user_id}", {
          params: { path: { user_id: userId.trim() } },
          body: { ...(role ? { role } : {}), ...(access ? { disabled: access === "disable" } : {}) },
        }),
      ),
  });
  const nothing = !role && !access;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!nothing) change.mutate();
  };
  const done = change.data;
  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="field-wide">
        Change a user
      </h2>
      <div className="field field-wide">
        <label htmlFor={`${id}-user`}>User id</label>
        <input id={`${id}-user`} value={userId} onChange={(e) => setUserId(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>New role</label>
        <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role | "")}>
          <option value="">Keep the role</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-access`}>Sign-in</label>
        <select id={`${id}-access`} value={access} onChange={(e) => setAccess(e.target.value as Access)}>
          <option value="">Keep as it is</option>
          <option value="disable">Disable (signs them out everywhere)</option>
          <option value="enable">Enable again</option>
        </select>
      </div>
      <div className="field-wide">
        <button className="btn" type="submit" disabled={nothing || change.isPending}>
          Save changes
        </button>
      </div>
      <div className="field-wide" aria-live="polite">
        {done && (
          <p className="note note-success" data-testid="user-changed">
            {done.email} is now a {done.role}, {done.disabled ? "disabled" : "able to sign in"}.
          </p>
        )}
        {change.error != null && <ErrorNote error={change.error} />}
      </div>
    </form>
  );
}

export interface Link {
  kind: "tutor" | "parent";
  from_user_id: string;
  student_id: string;
}
export const NO_LINK: Link = { kind: "tutor", from_user_id: "", student_id: "" };

/** The three fields naming a link, for linking and for removing one. */
export function LinkFields({ link: l, onChange, kindLabel }: { link: Link; onChange: (l: Link) => void; kindLabel: string }) {
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{kindLabel}</label>
        <select id={`${id}-kind`} value={l.kind} onChange={(e) => onChange({ ...l, kind: e.target.value as Link["kind"] })}>
          <option value="tutor">tutor</option>
          <option value="parent">parent</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>Tutor or parent user id</label>
        <input id={`${id}-from`} value={l.from_user_id} onChange={(e) => onChange({ ...l, from_user_id: e.target.value })} required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-student`}>Student user id</label>
        <input id={`${id}-student`} value={l.student_id} onChange={(e) => onChange({ ...l, student_id: e.target.value })} required />
      </div>
    </>
  );
}

/** DELETE /admin/links/{kind}/{from}/{student}: the tutor or parent loses access to the student at once. */
export function RemoveLinkForm() {
  const id = useId();
  const [l, setL] = useState<Link>(NO_LINK);
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE("/admin/links/{kind}/{from_user_id}/{student_id}", {
          params: { path: { kind: l.kind, from_user_id: l.from_user_id.trim(), student_id: l.student_id.trim() } },
        }),
      ),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    remove.mutate();
  };
  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="field-wide">
        Remove a tutor or parent link
      </h2>
      <LinkFields link={l} onChange={setL} kindLabel="Linked as" />
      <div className="field-wide">
        <button className="btn btn-secondary" type="submit" disabled={remove.isPending}>
          Remove link
        </button>
      </div>
      <div className="field-wide" aria-live="polite">
        {remove.isSuccess && (
          <p className="note note-success" data-testid="link-removed">
            Link removed: they no longer see this student.
          </p>
        )}
        {remove.error != null && <ErrorNote error={remove.error} />}
      </div>
    </form>
  );
}
