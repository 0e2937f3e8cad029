import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { createParser } from "eventsource-parser";
import { notifyExpired, session } from "./client";

export type StreamStatus = "connecting" | "live" | "reconnecting";

/**
 * Follows GET /progress/{id}/stream. EventSource cannot send the Authorization header the backend
 * requires, so this reads the stream with fetch and parses it with eventsource-parser. Every change
 * event refetches the student's queries; a dropped stream reconnects with a growing pause.
 */
export function useStudentStream(studentId: string | undefined, onEvent?: (kind: string) => void): StreamStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>("connecting");

  useEffect(() => {
    if (!studentId) return;
    const abort = new AbortController();
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const connect = async () => {
      try {
        const response = await fetch(`/progress/${encodeURIComponent(studentId)}/stream`, {
          headers: { Authorization: `Bearer ${session.token() ?? ""}`, Accept: "text/event-stream" },
          signal: abort.signal,
        });
        if (response.status === 401) return notifyExpired();
        if (!response.ok || !response.body) throw new Error(`stream ${response.status}`);
        setStatus("live");
        attempt = 0;
        const parser = createParser({
          onEvent(event) {
            const kind = event.event ?? "change";
            void queryClient.invalidateQueries({ queryKey: ["student", studentId] });
            void queryClient.invalidateQueries({ queryKey: ["dashboard"] });
            onEvent?.(kind);
          },
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
        throw new Error("stream ended");
      } catch {
        if (abort.signal.aborted) return;
        setStatus("reconnecting");
        attempt += 1;
        timer = setTimeout(connect, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)));
      }
    };
    void connect();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
    // onEvent is a notification only; a new closure must not reopen the stream
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [studentId, queryClient]);

  return status;
}
