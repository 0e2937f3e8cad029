import type { paths } from "./schema";
import type { Schemas } from "./client";

type Json<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { "application/json": infer T } } };
}
  ? T
  : never;

export type Assignment = Json<"/practice/assign", "get", 200>;
export type Verdict = Json<"/practice/complete", "post", 200>;
export type Progress = Json<"/progress/{student_id}", "get", 200>;
export type Rating = NonNullable<Progress["ratings"]>[number];
export type Subject = Json<"/subjects", "get", 200>[number];
export type QaAnswer = Json<"/qa/query", "post", 200>;
export type ConfidenceLabel = NonNullable<NonNullable<QaAnswer["confidence"]>["label"]>;
export type TutorDashboard = Json<"/dashboard/tutor", "get", 200>;
export type ParentDashboard = Json<"/dashboard/parent", "get", 200>;
export type AdminAnalytics = Json<"/admin/analytics", "get", 200>;
export type StudentCard = Schemas["StudentCard"];
export type Goal = Schemas["Goal"];
export type Thread = Schemas["Thread"];
export type Message = Schemas["Message"];
export type OverrideAnalytics = Schemas["OverrideAnalytics"];
export type SubjectId = "math" | "chemistry" | "physics" | "biology" | "english";
export type OverrideKind = "rating" | "difficulty" | "assignment" | "goal_progress";

/** Fields the contract leaves open (`type: object`) that the pages read. */
export interface OverrideRecord {
  override_id: string;
  kind: OverrideKind;
  subject: string | null;
  before: string | null;
  after: string | null;
  reason: string;
  at: string;
}
export interface FlagRecord {
  interaction_id: string;
  question: string;
  subject: string | null;
  confidence: number;
  label: ConfidenceLabel;
  escalation_required: boolean;
  thread_id: string | null;
  at: string;
}
export interface PracticeRecord {
  assignment_id: string;
  subject: string;
  topic: string;
  correct: boolean;
  given_up: boolean;
  at: string;
}

export const SUBJECTS: { id: SubjectId; name: string }[] = [
  { id: "math", name: "Math" },
  { id: "chemistry", name: "Chemistry" },
  { id: "physics", name: "Physics" },
  { id: "biology", name: "Biology" },
  { id: "english", name: "English" },
];

export function subjectName(id: string | null | undefined): string {
  return SUBJECTS.find((s) => s.id === id)?.name ?? id ?? "General";
}

export type SessionSummary = Schemas["SessionSummary"];
export type SummaryStatus = NonNullable<SessionSummary["status"]>;
export type Nudge = Schemas["Nudge"];
export type NudgeEmailPreference = Schemas["NudgeEmailPreference"];
