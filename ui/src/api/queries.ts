import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { FlagRecord, Goal, OverrideRecord, PracticeRecord, Progress, SessionSummary } from "./types";

/** Progress with the open-ended lists typed as the backend sends them. */
export interface StudentProgress extends Omit<Progress, "goals" | "overrides" | "flags" | "recent_practice"> {
  goals: Goal[];
  overrides: OverrideRecord[];
  flags: FlagRecord[];
  recent_practice: PracticeRecord[];
}

export function useProgress(studentId: string | undefined) {
  return useQuery({
    queryKey: ["student", studentId, "progress"],
    enabled: !!studentId,
    queryFn: async () =>
      // The contract leaves these lists as bare objects; the shapes above are what the backend sends.
      (await unwrap(
        api.GET("/progress/{student_id}", { params: { path: { student_id: studentId! } } }),
      )) as unknown as StudentProgress,
  });
}

export function useTutorDashboard(enabled = true) {
  return useQuery({
    queryKey: ["dashboard", "tutor"],
    enabled,
    // Read from projections (about a second behind); a slow poll keeps at-risk flags current.
    refetchInterval: 60_000,
    queryFn: () => unwrap(api.GET("/dashboard/tutor", {})),
  });
}

export function useParentDashboard(enabled = true) {
  return useQuery({
    queryKey: ["dashboard", "parent"],
    enabled,
    queryFn: () => unwrap(api.GET("/dashboard/parent", {})),
  });
}

export function useThreads() {
  return useQuery({
    queryKey: ["threads"],
    queryFn: () => unwrap(api.GET("/threads")),
    refetchInterval: 30_000,
  });
}

export function useThread(threadId: string | undefined) {
  return useQuery({
    queryKey: ["threads", threadId],
    enabled: !!threadId,
    queryFn: () => unwrap(api.GET("/threads/{thread_id}", { params: { path: { thread_id: threadId! } } })),
    refetchInterval: 10_000,
  });
}

/** True while a summary is still being written: its page polls until it is ready or failed. */
export function isWriting(s: SessionSummary): boolean {
  return s.status === "pending" || s.status === "generating";
}

/**
 * A student's session summaries, newest first. Under the student's key, so the stream's `summary`
 * event (and every other change) refetches it; while one is still being written it polls, because
 * the read model is written a moment after the summary is ready.
 */
export function useSummaries(studentId: string | undefined) {
  return useQuery({
    queryKey: ["student", studentId, "summaries"],
    enabled: !!studentId,
    queryFn: () => unwrap(api.GET("/summaries/{student_id}", { params: { path: { student_id: studentId! } } })),
    refetchInterval: (query) => (query.state.data?.some(isWriting) ? 2000 : false),
  });
}

/** The signed-in student's in-app nudges, newest first; a slow poll keeps the unread count current. */
export function useNudges(enabled = true) {
  return useQuery({
    queryKey: ["nudges"],
    enabled,
    queryFn: () => unwrap(api.GET("/nudges")),
    refetchInterval: 60_000,
  });
}

/** Whether the student gets nudge e-mails; `studentId` is left out when the student asks for themself. */
export function useNudgeEmail(studentId?: string) {
  return useQuery({
    queryKey: ["nudges", "email", studentId ?? "me"],
    queryFn: () =>
      unwrap(api.GET("/nudges/email", { params: { query: studentId ? { student_id: studentId } : {} } })),
  });
}
