import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from "react";
import { Navigate, NavLink, Outlet, Route, Routes, useLocation } from "react-router-dom";
import type { Role } from "./api/client";
import { useAuth } from "./auth";
import { AskPage } from "./pages/Ask";
import { ParentHome, TutorHome } from "./pages/Dashboards";
import { ItemsPage } from "./pages/Items";
import { ItemReviewPage } from "./pages/ItemReview";
import { PracticePage } from "./pages/Practice";
import { SignIn } from "./pages/SignIn";
import { StudentDetail } from "./pages/StudentDetail";
import { NudgesPage, StudentHome, SummariesPage } from "./pages/StudentHome";
import { ThreadPage, ThreadsPage } from "./pages/Threads";
import { Loading } from "./components/Status";
import { unreadNudges } from "./components/Nudges";
import { useNudges } from "./api/queries";

// The charts library is only for tutors' and admins' analytics: loaded when first shown.
const AnalyticsPage = lazy(() => import("./pages/Admin").then((m) => ({ default: m.AnalyticsPage })));
const UsersPage = lazy(() => import("./pages/Admin").then((m) => ({ default: m.UsersPage })));

const NAV: Record<Role, { to: string; label: string }[]> = {
  student: [
    { to: "/home", label: "Home" },
    { to: "/practice", label: "Practice" },
    { to: "/ask", label: "Ask" },
    { to: "/threads", label: "Messages" },
    { to: "/summaries", label: "Summaries" },
    { to: "/nudges", label: "Reminders" },
  ],
  tutor: [
    { to: "/tutor", label: "Students" },
    { to: "/threads", label: "Messages" },
    { to: "/items", label: "Add question" },
    { to: "/review", label: "Items to review" },
    { to: "/analytics", label: "Overrides" },
  ],
  parent: [{ to: "/parent", label: "Children" }],
  admin: [
    { to: "/analytics", label: "Analytics" },
    { to: "/users", label: "Users" },
    { to: "/items", label: "Add question" },
    { to: "/review", label: "Items to review" },
    { to: "/threads", label: "Messages" },
  ],
};

const HOME: Record<Role, string> = { student: "/home", tutor: "/tutor", parent: "/parent", admin: "/analytics" };

/** The student's unread reminders, next to the Reminders link (nothing when there are none). */
function UnreadNudges() {
  const count = unreadNudges(useNudges().data);
  if (count === 0) return null;
  return (
    <span className="badge badge-unread nav-count" data-testid="nudges-unread">
      {count}
      <span className="sr-only"> unread</span>
    </span>
  );
}

function Layout() {
  const { user, logOut } = useAuth();
  const [signingOut, setSigningOut] = useState(false);
  const role = user?.role ?? "student";
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // A new page: name it in the title and, unless the page put focus somewhere itself, move focus to
  // the content so keyboard and screen-reader users start there.
  useEffect(() => {
    const page = NAV[role].find((n) => pathname.startsWith(n.to));
    document.title = page ? `${page.label} · ElevareAI` : "ElevareAI";
    if (first.current) {
      first.current = false;
      return;
    }
    if (!main.current?.contains(document.activeElement)) main.current?.focus();
  }, [pathname, role]);

  return (
    <>
      <a href="#main" className="skip">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand">
          Elevare<span>AI</span>
        </NavLink>
        <nav aria-label="Main">
          <ul>
            {NAV[role].map((n) => (
              <li key={n.to}>
                <NavLink to={n.to}>
                  {n.label}
                  {n.to === "/nudges" && <UnreadNudges />}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span className="small">
            {user?.name} <span className="muted">({role})</span>
          </span>
          <button type="button" className="btn btn-small btn-secondary" disabled={signingOut}
            onClick={() => {
              setSigningOut(true);
              void logOut();
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}

/** Signed in with one of the roles, or sent to sign in; the wrong role sees a refusal, not the page. */
function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (!user) return <Navigate to="/signin" state={{ from: location.pathname }} replace />;
  if (!roles.includes(user.role ?? "student")) {
    return (
      <div className="note note-error" role="alert" data-testid="refused">
        <h1>Not available</h1>
        <p>This page is not available for your account.</p>
      </div>
    );
  }
  return <>{children}</>;
}

function Home() {
  const { user } = useAuth();
  if (!user) return <Navigate to="/signin" replace />;
  return <Navigate to={HOME[user.role ?? "student"]} replace />;
}

const only = (roles: Role[], page: ReactNode) => <RequireRole roles={roles}>{page}</RequireRole>;

export function App() {
  const { user } = useAuth();
  return (
    <Routes>
      <Route path="/signin" element={<SignIn />} />
      <Route element={user ? <Layout /> : <Navigate to="/signin" replace />}>
        <Route index element={<Home />} />
        <Route path="home" element={only(["student"], <StudentHome />)} />
        <Route path="practice" element={only(["student"], <PracticePage />)} />
        <Route path="ask" element={only(["student"], <AskPage />)} />
        <Route path="summaries" element={only(["student"], <SummariesPage />)} />
        <Route path="nudges" element={only(["student"], <NudgesPage />)} />
        {/* A goal nudge links to /app/goals: the goals are on the student's home page. */}
        <Route path="goals" element={only(["student"], <Navigate to="/home" replace />)} />
        <Route path="threads" element={only(["student", "tutor", "admin"], <ThreadsPage />)} />
        <Route path="threads/:threadId" element={only(["student", "tutor", "admin"], <ThreadPage />)} />
        <Route path="tutor" element={only(["tutor"], <TutorHome />)} />
        <Route path="tutor/students/:studentId" element={only(["tutor", "admin"], <StudentDetail controls />)} />
        <Route path="parent" element={only(["parent"], <ParentHome />)} />
        <Route path="children/:studentId" element={only(["parent", "admin"], <StudentDetail controls={false} />)} />
        <Route path="items" element={only(["tutor", "admin"], <ItemsPage />)} />
        <Route path="review" element={only(["tutor", "admin"], <ItemReviewPage />)} />
        <Route path="analytics" element={only(["tutor", "admin"], <AnalyticsPage />)} />
        <Route path="users" element={only(["admin"], <UsersPage />)} />
        <Route path="*" element={<p className="empty">There is no page here.</p>} />
      </Route>
    </Routes>
  );
}
