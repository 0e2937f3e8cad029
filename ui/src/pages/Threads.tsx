import { useEffect, useId, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { useThread, useThreads } from "../api/queries";
import { subjectName, type Message, type Thread } from "../api/types";
import { useUser } from "../auth";
import { Empty, ErrorNote, Loading } from "../components/Status";

/**
 * Unread = messages from others newer than the last time this browser showed the thread. The API
 * has no read receipts yet, so the mark lives in local storage per user.
 */
const seenKey = (userId: string) => `elevare.seen.${userId}`;
function seenMap(userId: string): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(seenKey(userId)) ?? "{}") as Record<string, string>;
  } catch {
    return {};
  }
}
function markSeen(userId: string, threadId: string, at: string) {
  localStorage.setItem(seenKey(userId), JSON.stringify({ ...seenMap(userId), [threadId]: at }));
}
export function unreadCount(messages: Message[], userId: string, seenAt: string | undefined): number {
  return messages.filter((m) => m.author_id !== userId && (!seenAt || (m.created_at ?? "") > seenAt)).length;
}

const MAX_COUNTED = 20;
type ThreadData = { thread?: Thread; messages?: Message[] };

export function ThreadsPage() {
  const user = useUser();
  const threads = useThreads();
  const list = threads.data ?? [];
  const details = useQueries({
    queries: list.slice(0, MAX_COUNTED).map((t) => ({
      queryKey: ["threads", t.id],
      queryFn: () => unwrap(api.GET("/threads/{thread_id}", { params: { path: { thread_id: t.id! } } })),
      staleTime: 30_000,
    })),
  });
  const seen = seenMap(user.id!);

  return (
    <div className="stack">
      <h1>Messages</h1>
      {threads.isPending && <Loading />}
      {threads.error && <ErrorNote error={threads.error} retry={() => void threads.refetch()} />}
      {threads.data && list.length === 0 && <Empty>No conversations yet. Questions you send to your tutor appear here.</Empty>}
      <ul className="list">
        {list.map((t, i) => {
          const messages = details[i]?.data?.messages;
          const unread = messages ? unreadCount(messages, user.id!, seen[t.id!]) : 0;
          return (
            <li key={t.id} className="list-item">
              <Link to={`/threads/${t.id}`} data-testid="thread-link">
                {t.title}
              </Link>
              <span className="muted small">
                {t.kind === "override" ? "Tutor change" : "Question"} · {subjectName(t.subject)} ·{" "}
                {new Date(t.created_at ?? "").toLocaleString()}
              </span>
              {unread > 0 && (
                <span className="badge badge-unread" data-testid="unread">
                  {unread} unread
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function ThreadPage() {
  const { threadId } = useParams();
  const user = useUser();
  const queryClient = useQueryClient();
  const thread = useThread(threadId);
  const [body, setBody] = useState("");
  const bodyId = useId();
  const messages = thread.data?.messages ?? [];
  const last = messages[messages.length - 1]?.created_at;

  useEffect(() => {
    if (threadId && last) markSeen(user.id!, threadId, last);
  }, [threadId, last, user.id]);

  const send = useMutation({
    mutationFn: (text: string) =>
      unwrap(api.POST("/threads/{thread_id}/messages", { params: { path: { thread_id: threadId! } }, body: { body: text } })),
    // The message shows at once; a refusal takes it back and keeps the text in the box.
    onMutate: async (text: string) => {
      const key = ["threads", threadId];
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<ThreadData>(key);
      if (before) {
        const pending: Message = { id: `pending-${Date.now()}`, thread_id: threadId, author_id: user.id, body: text, created_at: new Date().toISOString() };
        queryClient.setQueryData<ThreadData>(key, { ...before, messages: [...(before.messages ?? []), pending] });
      }
      setBody("");
      return { before, text };
    },
    onError: (_e, _text, ctx) => {
      if (ctx?.before) queryClient.setQueryData(["threads", threadId], ctx.before);
      if (ctx) setBody(ctx.text);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["threads", threadId] }),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body.trim()) send.mutate(body.trim());
  };

  return (
    <div className="stack">
      <p>
        <Link to="/threads">← All messages</Link>
      </p>
      {thread.isPending && <Loading />}
      {thread.error && <ErrorNote error={thread.error} />}
      {thread.data && (
        <>
          <h1>{thread.data.thread?.title}</h1>
          <ol className="messages" aria-label="Messages">
            {messages.map((m) => (
              <li key={m.id} className={`bubble ${m.author_id === user.id ? "bubble-me" : "bubble-them"}`} data-testid="message">
                <span className="sr-only">{m.author_id === user.id ? "You" : "Them"}: </span>
                <span className="pre">{m.body}</span>
                <span className="muted small msg-time">{new Date(m.created_at ?? "").toLocaleString()}</span>
              </li>
            ))}
          </ol>
          {send.error && <ErrorNote error={send.error} />}
          <form onSubmit={submit} className="card stack">
            <div className="field">
              <label htmlFor={bodyId}>Reply</label>
              <textarea id={bodyId} rows={3} maxLength={8000} value={body} onChange={(e) => setBody(e.target.value)} />
            </div>
            <div>
              <button type="submit" className="btn" disabled={!body.trim() || send.isPending}>
                Send
              </button>
            </div>
          </form>
        </>
      )}
    </div>
  );
}
