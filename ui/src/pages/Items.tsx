import { useId, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { api, fieldErrors, unwrap } from "../api/client";
import { SUBJECTS, type SubjectId } from "../api/types";
import { MathPreview } from "../components/MathPreview";
import { ErrorNote } from "../components/Status";

type Format = "number" | "expression" | "choice" | "text" | "roots";
const lines = (s: string) => s.split("\n").map((l) => l.trim()).filter(Boolean);

/** Item authoring: a new bank question; math answers are previewed as the CAS will read them. */
export function ItemsPage() {
  const [f, setF] = useState({
    subject: "math" as SubjectId,
    topic: "",
    prompt: "",
    answer_format: "number" as Format,
    choices: "",
    answers: "",
    hint: "",
    explanation: "",
    seconds: 60,
    difficulty: 3,
  });
  const id = useId();
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((old) => ({ ...old, [k]: v }));
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/items", {
          body: {
            subject: f.subject,
            topic: f.topic.trim(),
            prompt: f.prompt.trim(),
            answer_format: f.answer_format,
            ...(f.answer_format === "choice" ? { choices: lines(f.choices) } : {}),
            answers: lines(f.answers),
            hint: f.hint.trim(),
            explanation: f.explanation.trim(),
            expected_time_ms: f.seconds * 1000,
            difficulty: f.difficulty,
          },
        }),
      ),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const math = f.answer_format === "number" || f.answer_format === "expression";
  // The 400's per-field messages, each next to its input (expected_time_ms is the seconds field).
  const errs = fieldErrors(add.error);
  const invalid = (field: string, help?: string) => {
    const describedBy = [help, errs[field] && `${id}-${field}-err`].filter(Boolean).join(" ");
    return { ...(errs[field] ? { "aria-invalid": true as const } : {}), ...(describedBy ? { "aria-describedby": describedBy } : {}) };
  };
  const fieldError = (field: string) =>
    errs[field] && (
      <p className="field-error" id={`${id}-${field}-err`} data-testid={`error-${field}`}>
        {errs[field]}
      </p>
    );

  return (
    <div className="stack">
      <h1>Add a question</h1>
      <form onSubmit={submit} className="card form-grid">
        <div className="field">
          <label htmlFor={`${id}-subject`}>Subject</label>
          <select id={`${id}-subject`} {...invalid("subject")} value={f.subject} onChange={(e) => set("subject", e.target.value as SubjectId)}>
            {SUBJECTS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          {fieldError("subject")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-topic`}>Topic</label>
          <input id={`${id}-topic`} {...invalid("topic")} value={f.topic} onChange={(e) => set("topic", e.target.value)} required />
          {fieldError("topic")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-format`}>Answer format</label>
          <select id={`${id}-format`} {...invalid("answer_format")} value={f.answer_format} onChange={(e) => set("answer_format", e.target.value as Format)}>
            <option value="number">Number</option>
            <option value="expression">Expression</option>
            <option value="choice">Multiple choice</option>
            <option value="text">Text</option>
            <option value="roots">All solutions (math)</option>
          </select>
          {fieldError("answer_format")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-difficulty`}>Difficulty (1 to 10)</label>
          <input id={`${id}-difficulty`} {...invalid("difficulty")} type="number" min={1} max={10} value={f.difficulty} onChange={(e) => set("difficulty", Number(e.target.value))} />
          {fieldError("difficulty")}
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-prompt`}>Question</label>
          <textarea id={`${id}-prompt`} {...invalid("prompt")} rows={2} value={f.prompt} onChange={(e) => set("prompt", e.target.value)} required />
          {fieldError("prompt")}
        </div>
        {f.answer_format === "choice" && (
          <div className="field field-wide">
            <label htmlFor={`${id}-choices`}>Choices (one per line)</label>
            <textarea id={`${id}-choices`} {...invalid("choices")} rows={4} value={f.choices} onChange={(e) => set("choices", e.target.value)} />
            {fieldError("choices")}
          </div>
        )}
        <div className="field field-wide">
          <label htmlFor={`${id}-answers`}>Accepted answers (one per line)</label>
          {f.answer_format === "roots" && (
            <p className="small muted" id={`${id}-roots-help`}>
              Each line lists every solution, checked as a set: e.g. <code>x = 2, x = -3</code> or <code>{"{2, -3}"}</code>.
            </p>
          )}
          <textarea id={`${id}-answers`} {...invalid("answers", f.answer_format === "roots" ? `${id}-roots-help` : undefined)} rows={2} value={f.answers} onChange={(e) => set("answers", e.target.value)} required />
          {math && lines(f.answers).map((a, i) => <MathPreview key={i} input={a} />)}
          {fieldError("answers")}
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-hint`}>Hint</label>
          <input id={`${id}-hint`} {...invalid("hint")} value={f.hint} onChange={(e) => set("hint", e.target.value)} required />
          {fieldError("hint")}
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-explanation`}>Explanation (shown after answering)</label>
          <textarea id={`${id}-explanation`} {...invalid("explanation")} rows={3} value={f.explanation} onChange={(e) => set("explanation", e.target.value)} required />
          {fieldError("explanation")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-seconds`}>Expected time (seconds)</label>
          <input id={`${id}-seconds`} {...invalid("expected_time_ms")} type="number" min={1} value={f.seconds} onChange={(e) => set("seconds", Number(e.target.value))} />
          {fieldError("expected_time_ms")}
        </div>
        <div className="field-wide">
          <button type="submit" className="btn" disabled={add.isPending}>
            Add to the bank
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {add.data && (
          <p className="note note-success">
            Added. Question id: <code data-testid="item-id">{add.data.id}</code> (use it for a “next assignment” override).
          </p>
        )}
        {add.error && <ErrorNote error={add.error} />}
      </div>
    </div>
  );
}
