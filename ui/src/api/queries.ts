import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { FlagRecord, Goal, OverrideRecord, PracticeRecord, Progress } from "./types";

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
