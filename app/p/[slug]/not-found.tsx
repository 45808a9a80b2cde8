import { NotFoundPanel } from "@/components/not-found-panel";

// An object inside a project the user can see (an unknown audit id): rendered inside the
// project's shell, so the navigation stays.
export default function ProjectNotFound() {
  return <div className="py-6"><NotFoundPanel /></div>;
}
